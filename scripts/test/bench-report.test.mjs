// The bench's report: only a full run judges the targets; a quick run (the one `pnpm test:all` makes, at tiny sizes)
// lists its figures for information and never prints `target missed`.
import { describe, expect, it } from "vitest";
import { renderReport } from "../../bench/src/lib/report.mjs";
import { scenario, target } from "../../bench/src/lib/result.mjs";

/** A report of one scenario with one met and one missed target, in the given mode. */
const reportOf = (mode) => ({
  mode,
  date: "2026-01-01T00:00:00Z",
  machine: { cpu: "cpu", cores: 2, memoryGiB: 4, os: "linux", node: "v20.20.2" },
  loadAverage: { start: 0.1, end: 0.2 },
  seconds: 1,
  scenarios: [
    {
      ...scenario({
        id: "per-request",
        title: "Per-request overhead",
        targets: [
          target({ id: "a", description: "getArtifact ≤ 1.05× openapi-fetch", measured: "1.02×", met: true }),
          target({ id: "b", description: "bundle ≤ 25 % of Octokit's", measured: "36.5%", met: false, because: "x" }),
        ],
      }),
      number: 1,
    },
  ],
});

describe("the bench report", () => {
  it("of a full run judges each target and prints a line per missed one", () => {
    const text = renderReport(reportOf("full"));
    expect(text).toContain("| Target | Measured | Met |");
    expect(text).toContain("| bundle ≤ 25 % of Octokit's | 36.5% | **no** |");
    expect(text).toMatch(/\ntarget missed: bundle ≤ 25 % of Octokit's \(measured 36\.5%\) because x$/);
  });

  it("of a quick run lists the figures for information: no verdict, no `target missed`", () => {
    const text = renderReport(reportOf("quick"));
    expect(text).toContain("Targets are judged by the full run (`pnpm bench`) only");
    expect(text).toContain("| bundle ≤ 25 % of Octokit's | 36.5% |");
    expect(text).not.toMatch(/target missed|\*\*no\*\*|\| Met \|/);
  });
});
