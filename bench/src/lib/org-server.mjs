import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./org-server-process.mjs", import.meta.url));

/**
 * Starts the loopback organisation (org-server-process.mjs) in a child process, runs `fn({ url, stats })`, and
 * always stops it. `stats()` resolves to the server's counters: `requests`, `ok` (200s), `notModified` (304s).
 * Options: `repositories`, `artifacts` (per repository), `latencyMs` (added to each answer).
 */
export async function withOrgServer(options, fn) {
  const child = fork(SERVER, [JSON.stringify(options)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = once(child, "exit");
  const { url } = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`org server exited with code ${code} before it was ready`)));
  });
  const stats = () =>
    new Promise((resolve) => {
      child.once("message", (message) => resolve(message.stats));
      child.send("stats");
    });
  try {
    return await fn({ url, stats });
  } finally {
    if (child.exitCode === null && child.connected) child.send("close");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
