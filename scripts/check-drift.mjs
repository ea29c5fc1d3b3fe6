#!/usr/bin/env node
// Fails when the committed spec or generated types differ from what `pnpm spec:sync && pnpm generate`
// would write. It replays the sync from the source spec/source.json records (so a spec synced from a
// GHES or GHEC description passes too) into a temporary folder and compares, so it never touches the tree.
// A source it cannot replay fails it too: the spec would otherwise go unchecked. And it fails while a
// deprecated operation's client functions, hooks, commands or README entry do not say so.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import {
  checkDeprecationDocs,
  outPath as defaultDeprecationsPath,
  renderDeprecations,
} from "./generate-deprecations.mjs";
import { outPath as defaultParametersPath, renderParameters } from "./generate-parameters.mjs";
import { outPath as defaultRoutesPath, renderRoutes } from "./generate-routes.mjs";
import { REPO_ROOT, replaySourceFor, sourceRecordPathFor } from "./source-record.mjs";
import { DEFAULT_OUT, DEFAULT_OVERLAYS, syncSpec } from "./spec-sync.mjs";

const root = REPO_ROOT;
const require = createRequire(import.meta.url);
const defaultTypesPath = path.join(root, "packages", "types", "src", "generated", "artifacts.ts");

const readOr = (file) => readFile(file, "utf8").catch(() => "");

/** Writes the types for the spec at `specPath` to `out`, as `pnpm generate` does. */
export async function writeTypes(specPath, out) {
  // note: the package maps `./*.js` to `./*.mjs`, so the bin is found from its package.json.
  const cli = path.join(path.dirname(require.resolve("openapi-typescript/package.json")), "bin", "cli.js");
  await promisify(execFile)(process.execPath, [cli, specPath, "--output", out], { cwd: root });
}

/**
 * Compares the spec, its source record's replay, and the files generated from the spec.
 * Returns `{ drifted, notes, docs }`: the files that differ (relative to the repository), why a source could not be
 * replayed (its record then counts as drifted: the types are still checked against the spec), and what the docs of
 * deprecated operations lack (`docs: false` skips that check, for a spec outside the repository).
 */
export async function checkDrift({
  specPath = DEFAULT_OUT,
  typesPath = defaultTypesPath,
  parametersPath = defaultParametersPath,
  routesPath = defaultRoutesPath,
  deprecationsPath = defaultDeprecationsPath,
  overlaysDir = DEFAULT_OVERLAYS,
  operationsTable,
  root: repo = root,
  docs = true,
} = {}) {
  const show = (file) => path.relative(root, file);
  const drifted = [];
  const notes = [];
  const dir = await mkdtemp(path.join(tmpdir(), "gh-artifacts-drift-"));
  try {
    const recordPath = sourceRecordPathFor(specPath);
    const recordText = await readOr(recordPath);
    let record;
    try {
      record = JSON.parse(recordText);
    } catch {
      notes.push(`${show(recordPath)} is missing or not JSON, so the spec's source is unknown`);
      drifted.push(show(recordPath));
    }
    const replay = record ? await replaySourceFor(record, { root: repo }) : undefined;
    if (replay?.reason) {
      notes.push(`cannot replay the sync of ${show(specPath)}: ${replay.reason}; checked the types against it only`);
      drifted.push(show(recordPath));
    } else if (replay) {
      const freshSpec = path.join(dir, "artifacts.yaml");
      await syncSpec({
        from: replay.from,
        out: freshSpec,
        overlaysDir,
        apiVersion: record.apiVersion,
        root: repo,
        operationsTable,
      });
      if ((await readOr(freshSpec)) !== (await readOr(specPath))) drifted.push(show(specPath));
      if ((await readOr(sourceRecordPathFor(freshSpec))) !== recordText) drifted.push(show(recordPath));
    }

    // Types, parameters and the proxy's routes come from the committed spec, as `pnpm generate` makes them.
    const freshTypes = path.join(dir, "artifacts.ts");
    await writeTypes(specPath, freshTypes);
    if ((await readOr(freshTypes)) !== (await readOr(typesPath))) drifted.push(show(typesPath));
    if ((await renderParameters(specPath)) !== (await readOr(parametersPath))) drifted.push(show(parametersPath));
    if ((await renderRoutes(specPath)) !== (await readOr(routesPath))) drifted.push(show(routesPath));
    if ((await renderDeprecations(specPath)) !== (await readOr(deprecationsPath))) drifted.push(show(deprecationsPath));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const missing = docs
    ? await checkDeprecationDocs({ spec: specPath, ...(operationsTable && { table: operationsTable }) })
    : [];
  return { drifted, notes, docs: missing };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { drifted, notes, docs } = await checkDrift();
  for (const note of notes) process.stderr.write(`drift: ${note}\n`);
  if (drifted.length > 0) {
    process.stderr.write(
      `drift: ${drifted.join(", ")} differ from what the pipeline writes.\n` +
        "Run `pnpm spec:sync && pnpm generate` (it syncs from the source spec/source.json records) and commit the result.\n",
    );
    process.exitCode = 1;
  }
  for (const line of docs) process.stderr.write(`drift: ${line}\n`);
  if (docs.length > 0) process.exitCode = 1;
  if (!process.exitCode)
    process.stdout.write("drift: spec/, the generated files and the deprecation notes are current\n");
}
