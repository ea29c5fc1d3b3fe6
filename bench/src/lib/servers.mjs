import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./server-process.mjs", import.meta.url));

/**
 * Starts the loopback API and storage servers in a child process (see server-process.mjs) and resolves to
 * `{ apiUrl, storageUrl, digest, downloadId, close }`. `close()` stops both and waits for the process to exit.
 * Options: `artifacts` (how many the repository has), `latencyMs` (added to each API request), `downloadBytes`.
 */
export async function startServers(options = {}) {
  const child = fork(SERVER, [JSON.stringify(options)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = once(child, "exit");
  const info = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`bench server exited with code ${code} before it was ready`)));
  });
  let closed = false;
  return {
    ...info,
    async close() {
      if (closed) return;
      closed = true;
      if (child.exitCode === null && child.connected) child.send("close");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Starts servers, runs `fn(servers)`, and always stops them. */
export async function withServers(options, fn) {
  const servers = await startServers(options);
  try {
    return await fn(servers);
  } finally {
    await servers.close();
  }
}
