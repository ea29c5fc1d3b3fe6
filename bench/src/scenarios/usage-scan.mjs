/**
 * 7. Storage usage across an organisation: `scanArtifactStorage` over 200 repositories of 50 artifacts each (one page
 * each), then `summarizeArtifactStorage`. Figures: the wall time and the requests of a first scan (its ETags written
 * to a `createFileStore` folder) and of a rescan with nothing changed (a new client on the same folder, as a second
 * run of `gh-artifacts usage --cache-dir` is), which GitHub answers with 304s that its primary limit does not count.
 * Measured with no added latency (loopback) and with 25 ms per request (a far-away API).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEtagCache, scanArtifactStorage, summarizeArtifactStorage } from "@gh-artifacts/client";
import { createFileStore } from "@gh-artifacts/client/node";
import { ours } from "../lib/contenders.mjs";
import { withOrgServer } from "../lib/org-server.mjs";
import { gc, row, scenario } from "../lib/result.mjs";
import { fmtAuto, plural, summarize } from "../lib/stats.mjs";

export const id = "usage-scan";
export const title = "Storage usage across repositories";

/** One scan of every repository through `gh`; checks it saw them all. */
async function scan(gh, names, artifacts) {
  gc();
  const t0 = performance.now();
  const result = await scanArtifactStorage(gh, names);
  const ms = performance.now() - t0;
  const listed = result.repositories.reduce((n, r) => n + r.artifacts.length, 0);
  if (result.stopped || result.failed.length > 0 || listed !== names.length * artifacts) {
    throw new Error(`expected ${names.length * artifacts} artifacts, got ${listed} (${result.failed.length} failed)`);
  }
  return { ms, result };
}

export async function run({ quick }) {
  const repositories = quick ? 40 : 200;
  const artifacts = 50;
  const rounds = quick ? 1 : 5;
  const latencies = quick ? [0] : [0, 25];
  const names = Array.from({ length: repositories }, (_, r) => `org/repo-${r}`);
  const rows = [];
  const notes = [];
  for (const latencyMs of latencies) {
    const samples = { plain: [], first: [], rescan: [] };
    const counts = {};
    await withOrgServer({ repositories, artifacts, latencyMs }, async ({ url, stats }) => {
      for (let r = -1; r < rounds; r++) {
        const dir = await mkdtemp(join(tmpdir(), "bench-usage-"));
        try {
          const before = await stats();
          const plain = await scan(ours(url), names, artifacts);
          const afterPlain = await stats();
          const first = await scan(ours(url, { cache: createEtagCache(createFileStore(dir)) }), names, artifacts);
          const afterFirst = await stats();
          // note: a new client on the same folder: what a second run of the CLI with --cache-dir does.
          const rescan = await scan(ours(url, { cache: createEtagCache(createFileStore(dir)) }), names, artifacts);
          const afterRescan = await stats();
          if (r < 0) continue;
          samples.plain.push(plain.ms);
          samples.first.push(first.ms);
          samples.rescan.push(rescan.ms);
          const diff = (a, b) => ({
            requests: b.requests - a.requests,
            ok: b.ok - a.ok,
            notModified: b.notModified - a.notModified,
          });
          counts.plain = { ...diff(before, afterPlain), seen: plain.result.requests };
          counts.first = { ...diff(afterPlain, afterFirst), seen: first.result.requests };
          counts.rescan = { ...diff(afterFirst, afterRescan), seen: rescan.result.requests };
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      }
    });
    const where = latencyMs ? `, ${latencyMs} ms per request` : ", loopback";
    const labels = {
      plain: [`first scan, no ETag cache${where}`, "baseline"],
      first: [`first scan, ETags written to a file store${where}`, "ours"],
      rescan: [`rescan, nothing changed (new client, same folder)${where}`, "ours"],
    };
    const base = summarize(samples.plain).median;
    for (const key of ["plain", "first", "rescan"]) {
      const c = counts[key];
      rows.push(
        row({
          contender: `${key}-${latencyMs}ms`,
          label: labels[key][0],
          role: labels[key][1],
          metric: "time to every repository's artifacts",
          unit: "ms",
          samples: samples[key],
          ratio: summarize(samples[key]).median / base,
          ratioText:
            `${plural(c.requests, "request")}: ${c.ok} answered 200, ${c.notModified} answered 304 ` +
            `(${c.ok} counted against the primary limit)`,
        }),
      );
    }
    notes.push(
      `${repositories} repositories × ${artifacts} artifacts${where}, concurrency 4 (the default), ${plural(rounds, "round")} after a warm-up round: first scan ${fmtAuto(summarize(samples.first).median)} ms for ${counts.first.requests} requests (${counts.first.ok} × 200), rescan ${fmtAuto(summarize(samples.rescan).median)} ms for ${counts.rescan.requests} requests (${counts.rescan.notModified} × 304, none counted by GitHub's primary limit).`,
    );
  }

  // The summary itself: pure, over every artifact listed.
  const lists = names.map((repository, r) => ({
    repository,
    artifacts: Array.from({ length: artifacts }, (_, i) => ({
      id: r * 1000 + i,
      name: i % 2 ? "build" : "logs",
      size_in_bytes: 1000 * (i + 1),
      expired: false,
      created_at: "2026-01-01T00:00:00Z",
      expires_at: "2026-03-01T00:00:00Z",
      workflow_run: { head_branch: "main" },
    })),
  }));
  const times = [];
  for (let i = 0; i < (quick ? 3 : 20); i++) {
    const t0 = performance.now();
    summarizeArtifactStorage(lists, { now: Date.parse("2026-01-15T00:00:00Z"), groupBy: "repository" });
    times.push(performance.now() - t0);
  }
  rows.push(
    row({
      contender: "summarize",
      label: `summarizeArtifactStorage over ${repositories * artifacts} artifacts`,
      role: "ours",
      metric: "time",
      unit: "ms",
      samples: times,
    }),
  );
  return scenario({ id, title, params: { repositories, artifacts, rounds, latencies }, rows, notes });
}
