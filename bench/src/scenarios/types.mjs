/**
 * 5. What the types cost: `tsc --noEmit --extendedDiagnostics` on a consumer file that calls the five artifact
 * operations (fixtures/types/*), with our client vs with @octokit/rest, plus the same compiler options with no
 * client at all (the floor every project pays for TypeScript's own libraries). Each run is a fresh tsc process.
 * Figures: tsc's "Total time" and "Memory used". Ratio: how many times faster than with Octokit's types.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { capture } from "../lib/capture.mjs";
import { row, scenario, target } from "../lib/result.mjs";
import { fmtAuto, interleave, plural, summarize } from "../lib/stats.mjs";

export const id = "types";
export const title = "Type-checking cost";

const CONSUMERS = {
  octokit: ["@octokit/rest consumer", "baseline"],
  ours: ["@gh-artifacts/client consumer", "ours"],
  empty: ["no client (floor: TypeScript's libs alone)", "diagnostic"],
};

async function tsc(tscPath, project) {
  const { code, out } = await capture(process.execPath, [tscPath, "-p", project, "--noEmit", "--extendedDiagnostics"]);
  if (code !== 0) throw new Error(`tsc -p ${project} failed (exit ${code}):\n${out.slice(0, 2000)}`);
  const field = (name) => {
    const m = new RegExp(`^${name}:\\s+([\\d.]+)(s|K)?$`, "m").exec(out);
    if (!m) throw new Error(`no "${name}" in tsc's --extendedDiagnostics output`);
    return Number(m[1]);
  };
  return {
    seconds: field("Total time"),
    memoryMiB: field("Memory used") / 1024,
    files: field("Files"),
    definitionLines: field("Lines of Definitions"),
  };
}

export async function run({ quick, bench }) {
  const require = createRequire(`${bench}/package.json`);
  const tscPath = require.resolve("typescript/lib/tsc.js");
  const { version } = require("typescript/package.json");
  const rounds = quick ? 1 : 7;
  const warmup = quick ? 0 : 1;
  const samples = await interleave(
    Object.keys(CONSUMERS).map((c) => ({ id: c, run: () => tsc(tscPath, join(bench, "fixtures", "types", c)) })),
    { rounds, warmup },
  );
  const seconds = (c) => samples.get(c).map((s) => s.seconds);
  const memory = (c) => samples.get(c).map((s) => s.memoryMiB);
  const t = (c) => summarize(seconds(c)).median;
  const m = (c) => summarize(memory(c)).median;

  const rows = [];
  for (const [c, [label, role]] of Object.entries(CONSUMERS)) {
    const { files, definitionLines } = samples.get(c)[0];
    const note = `${files} files, ${definitionLines.toLocaleString("en-US")} lines of .d.ts besides the libs`;
    rows.push(
      row({
        contender: c,
        label,
        role,
        metric: "tsc total time",
        unit: "s",
        samples: seconds(c),
        ratio: t("octokit") / t(c),
        ratioText: role === "baseline" ? "baseline" : `${(t("octokit") / t(c)).toFixed(2)}× as fast as with Octokit`,
        note,
      }),
      row({
        contender: c,
        label,
        role,
        metric: "tsc memory used",
        unit: "MiB",
        samples: memory(c),
        ratio: m(c) / m("octokit"),
        ratioText: role === "baseline" ? "baseline" : `${((100 * m(c)) / m("octokit")).toFixed(0)}% of Octokit's`,
        note,
      }),
    );
  }
  // note: tsc prints its times to 0.01 s, and our types often add less than that above the floor: the ratio then
  // divides by that resolution, and is shown as a lower bound.
  const RESOLUTION = 0.01;
  const oursAbove = t("ours") - t("empty");
  const cheaper = (t("octokit") - t("empty")) / Math.max(oursAbove, RESOLUTION);
  const lines = (c) => samples.get(c)[0].definitionLines.toLocaleString("en-US");
  // note: what each consumer adds above the floor; ours is often within the floor's own noise, so no ratio of it.
  const above = (c) =>
    `${fmtAuto(Math.max(t(c) - t("empty"), 0))} s and ${fmtAuto(Math.max(m(c) - m("empty"), 0))} MiB`;
  return scenario({
    id,
    title,
    params: { rounds, warmup, typescript: version },
    rows,
    targets: [
      target({
        id: "types",
        description: "consumer typecheck time above tsc's floor ≥ 10× less than with Octokit's types",
        measured: `${oursAbove <= RESOLUTION ? "≥ " : ""}${cheaper.toFixed(1)}×`,
        met: cheaper >= 10,
        because:
          `every consumer first pays ${fmtAuto(t("empty"))} s for TypeScript's own libraries (ES2022 + DOM); above ` +
          `that floor our types add ${above("ours")} (${lines("ours")} lines of declarations), Octokit's ` +
          `${above("octokit")} (${lines("octokit")} lines)`,
      }),
    ],
    notes: [
      `TypeScript ${version}, fresh \`tsc -p\` per run with strict, NodeNext, lib ES2022 + DOM, skipLibCheck; ` +
        `${plural(rounds, "round")}${warmup ? ` after ${plural(warmup, "warm-up round")}` : ""}. The packages resolve through their ` +
        "published `types` (dist), as in a consumer's project.",
    ],
  });
}
