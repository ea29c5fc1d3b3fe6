#!/usr/bin/env node
// Turns GitHub's published REST description into spec/artifacts.yaml:
// select the five artifact operations (openapi-format), apply spec/overlays/ (OpenAPI Overlay,
// applied by openapi-format), lint with Redocly, and only then write the file.
import { randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { openapiFilter, openapiOverlay } from "openapi-format";
import YAML from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/** The operations this project is about, by GitHub's operationIds. */
export const ARTIFACT_OPERATION_IDS = [
  "actions/list-artifacts-for-repo",
  "actions/get-artifact",
  "actions/delete-artifact",
  "actions/download-artifact",
  "actions/list-workflow-run-artifacts",
];

/** Component kinds openapi-format prunes when nothing references them any more. */
const COMPONENT_KINDS = [
  "schemas",
  "parameters",
  "examples",
  "headers",
  "requestBodies",
  "responses",
  "securitySchemes",
];

export const DEFAULT_SOURCE = "@octokit/openapi/generated/api.github.com.json";
export const DEFAULT_OUT = path.join(root, "spec", "artifacts.yaml");
export const DEFAULT_OVERLAYS = path.join(root, "spec", "overlays");

export class SpecSyncError extends Error {
  name = "SpecSyncError";
}

/** Reads a description from a file path or an http(s) URL; the label is what the output's header names. */
async function readSource(from) {
  if (!from) {
    const file = require.resolve(DEFAULT_SOURCE);
    const { version } = JSON.parse(await readFile(require.resolve("@octokit/openapi/package.json"), "utf8"));
    return { text: await readFile(file, "utf8"), label: `@octokit/openapi@${version} generated/api.github.com.json` };
  }
  if (/^https?:\/\//.test(from)) {
    const res = await fetch(from).catch((cause) => {
      throw new SpecSyncError(`--from ${from}: could not fetch (${cause.message})`);
    });
    if (!res.ok) throw new SpecSyncError(`--from ${from}: HTTP ${res.status} ${res.statusText}`);
    return { text: await res.text(), label: from };
  }
  try {
    return { text: await readFile(from, "utf8"), label: path.basename(from) };
  } catch (cause) {
    throw new SpecSyncError(`--from ${from}: cannot read the file (${cause.code ?? cause.message})`);
  }
}

function parseDescription(text, from) {
  let doc;
  try {
    doc = YAML.parse(text, { maxAliasCount: -1 }); // JSON is YAML, so one parser takes both.
  } catch (cause) {
    throw new SpecSyncError(`--from ${from}: not JSON or YAML (${cause.message.split("\n")[0]})`);
  }
  if (!doc || typeof doc !== "object" || typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) {
    throw new SpecSyncError(`--from ${from}: not an OpenAPI 3.x description (no "openapi: 3.x" field)`);
  }
  if (!doc.paths || typeof doc.paths !== "object") {
    throw new SpecSyncError(`--from ${from}: not an OpenAPI 3.x description (no "paths")`);
  }
  return doc;
}

function operationIdsOf(doc) {
  return Object.values(doc.paths ?? {}).flatMap((item) =>
    Object.values(item ?? {})
      .map((op) => op?.operationId)
      .filter(Boolean),
  );
}

/** Overlays in file-name order, so `10-…` runs before `20-…`. */
export async function loadOverlays(dir = DEFAULT_OVERLAYS) {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => ({
      name,
      // note: merge keys (`<<:`) let one overlay reuse a header map instead of repeating it.
      doc: YAML.parse(await readFile(path.join(dir, name), "utf8"), { merge: true }),
    })),
  );
}

/**
 * Builds the trimmed document in memory and returns it as YAML text; throws SpecSyncError on any
 * problem. Nothing is written here.
 */
export async function buildSpec({ from, overlaysDir = DEFAULT_OVERLAYS } = {}) {
  const { text, label } = await readSource(from);
  const source = parseDescription(text, from ?? DEFAULT_SOURCE);

  const present = new Set(operationIdsOf(source));
  const missing = ARTIFACT_OPERATION_IDS.filter((id) => !present.has(id));
  if (missing.length === ARTIFACT_OPERATION_IDS.length) {
    throw new SpecSyncError(
      `--from ${from ?? DEFAULT_SOURCE}: no artifact operations (looked for ${ARTIFACT_OPERATION_IDS.join(", ")})`,
    );
  }
  if (missing.length > 0) {
    throw new SpecSyncError(`--from ${from ?? DEFAULT_SOURCE}: missing artifact operations: ${missing.join(", ")}`);
  }

  const filtered = await openapiFilter(source, {
    // note: inverseTags also drops the top-level tags no kept operation uses (all five are `actions`).
    filterSet: {
      inverseOperationIds: ARTIFACT_OPERATION_IDS,
      inverseTags: ["actions"],
      unusedComponents: COMPONENT_KINDS,
    },
  });
  let doc = filtered.data;

  for (const { name, doc: overlaySet } of await loadOverlays(overlaysDir)) {
    const result = await openapiOverlay(doc, { overlaySet });
    // note: an action whose target matches nothing means upstream moved something the overlay
    // tightens; writing the document anyway would silently drop a constraint.
    const unused = result.resultData.unusedActions ?? [];
    if (unused.length > 0) {
      const targets = unused.map((a) => a.target).join(", ");
      throw new SpecSyncError(`overlay ${name}: ${unused.length} action(s) matched nothing: ${targets}`);
    }
    doc = result.data;
  }
  // The overlays may add components (error responses) and drop others; prune again so the output
  // holds exactly what the five operations reference.
  doc = (await openapiFilter(doc, { filterSet: { unusedComponents: COMPONENT_KINDS } })).data;

  const header = [
    "# Generated by `pnpm spec:sync`: do not edit. Change spec/overlays/ and run it again.",
    `# Source: ${label}`,
    "",
  ].join("\n");
  return header + YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Lints with the repository's redocly.yaml rules; throws when anything is an error. */
export async function lintSpec(yamlText, absoluteRef = DEFAULT_OUT) {
  const config = await createConfig(YAML.parse(await readFile(path.join(root, "redocly.yaml"), "utf8")), {
    configPath: path.join(root, "redocly.yaml"),
  });
  const problems = await lintFromString({ source: yamlText, absoluteRef, config });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    const lines = errors.map((p) => `  ${p.ruleId}: ${p.message} (${p.location?.[0]?.pointer ?? "?"})`);
    throw new SpecSyncError(`the generated document fails lint:\n${lines.join("\n")}`);
  }
  return problems;
}

/** Builds, lints and writes atomically: on any error the output file is left as it was. */
export async function syncSpec({ from, out = DEFAULT_OUT, overlaysDir } = {}) {
  const text = await buildSpec({ from, overlaysDir });
  const warnings = await lintSpec(text, out);
  const tmp = `${out}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, out);
  } finally {
    await rm(tmp, { force: true });
  }
  return { out, warnings };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { from: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    process.stdout.write(
      "usage: pnpm spec:sync [--from FILE|URL] [--out FILE]\n" +
        `  --from  an OpenAPI description (JSON or YAML; GHES and GHEC work too); default: ${DEFAULT_SOURCE}\n` +
        "  --out   where to write; default: spec/artifacts.yaml\n",
    );
  } else {
    try {
      const { out, warnings } = await syncSpec({ from: values.from, out: values.out && path.resolve(values.out) });
      for (const w of warnings) process.stderr.write(`warning ${w.ruleId}: ${w.message}\n`);
      process.stdout.write(`spec:sync wrote ${path.relative(process.cwd(), out)} (${warnings.length} lint warnings)\n`);
    } catch (error) {
      process.stderr.write(`spec:sync: ${error instanceof SpecSyncError ? error.message : error.stack}\n`);
      process.exitCode = 1;
    }
  }
}
