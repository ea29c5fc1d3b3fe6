#!/usr/bin/env node
import { main } from "./main.js";

// note: the first Ctrl-C asks the command to stop cleanly (a scan keeps its --state, a prune finishes the deletion
// in flight and reports); a second one ends the process at once, as Node does by default.
const stop = new AbortController();
const onInterrupt = () => {
  stop.abort();
  process.once("SIGINT", () => process.exit(130));
};
process.once("SIGINT", onInterrupt);

// note: exitCode rather than process.exit, so pending output is flushed before Node exits.
process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  isTTY: {
    stdin: process.stdin.isTTY === true,
    stdout: process.stdout.isTTY === true,
    stderr: process.stderr.isTTY === true,
  },
  signal: stop.signal,
});
process.off("SIGINT", onInterrupt);
