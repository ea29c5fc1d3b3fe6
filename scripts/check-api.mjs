#!/usr/bin/env node
// `pnpm check:api`: fails when the public TypeScript API of a published package (its built dist/*.d.ts, as
// api-extractor reports it) differs from the committed report, and says how big the change is.
// `pnpm api:update` (`--update`) rewrites the committed reports. It builds nothing: run `pnpm build` first.
// `--package NAME` (repeatable) limits either to that package's entry points, e.g. to write a new package's reports
// without touching the others'.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { committedReports, compareReports, ENTRY_POINTS, generateReports, root } from "./lib/api-report.mjs";

const update = process.argv.includes("--update");
const only = process.argv.flatMap((arg, i, all) => (arg === "--package" && all[i + 1] ? [all[i + 1]] : []));
const entryPoints = only.length === 0 ? ENTRY_POINTS : ENTRY_POINTS.filter((e) => only.includes(e.package));
const started = performance.now();

try {
  if (entryPoints.length === 0) throw new Error(`no entry point of ${only.join(", ")}`);
  const fresh = await generateReports({ entryPoints });
  const committed = await committedReports({ entryPoints });
  const { level, changes } = compareReports(committed, fresh, { entryPoints });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (update) {
    for (const e of entryPoints) {
      if (committed.get(e.report) === fresh.get(e.report)) continue;
      await mkdir(path.dirname(path.join(root, e.report)), { recursive: true });
      await writeFile(path.join(root, e.report), fresh.get(e.report));
      process.stdout.write(`api: wrote ${e.report}\n`);
    }
    for (const c of changes) process.stdout.write(`${c.level.padEnd(9)} ${c.message}\n`);
    process.stdout.write(`api change: ${level}\n`);
  } else if (changes.length > 0) {
    for (const c of changes) process.stderr.write(`${c.level.padEnd(9)} ${c.message}\n`);
    const stale = entryPoints.filter((e) => committed.get(e.report) !== fresh.get(e.report)).map((e) => e.report);
    process.stderr.write(
      `api: ${stale.join(", ")} differ from the built packages' API.\n` +
        "If the change is intended, run `pnpm api:update`, commit the reports and add a changeset for it.\n" +
        `api change: ${level}\n`,
    );
    process.exitCode = 1;
  } else {
    process.stdout.write(`api: the reports of ${entryPoints.length} entry points are current (${seconds} s)\n`);
  }
} catch (error) {
  process.stderr.write(`api: ${error.message}\n`);
  process.exitCode = 1;
}
