// A child process for the gzip-bomb test: it reads one answer through the retrying fetch and reports its own peak
// memory growth, so the measurement covers nothing but that read (not the test runner, not the server).
// Usage: node gzip-bomb-child.mjs <base URL> <maxBodyBytes>; prints one JSON line.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runnerImport } from "vite";

const conditions = ["@gh-artifacts/source", "module", "node", "development|production"];
// note: runnerImport loads through an environment of its own ("inline") that leaves every package to Node, which
// would load the workspace packages' built dist/ (absent in a fresh clone). They are inlined and read from source,
// as the test runner does.
const config = {
  configFile: false,
  logLevel: "silent",
  environments: { inline: { resolve: { conditions, noExternal: [/^@gh-artifacts\//] } } },
};
const source = fileURLToPath(new URL("../../src/middleware/retry.ts", import.meta.url));
const { module: retry } = await runnerImport(source, config);

const [url, maxBodyBytes] = process.argv.slice(2);
const kib = (field) => Number(readFileSync("/proc/self/status", "utf8").match(new RegExp(`${field}:\\s+(\\d+)`))[1]);
const fetch = retry.createRetryingFetch({
  fetch: (request, init) => globalThis.fetch(request, init),
  retry: false,
  timeoutMs: 120_000,
  maxBodyBytes: Number(maxBodyBytes),
});

// note: a first small gzip answer loads undici and zlib, so the baseline already holds them.
await (await fetch(new Request(`${url}/small`))).arrayBuffer();
let reset = true;
try {
  // note: "5" resets VmHWM to the current RSS (Linux >= 4.0), so the peak below is this read's peak.
  writeFileSync("/proc/self/clear_refs", "5");
} catch {
  reset = false;
}
// note: without a reset the peak may include an earlier one; counting from VmRSS then overstates, never understates.
const baseline = kib("VmRSS");
let outcome;
try {
  const response = await fetch(new Request(`${url}/bomb`));
  outcome = { resolved: true, bytes: (await response.arrayBuffer()).byteLength };
} catch (error) {
  outcome = { name: error.name, message: error.message };
}
const growthKiB = kib("VmHWM") - baseline;
process.stdout.write(`${JSON.stringify({ ...outcome, growthKiB, reset })}\n`);
