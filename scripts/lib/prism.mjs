// Starts the pinned Prism CLI as a mock of spec/artifacts.yaml and waits until it listens.
// Used by `pnpm start` and by the contract tests, so both run the mock the same way.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export const SPEC_PATH = path.join(root, "spec", "artifacts.yaml");

/** Asks the OS for a free loopback port. */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function prismBin() {
  const pkgPath = require.resolve("@stoplight/prism-cli/package.json");
  const { bin } = require(pkgPath);
  return path.join(path.dirname(pkgPath), typeof bin === "string" ? bin : bin.prism);
}

/**
 * Starts `prism mock` on loopback from the local spec file (never a URL) with `--errors`.
 * Resolves once Prism says it is listening; rejects with Prism's own output if it exits first.
 */
export async function startPrism({
  spec = SPEC_PATH,
  host = "127.0.0.1",
  port,
  dynamic = false,
  seed,
  startTimeoutMs = 30_000,
} = {}) {
  const listenPort = port ?? (await freePort(host));
  const args = [prismBin(), "mock", spec, "-h", host, "-p", String(listenPort), "--errors"];
  if (dynamic) args.push("-d");
  if (seed !== undefined) args.push("--seed", String(seed));
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    // note: Prism's dependencies include scarf analytics; these keep anything from phoning home.
    env: { ...process.env, SCARF_ANALYTICS: "false", DO_NOT_TRACK: "1", FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Prism did not start within ${startTimeoutMs} ms:\n${output}`));
    }, startTimeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (/Prism is listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      } else if (/fatal/.test(output)) {
        clearTimeout(timer);
        child.kill("SIGKILL");
        reject(new Error(`Prism failed to start:\n${output}`));
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Prism exited (${signal ?? `code ${code}`}) before listening:\n${output}`));
    });
  });

  return {
    url: `http://${host}:${listenPort}`,
    port: listenPort,
    pid: child.pid,
    /** Everything Prism printed so far. */
    output: () => output,
    /** Kills Prism at once; safe in a process `exit` handler, where nothing asynchronous runs. */
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
    /** Stops Prism and waits for it to exit. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
