// The demo repository: 49 artifacts shaped like a busy repository's. 45 real zips of seven names over three
// branches (one of 4 MiB, three expired, two that refuse to be deleted), then four newer ones from one run on main:
// single files uploaded as they are (a wheel, an HTML report with a script, a PDF) and a zip named `.git`.
// Their 16 workflow runs have results, as a selector meets them: ci.yml pushes on main and pull requests of
// feature/dark-mode, release.yml on release/2.x, a nightly schedule; successful, failed, cancelled, one in progress.
// The newest (the single files' ci.yml run on main) failed: main's latest successful ci.yml build is the one before.
// Deterministic: the same bytes (so the same digests) every time; the dates follow the world's clock.
import type { ArtifactsWorld, WorldArtifact } from "./artifacts-world.js";
import { makeZip } from "./make-zip.js";

const NAMES = ["build-linux-x64", "test-results", "coverage-report", "playwright-report", "docs-site", "sbom", "logs"];
const BRANCHES = ["main", "release/2.x", "feature/dark-mode"];
const DAY = 86_400_000;
const HOUR = 3_600_000;
const RUN_BASE = 2_332_938;
const ZIPS = 45;

/** The demo artifacts with something special about them, by role: their names. */
export const DEMO_SPECIAL = {
  /** 4 MiB, so a progress bar has something to show. */
  large: "release-bundle",
  /** Past its retention: listed with `expired: true`, and its download answers 410. */
  expired: "expired-logs",
  /** Two of them (on main): DELETE answers 403. */
  protected: "protected-release",
  /** A single file: a Python wheel (zip bytes inside, as wheels are), served as `application/octet-stream`. */
  wheel: "app-1.2.0-py3-none-any.whl",
  /** A single file: an HTML report with a script, served as `text/html`: no page may ever run it. */
  report: "report.html",
  /** A single file: a one-page PDF, served as `application/pdf`. */
  manual: "manual.pdf",
  /** A zip whose name a workflow chose to be hostile: to be saved as `_git.zip`, never as a hidden `.git`. */
  hidden: ".git",
} as const;

/** The runs' workflow, event and result, newest run first (after the 4 single files' run, the newest of all, failed). */
const RUNS: readonly (readonly [workflow: string, event: string, result: string])[] = [
  ["ci.yml", "push", "success"],
  ["release.yml", "push", "failure"],
  ["ci.yml", "pull_request", "in_progress"],
  ["ci.yml", "push", "cancelled"],
  ["release.yml", "workflow_dispatch", "success"],
  ["ci.yml", "pull_request", "failure"],
  ["nightly.yml", "schedule", "success"],
];
/** The pull request of feature/dark-mode, linked to its runs. */
const PULL_REQUEST = 42;

/** How many artifacts `addDemoRepository` adds. */
export const DEMO_ARTIFACT_COUNT = 49;

/** Incompressible but reproducible bytes (xorshift32). */
function noise(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

function zipFor(name: string, index: number, large: boolean): Uint8Array {
  return makeZip({
    "README.txt": `Artifact ${name} (#${index}) from the gh-artifacts demo.\n`,
    [large ? "bundle.bin" : "data.bin"]: noise(large ? 4 * 1024 * 1024 : 2048 + index * 97, index + 1),
  });
}

/** A wheel as pip builds one: a zip of the package and its `.dist-info`. */
function wheel(): Uint8Array {
  return makeZip(
    {
      "app/__init__.py": '__version__ = "1.2.0"\n',
      "app-1.2.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: app\nVersion: 1.2.0\n",
      "app-1.2.0.dist-info/WHEEL":
        "Wheel-Version: 1.0\nGenerator: gh-artifacts-demo\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
      "app-1.2.0.dist-info/RECORD":
        "app/__init__.py,,\napp-1.2.0.dist-info/METADATA,,\napp-1.2.0.dist-info/WHEEL,,\napp-1.2.0.dist-info/RECORD,,\n",
    },
    { level: 6 },
  );
}

/** An HTML report whose script sets `window.__artifactScriptRan`: a test can prove it never runs. */
const REPORT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Test report</title></head>
<body>
<script>window.__artifactScriptRan = true</script>
<h1>Test report</h1>
<p>128 passed, 0 failed, 3 skipped.</p>
</body>
</html>
`;

/** A one-page PDF 1.4 with a line of text, its cross-reference offsets counted. */
function pdf(): Uint8Array {
  const stream = "BT /F1 18 Tf 72 720 Td (gh-artifacts demo manual) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) out += `${String(at).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** Options of `addDemoRepository`. */
export interface DemoRepositoryOptions {
  /** Where the artifacts go (`"owner/name"`; `"*\/*"` makes every repository the demo). Default: `"octo-org/octo-docs"`. */
  repo?: string | undefined;
}

/**
 * Adds the demo repository to `world` (49 artifacts, ids 1001 to 1049, newest first: see `DEMO_SPECIAL`), dated
 * from the world's clock. Returns the artifacts it added, newest first.
 */
export function addDemoRepository(world: ArtifactsWorld, options: DemoRepositoryOptions = {}): WorldArtifact[] {
  const repo = options.repo ?? "octo-org/octo-docs";
  const now = world.clock.now();
  const added: WorldArtifact[] = [];
  // note: the runs first, oldest first, each a few minutes before its first artifact; three artifacts a run (ids
  // count down with time, as they always have in the demo: the newest zips' run is RUN_BASE).
  const runCount = Math.ceil(ZIPS / 3);
  for (let k = runCount; k >= 0; k--) {
    const singles = k === runCount;
    const branch = singles ? "main" : (BRANCHES[k % 3] as string);
    // note: the newest run (main's ci.yml) failed, its files uploaded all the same: so "the latest successful ci.yml
    // build on main" is an older run while a newer failed one exists, as a selector meets it.
    const [workflow, event, result] = singles
      ? (["ci.yml", "push", "failure"] as const)
      : RUNS[k] || [
          branch === "release/2.x" ? "release.yml" : "ci.yml",
          branch === "feature/dark-mode" ? "pull_request" : "push",
          "success",
        ];
    const running = result === "in_progress";
    world.addWorkflowRun({
      repo,
      id: RUN_BASE + k,
      workflow,
      branch,
      event,
      status: running ? "in_progress" : "completed",
      conclusion: running ? null : result,
      pullRequests: event === "pull_request" ? [PULL_REQUEST] : [],
      createdAt: singles ? now - 45 * 60_000 : now - ((3 * k + 2) * 7 + 1) * HOUR - 5 * 60_000,
    });
  }
  for (let i = ZIPS - 1; i >= 0; i--) {
    // note: names repeat across runs and branches, as a workflow uploads the same artifacts on every run: that is
    // what a retention cleanup (keep the newest N of each name and branch) works on.
    let name = NAMES[i % NAMES.length] as string;
    if (i === 0) name = DEMO_SPECIAL.large;
    // note: two of them on main, so "keep the newest 1" plans a delete that the server then refuses.
    if (i === 2 || i === 29) name = DEMO_SPECIAL.protected;
    if (i === ZIPS - 1) name = DEMO_SPECIAL.expired;
    const expired = i >= ZIPS - 3;
    const createdAt = now - (i * 7 + 1) * HOUR;
    added.push(
      world.addArtifact({
        repo,
        id: 1000 + ZIPS - i,
        name,
        bytes: zipFor(name, i, name === DEMO_SPECIAL.large),
        createdAt,
        expiresAt: expired ? now - (i - ZIPS + 4) * DAY : createdAt + 90 * DAY,
        runId: RUN_BASE + Math.floor(i / 3),
        branch: BRANCHES[Math.floor(i / 3) % 3] as string,
        deletable: name !== DEMO_SPECIAL.protected,
      }),
    );
  }
  const singles = [
    { name: DEMO_SPECIAL.wheel, kind: "file", bytes: wheel(), contentType: "application/octet-stream" },
    { name: DEMO_SPECIAL.manual, kind: "file", bytes: pdf(), contentType: "application/pdf" },
    {
      name: DEMO_SPECIAL.report,
      kind: "file",
      bytes: new TextEncoder().encode(REPORT),
      contentType: "text/html; charset=utf-8",
    },
    { name: DEMO_SPECIAL.hidden, kind: "zip", bytes: zipFor(DEMO_SPECIAL.hidden, 46, false), contentType: undefined },
  ] as const;
  singles.forEach((single, i) => {
    added.push(
      world.addArtifact({
        repo,
        id: 1000 + ZIPS + 1 + i,
        ...single,
        createdAt: now - (singles.length - i) * 10 * 60_000,
        runId: RUN_BASE + Math.ceil(ZIPS / 3),
        branch: "main",
      }),
    );
  });
  return added.reverse();
}
