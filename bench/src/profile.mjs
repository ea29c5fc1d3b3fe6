#!/usr/bin/env node
/**
 * `pnpm --filter @gh-artifacts/bench profile [contender] [calls]`: where one contender of the per-request scenario
 * spends its CPU.
 *
 * Runs `calls` sequential `getArtifact` calls (default 5,000) against the bench's loopback API server after a
 * warm-up, under V8's sampling profiler (the same profile `node --cpu-prof` writes, limited to the measured loop),
 * and prints the frames with the most self time, grouped by where they live (node internals, undici, openapi-fetch,
 * our client). The profile is written to `bench/results/<contender>.cpuprofile` (git-ignored) for a flame view.
 * Contenders: `raw-fetch`, `openapi-fetch`, `client` (defaults), `client-bare` (retry: false, timeoutMs: 0).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { GITHUB_HEADERS, OWNER, openapiFetch, ours, REPO } from "./lib/contenders.mjs";
import { withServers } from "./lib/servers.mjs";

const BENCH = dirname(dirname(fileURLToPath(import.meta.url)));
const [contender = "client", callsArg = "5000"] = process.argv.slice(2).filter((a) => a !== "--");
const calls = Number(callsArg);
const ONE = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}";
const params = { owner: OWNER, repo: REPO, artifact_id: 7 };

function callOf(apiUrl) {
  switch (contender) {
    case "raw-fetch":
      return async () => {
        const res = await fetch(`${apiUrl}/repos/${OWNER}/${REPO}/actions/artifacts/7`, { headers: GITHUB_HEADERS });
        return res.json();
      };
    case "openapi-fetch": {
      const api = openapiFetch(apiUrl);
      return async () => (await api.GET(ONE, { params: { path: params } })).data;
    }
    case "client":
    case "client-bare": {
      const gh = ours(apiUrl, contender === "client" ? {} : { retry: false, timeoutMs: 0 });
      return () => gh.getArtifact(params);
    }
    default:
      throw new Error(`unknown contender ${contender} (raw-fetch, openapi-fetch, client, client-bare)`);
  }
}

/** The part of the code a frame belongs to, from its script URL. */
function area(url) {
  if (!url) return "(native/V8)";
  if (url.includes("/packages/client/")) return "client";
  if (url.includes("openapi-fetch")) return "openapi-fetch";
  if (url.includes("undici") || url.startsWith("node:internal/deps/undici")) return "undici";
  if (url.startsWith("node:")) return "node";
  return "other";
}

const short = (url) => url.replace(/^.*\/(packages|node_modules)\//, "").replace(/^file:\/\//, "");

await withServers({ artifacts: 100 }, async ({ apiUrl }) => {
  const call = callOf(apiUrl);
  for (let i = 0; i < 2_000; i++) await call();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) await call();
  const wall = ((performance.now() - t0) * 1000) / calls;
  const cpu = process.cpuUsage(cpu0);
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  writeFileSync(join(BENCH, "results", `${contender}.cpuprofile`), JSON.stringify(profile));

  // Self time per node = its samples; nodes of one function (same name, URL and line) are added up.
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const byFrame = new Map();
  const byArea = new Map();
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? 0;
    if (!n) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || "(anonymous)"} ${url ? `${short(url)}:${lineNumber + 1}` : ""}`.trim();
    byFrame.set(key, (byFrame.get(key) ?? 0) + n);
    const a = ["(idle)", "(program)", "(garbage collector)"].includes(functionName) ? functionName : area(url);
    byArea.set(a, (byArea.get(a) ?? 0) + n);
  }
  const perCall = (n) => ((n / total) * (profile.endTime - profile.startTime)) / calls;
  const pct = (n) => `${((100 * n) / total).toFixed(1).padStart(5)} %`;
  console.log(
    `${contender}: ${calls} calls, ${wall.toFixed(1)} µs wall and ${((cpu.user + cpu.system) / calls).toFixed(1)} µs CPU per call`,
  );
  console.log("\nself time by area (µs per call):");
  for (const [a, n] of [...byArea].sort((x, y) => y[1] - x[1])) {
    console.log(`${pct(n)}  ${perCall(n).toFixed(1).padStart(6)}  ${a}`);
  }
  console.log("\ntop frames by self time (µs per call):");
  for (const [key, n] of [...byFrame].sort((x, y) => y[1] - x[1]).slice(0, 30)) {
    console.log(`${pct(n)}  ${perCall(n).toFixed(1).padStart(6)}  ${key}`);
  }
});
