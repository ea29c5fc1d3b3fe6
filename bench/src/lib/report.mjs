/** The Markdown the bench prints (and the README quotes). */
import { fmtAuto } from "./stats.mjs";

const cell = (text) => String(text).replaceAll("|", "\\|");

function spread(stats) {
  if (stats.n <= 1 || stats.min === stats.max) return stats.n <= 1 ? "1 round" : `±0 (n=${stats.n})`;
  return `${fmtAuto(stats.min)}–${fmtAuto(stats.max)} (n=${stats.n})`;
}

export function renderMarkdown(report) {
  const { machine: m } = report;
  const lines = [
    `## Benchmark (${report.mode} run, ${report.date})`,
    "",
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ${report.seconds} s in all; ` +
      `1-minute load average ${report.loadAverage.start} at the start, ${report.loadAverage.end} at the end.`,
    "",
    "| # | Scenario | Contender | Metric | Median | Spread (min–max) | vs baseline |",
    "| --- | --- | --- | --- | ---: | ---: | --- |",
  ];
  report.scenarios.forEach((s, index) => {
    const i = (s.number ?? index + 1) - 1;
    if (s.status !== "ok" || s.rows.length === 0) {
      const why = s.status === "error" ? `crashed: ${s.reason?.split("\n")[0]}` : `n/a: ${s.reason}`;
      lines.push(`| ${i + 1} | ${cell(s.title)} | — | — | — | — | ${cell(why)} |`);
    }
    for (const r of s.rows) {
      if (r.stats === null) {
        lines.push(
          `| ${i + 1} | ${cell(s.title)} | ${cell(r.label)} | ${cell(r.metric)} | n/a | — | ${cell(r.ratioText)} |`,
        );
        continue;
      }
      const median = `${fmtAuto(r.stats.median)} ${r.unit}`;
      const label = r.role === "ours" ? `**${r.label}**` : r.label;
      lines.push(
        `| ${i + 1} | ${cell(s.title)} | ${cell(label)} | ${cell(r.metric)} | ${median} | ${spread(r.stats)} | ${cell(r.ratioText ?? "—")} |`,
      );
    }
  });
  const targets = report.scenarios.flatMap((s) => s.targets);
  if (targets.length > 0 && judgesTargets(report)) {
    lines.push("", "| Target | Measured | Met |", "| --- | ---: | --- |");
    for (const t of targets)
      lines.push(`| ${cell(t.description)} | ${cell(t.measured)} | ${t.met ? "yes" : "**no**"} |`);
  } else if (targets.length > 0) {
    // note: tiny sizes and one round say whether the scenarios run, not whether a target holds; `pnpm bench` judges.
    lines.push(
      "",
      "Targets are judged by the full run (`pnpm bench`) only; these are the quick run's figures, for information.",
      "",
      "| Target | Measured (quick sizes) |",
      "| --- | ---: |",
    );
    for (const t of targets) lines.push(`| ${cell(t.description)} | ${cell(t.measured)} |`);
  }
  const notes = report.scenarios.flatMap((s, i) => s.notes.map((n) => `${s.number ?? i + 1}. ${s.title}: ${n}`));
  if (notes.length > 0) lines.push("", "Notes:", "", ...notes.map((n) => `- ${n}`));
  return lines.join("\n");
}

/** Whether a run's figures are measured at the sizes the targets are set for: not a `--quick` run's. */
export function judgesTargets(report) {
  return report.mode !== "quick";
}

/** The report as the bench prints it: the Markdown, then a `target missed: …` line per missed target of a full run. */
export function renderReport(report) {
  const missed = judgesTargets(report)
    ? report.scenarios
        .flatMap((s) => s.targets)
        .filter((t) => !t.met)
        .map((t) => `target missed: ${t.description} (measured ${t.measured}) because ${t.because}`)
    : [];
  return [renderMarkdown(report), ...(missed.length > 0 ? ["", ...missed] : [])].join("\n");
}
