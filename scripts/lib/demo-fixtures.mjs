// The demo repository behind `pnpm start`: ~45 artifacts shaped like the spec's example, each with a real zip.
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
};

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

/**
 * Builds `count` artifacts from `template` (an artifact of the spec's example), newest first, with their zips.
 * Returns `[{ artifact, zip }]`; `artifact.url` fields are filled in per request by the mock.
 */
export function makeDemoArtifacts(template, { count = 45, now = Date.now() } = {}) {
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
    items.push({ artifact, zip });
  }
  return items;
}

function iso(date) {
  return `${date.toISOString().slice(0, 19)}Z`;
}
