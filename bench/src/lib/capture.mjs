import { spawn } from "node:child_process";
import { once } from "node:events";

/** Runs a command to its end and returns its exit code and everything it printed (stdout and stderr together). */
export async function capture(command, args, options = {}) {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  const [code] = await once(child, "exit");
  return { code, out };
}
