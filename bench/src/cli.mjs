#!/usr/bin/env node
/**
 * `pnpm bench [--quick] [--only=id,id] [--no-build]`
 *
 * Runs the scenarios one after the other, prints a Markdown table and writes JSON: `bench/results/latest.json` for a
 * full run, `bench/results/quick.json` (git-ignored) for `--quick`. Targets are reported, never asserted: the exit
 * code is 0 when every scenario ran (a missed target included) and 1 when any scenario crashed. Only a full run
 * judges them (`target missed: …`); `--quick` (tiny sizes, in `pnpm test:all`) lists its figures for information.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAverage, machine } from "./lib/machine.mjs";
import { renderReport } from "./lib/report.mjs";
import { scenario as scenarioResult } from "./lib/result.mjs";

const BENCH = dirname(dirname(fileURLToPath(import.meta.url)));
const ROOT = dirname(BENCH);

const SCENARIOS = ["per-request", "pagination", "download", "bundle-size", "types", "build", "usage-scan"];

function parseArgs(argv) {
  const args = { quick: false, only: SCENARIOS, build: true };
  for (const arg of argv) {
    if (arg === "--quick") args.quick = true;
    else if (arg === "--no-build") args.build = false;
    else if (arg.startsWith("--only=")) args.only = arg.slice("--only=".length).split(",").filter(Boolean);
    else if (arg === "--") continue;
    else if (arg === "--help" || arg === "-h") {
      console.log("usage: pnpm bench [--quick] [--only=id,id] [--no-build]\nscenarios:", SCENARIOS.join(", "));
      process.exit(0);
    } else {
      console.error(`unknown argument: ${arg}`);
      process.exit(2);
    }
  }
  for (const id of args.only) {
    if (!SCENARIOS.includes(id)) {
      console.error(`unknown scenario: ${id} (known: ${SCENARIOS.join(", ")})`);
      process.exit(2);
    }
  }
  return args;
}

/** The packages under test are consumed from their built `dist`: build them (a turbo cache hit when up to date). */
function buildDependencies() {
  const started = performance.now();
  const res = spawnSync(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@gh-artifacts/bench^...", "--output-logs=errors-only"],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } },
  );
  if (res.status !== 0) {
    process.stderr.write(res.stdout ?? "");
    throw new Error(`building the packages under test failed (exit ${res.status})`);
  }
  console.error(`bench: packages built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** Lays the JSON out as the repository's formatter does, so that `biome check .` passes on a fresh latest.json. */
function formatJson(file) {
  const biome = join(ROOT, "node_modules", ".bin", "biome");
  const res = spawnSync(biome, ["format", "--write", file], { cwd: ROOT, stdio: "ignore" });
  if (res.status !== 0)
    console.error(`bench: could not run biome format on ${file}; it is left as JSON.stringify wrote it`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadAtStart = loadAverage();
  process.env.TURBO_TELEMETRY_DISABLED = "1";
  if (args.build) buildDependencies();

  const results = [];
  let crashed = false;
  for (const id of SCENARIOS.filter((s) => args.only.includes(s))) {
    const t0 = performance.now();
    console.error(`bench: ${id}${args.quick ? " (quick)" : ""} …`);
    let result;
    try {
      const mod = await import(`./scenarios/${id}.mjs`);
      result = await mod.run({ quick: args.quick, root: ROOT, bench: BENCH });
    } catch (error) {
      crashed = true;
      console.error(`bench: ${id} crashed:`, error);
      result = scenarioResult({ id, title: id, status: "error", reason: String(error?.stack ?? error) });
    }
    result.seconds = Math.round((performance.now() - t0) / 100) / 10;
    // note: numbered as in the full run, so that an --only run's rows and notes keep their numbers.
    result.number = SCENARIOS.indexOf(id) + 1;
    console.error(`bench: ${id} done in ${result.seconds} s`);
    results.push(result);
  }

  const report = {
    mode: args.quick ? "quick" : args.only.length === SCENARIOS.length ? "full" : "partial (--only)",
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: machine(),
    // note: other work on the machine skews every figure; the 1-minute load average says how busy it was.
    loadAverage: { start: loadAtStart, end: loadAverage() },
    seconds: Math.round((performance.now() - started) / 100) / 10,
    scenarios: results,
  };
  const markdown = renderReport(report);
  console.log(markdown);

  const out = join(BENCH, "results", args.quick ? "quick.json" : "latest.json");
  if (args.only.length === SCENARIOS.length || args.quick) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(out.replace(/\.json$/, ".md"), `${markdown}\n`);
    // note: quick results are git-ignored, so Biome (which honours .gitignore) neither checks nor formats them.
    if (!args.quick) formatJson(out);
    console.error(`bench: wrote ${out.slice(ROOT.length + 1)} and .md (${report.seconds} s in all)`);
  } else {
    console.error(`bench: --only run, ${out.slice(ROOT.length + 1)} left as it was (${report.seconds} s)`);
  }
  process.exitCode = crashed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
