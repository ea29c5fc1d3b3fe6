// The demo repository behind `pnpm start`: 49 artifacts shaped like the spec's example: 46 real zips, and 3 single
// files uploaded as they are (`actions/upload-artifact` with `archive: false`), each served with its own type.
// Deterministic: the same bytes (and so the same digests) on every start; only the dates follow the clock.
import { createHash } from "node:crypto";
import { zipSync } from "fflate";

const NAMES = ["build-linux-x64", "test-results", "coverage-report", "playwright-report", "docs-site", "sbom", "logs"];
const DAY = 24 * 60 * 60 * 1000;
const MTIME = new Date("2020-01-10T14:59:22Z");

/** Artifacts with something special about them; the names are listed in the README. */
export const SPECIAL = {
  /** A few MiB, so the progress bar has something to show. */
  large: "release-bundle",
  /** Past its retention: listed with `expired: true`, and its download answers 410. */
  expired: "expired-logs",
  /** The server refuses to delete these two (403), so the optimistic removal is rolled back. */
  protected: "protected-release",
  /** A single file: a Python wheel (zip bytes inside, as wheels are), served as `application/octet-stream`. */
  wheel: "app-1.2.0-py3-none-any.whl",
  /** A single file: an HTML report with a script, served as `text/html`: no page of the app may ever run it. */
  report: "report.html",
  /** A single file: a one-page PDF, served as `application/pdf`. */
  manual: "manual.pdf",
  /** A zip whose name a workflow chose to be hostile: saved as `_git.zip`, never as a hidden `.git`. */
  hidden: ".git",
};

/** How many artifacts `makeDemoArtifacts` makes by default: 45 zips, then the three single files and `.git`. */
export const DEMO_ARTIFACT_COUNT = 49;

/** Incompressible but reproducible bytes (xorshift32). */
function noise(size, seed) {
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

function zipFor(name, index, large) {
  const text = new TextEncoder().encode(`Artifact ${name} (#${index}) from the gh-artifacts demo.\n`);
  const files = { "README.txt": [text, { mtime: MTIME }] };
  files[large ? "bundle.bin" : "data.bin"] = [
    noise(large ? 4 * 1024 * 1024 : 2048 + index * 97, index + 1),
    { mtime: MTIME },
  ];
  // note: level 0 (stored) keeps the archive size close to the content, like GitHub's artifact zips.
  return zipSync(files, { level: 0 });
}

const encoder = new TextEncoder();

/** A wheel as pip builds one: a zip of the package and its `.dist-info`. */
function wheel() {
  const text = (value) => [encoder.encode(value), { mtime: MTIME }];
  return zipSync(
    {
      "app/__init__.py": text('__version__ = "1.2.0"\n'),
      "app-1.2.0.dist-info/METADATA": text("Metadata-Version: 2.1\nName: app\nVersion: 1.2.0\n"),
      "app-1.2.0.dist-info/WHEEL": text(
        "Wheel-Version: 1.0\nGenerator: gh-artifacts-demo\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
      ),
      "app-1.2.0.dist-info/RECORD": text(
        "app/__init__.py,,\napp-1.2.0.dist-info/METADATA,,\napp-1.2.0.dist-info/WHEEL,,\napp-1.2.0.dist-info/RECORD,,\n",
      ),
    },
    { level: 6 },
  );
}

/** An HTML report whose script sets `window.__artifactScriptRan`: the end-to-end tests prove it never runs. */
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
function pdf() {
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
  return encoder.encode(out);
}

/**
 * The artifacts that are not plain zips, newest first: `type` is the `Content-Type` storage sends, `file` whether it
 * is one file uploaded as it is (served under its own name) rather than a zip.
 */
function specialFiles() {
  return [
    { name: SPECIAL.hidden, bytes: zipFor(SPECIAL.hidden, 46, false), type: "application/zip", file: false },
    { name: SPECIAL.report, bytes: encoder.encode(REPORT), type: "text/html; charset=utf-8", file: true },
    { name: SPECIAL.manual, bytes: pdf(), type: "application/pdf", file: true },
    { name: SPECIAL.wheel, bytes: wheel(), type: "application/octet-stream", file: true },
  ];
}

/**
 * Builds `count` zip artifacts from `template` (an artifact of the spec's example), newest first, after the four of
 * `specialFiles` (newer still, from one more run on main). Returns `[{ artifact, bytes, type, file }]`: the bytes
 * storage serves, their `Content-Type`, and whether it is a single file (`false`: a zip); `artifact.url` fields are
 * filled in per request by the mock.
 */
export function makeDemoArtifacts(template, { count = DEMO_ARTIFACT_COUNT - 4, now = Date.now() } = {}) {
  const runBase = template.workflow_run?.id ?? 2332938;
  const items = [];
  for (let i = 0; i < count; i++) {
    // note: names repeat across runs and branches, as a workflow uploads the same artifacts on every run: that is
    // what a retention cleanup (keep the newest N of each name and branch) works on.
    let name = NAMES[i % NAMES.length];
    if (i === 0) name = SPECIAL.large;
    // note: two of them on main, so "keep the newest 1" plans a delete the server then refuses.
    if (i === 2 || i === 29) name = SPECIAL.protected;
    if (i === count - 1) name = SPECIAL.expired;
    const expired = i >= count - 3;
    const zip = zipFor(name, i, name === SPECIAL.large);
    const created = new Date(now - (i * 7 + 1) * 60 * 60 * 1000);
    const expires = new Date(expired ? now - (i - count + 4) * DAY : created.getTime() + 90 * DAY);
    const runId = runBase + Math.floor(i / 3);
    const artifact = {
      ...template,
      id: 1000 + count - i,
      node_id: Buffer.from(`08:Artifact${1000 + count - i}`).toString("base64"),
      name,
      size_in_bytes: zip.byteLength,
      expired,
      created_at: iso(created),
      updated_at: iso(created),
      expires_at: iso(expires),
      digest: `sha256:${createHash("sha256").update(zip).digest("hex")}`,
      workflow_run: {
        ...template.workflow_run,
        id: runId,
        head_branch: ["main", "release/2.x", "feature/dark-mode"][Math.floor(i / 3) % 3],
        head_sha: createHash("sha1").update(String(runId)).digest("hex"),
      },
    };
    items.push({ artifact, bytes: zip, type: "application/zip", file: false });
  }
  const specials = specialFiles().map(({ name, bytes, type, file }, i, all) => {
    const created = new Date(now - (i + 1) * 10 * 60 * 1000);
    const runId = runBase + Math.ceil(count / 3);
    const artifact = {
      ...template,
      id: 1000 + count + all.length - i,
      node_id: Buffer.from(`08:Artifact${1000 + count + all.length - i}`).toString("base64"),
      name,
      size_in_bytes: bytes.byteLength,
      expired: false,
      created_at: iso(created),
      updated_at: iso(created),
      expires_at: iso(new Date(created.getTime() + 90 * DAY)),
      // note: for a single file, the SHA-256 of the file itself, as GitHub gives it.
      digest: `sha256:${createHash("sha256").update(bytes).digest("hex")}`,
      workflow_run: {
        ...template.workflow_run,
        id: runId,
        head_branch: "main",
        head_sha: createHash("sha1").update(String(runId)).digest("hex"),
      },
    };
    return { artifact, bytes, type, file };
  });
  return [...specials, ...items];
}

function iso(date) {
  return `${date.toISOString().slice(0, 19)}Z`;
}
