/**
 * 6. Build: the repository's `pnpm build` (turbo: generate, then tsc for each package) from cold (`--force`: no cache
 * reads, every task runs) and again with nothing changed (every task a turbo cache hit). Figure: wall time of the
 * `pnpm build` process. Ratio: how many times faster the cached run is than the cold one.
 */

import { capture } from "../lib/capture.mjs";
import { row, scenario } from "../lib/result.mjs";
import { interleave, plural, summarize } from "../lib/stats.mjs";

export const id = "build";
export const title = "Build";

async function pnpmBuild(root, force) {
  const args = ["build", ...(force ? ["--force"] : []), "--output-logs=errors-only"];
  const t0 = performance.now();
  const { code, out } = await capture("pnpm", args, {
    cwd: root,
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`pnpm ${args.join(" ")} failed (exit ${code}):\n${out.slice(-3000)}`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  const plain = out.replace(/\u001b\[[0-9;]*m/g, "");
  const m = /Cached:\s+(\d+) cached, (\d+) total/.exec(plain);
  return { seconds, cached: m ? Number(m[1]) : Number.NaN, tasks: m ? Number(m[2]) : Number.NaN };
}

export async function run({ quick, root }) {
  const rounds = quick ? 1 : 3;
  const samples = await interleave(
    [
      { id: "cold", run: () => pnpmBuild(root, true) },
      { id: "cached", run: () => pnpmBuild(root, false) },
    ],
    { rounds },
  );
  const t = (c) => summarize(samples.get(c).map((s) => s.seconds)).median;
  const tasks = samples.get("cold")[0].tasks;
  const cachedHits = Math.min(...samples.get("cached").map((s) => s.cached));
  const rows = [
    row({
      contender: "cold",
      label: "pnpm build --force (cold: every task runs)",
      role: "baseline",
      metric: "wall time",
      unit: "s",
      samples: samples.get("cold").map((s) => s.seconds),
      ratioText: "baseline",
      note: `${tasks} turbo tasks`,
    }),
    row({
      contender: "cached",
      label: "pnpm build again, nothing changed",
      role: "ours",
      metric: "wall time",
      unit: "s",
      samples: samples.get("cached").map((s) => s.seconds),
      ratio: t("cold") / t("cached"),
      ratioText: `${(t("cold") / t("cached")).toFixed(1)}× as fast as cold (${cachedHits}/${tasks} cached)`,
      note: `${cachedHits} of ${tasks} tasks from the turbo cache`,
    }),
  ];
  const notes = [
    `${tasks} turbo tasks (generate and tsc builds of the workspace packages); ${plural(rounds, "interleaved round")}; wall time ` +
      "of the whole `pnpm build` process, pnpm's own start-up included.",
  ];
  if (cachedHits !== tasks) notes.push(`only ${cachedHits} of ${tasks} tasks were cache hits on the second run.`);
  return scenario({ id, title, params: { rounds, tasks }, rows, notes });
}
