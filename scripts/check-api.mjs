#!/usr/bin/env node
// `pnpm check:api`: fails when the public TypeScript API of a published package (its built dist/*.d.ts, as
// api-extractor reports it) differs from the committed report, and says how big the change is.
// `pnpm api:update` (`--update`) rewrites the committed reports. It builds nothing: run `pnpm build` first.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { committedReports, compareReports, ENTRY_POINTS, generateReports, root } from "./lib/api-report.mjs";

const update = process.argv.includes("--update");
const started = performance.now();

try {
  const fresh = await generateReports();
  const committed = await committedReports();
  const { level, changes } = compareReports(committed, fresh);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (update) {
    for (const e of ENTRY_POINTS) {
      if (committed.get(e.report) === fresh.get(e.report)) continue;
      await mkdir(path.dirname(path.join(root, e.report)), { recursive: true });
      await writeFile(path.join(root, e.report), fresh.get(e.report));
      process.stdout.write(`api: wrote ${e.report}\n`);
    }
    for (const c of changes) process.stdout.write(`${c.level.padEnd(9)} ${c.message}\n`);
    process.stdout.write(`api change: ${level}\n`);
  } else if (changes.length > 0) {
    for (const c of changes) process.stderr.write(`${c.level.padEnd(9)} ${c.message}\n`);
    const stale = ENTRY_POINTS.filter((e) => committed.get(e.report) !== fresh.get(e.report)).map((e) => e.report);
    process.stderr.write(
      `api: ${stale.join(", ")} differ from the built packages' API.\n` +
        "If the change is intended, run `pnpm api:update`, commit the reports and add a changeset for it.\n" +
        `api change: ${level}\n`,
    );
    process.exitCode = 1;
  } else {
    process.stdout.write(`api: the reports of ${ENTRY_POINTS.length} entry points are current (${seconds} s)\n`);
  }
} catch (error) {
  process.stderr.write(`api: ${error.message}\n`);
  process.exitCode = 1;
}
