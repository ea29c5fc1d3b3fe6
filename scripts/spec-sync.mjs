#!/usr/bin/env node
// Turns GitHub's published REST description into spec/artifacts.yaml:
// select the five artifact operations (openapi-format), apply spec/overlays/ (OpenAPI Overlay,
// applied by openapi-format), lint with Redocly, and only then write the file and spec/source.json
// (what was read, so `pnpm check:drift` can read it again).
import { randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { openapiFilter, openapiOverlay } from "openapi-format";
import overlayEngine from "openapi-format/utils/overlay.js";
import YAML from "yaml";
import { labelOf, recordFor, sourceRecordPathFor } from "./source-record.mjs";

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

/** Where each operation lives, so a missing operationId can be traced to what now sits there. */
const ARTIFACT_OPERATION_ROUTES = {
  "actions/list-artifacts-for-repo": "get /repos/{owner}/{repo}/actions/artifacts",
  "actions/get-artifact": "get /repos/{owner}/{repo}/actions/artifacts/{artifact_id}",
  "actions/delete-artifact": "delete /repos/{owner}/{repo}/actions/artifacts/{artifact_id}",
  "actions/download-artifact": "get /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
  "actions/list-workflow-run-artifacts": "get /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts",
};

/**
 * The document's own version. note: optic, the spec:diff engine, skips its checks when `info.version`
 * changes, and upstream bumps it on every release; so it stays fixed here and upstream's version is kept
 * as `info.x-upstream-version`. Set in code, not an overlay, because only the sync step knows the source.
 */
export const SPEC_VERSION = "1";

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

/** Reads a description from a file path or an http(s) URL (default: the package's api.github.com.json), as bytes. */
async function readSource(from) {
  if (!from) return readFile(require.resolve(DEFAULT_SOURCE));
  if (/^https?:\/\//.test(from)) {
    const res = await fetch(from).catch((cause) => {
      throw new SpecSyncError(`--from ${from}: could not fetch (${cause.message})`);
    });
    if (!res.ok) throw new SpecSyncError(`--from ${from}: HTTP ${res.status} ${res.statusText}`);
    return Buffer.from(await res.arrayBuffer());
  }
  try {
    return await readFile(from);
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

function operationsOf(doc) {
  return Object.entries(doc.paths ?? {}).flatMap(([route, item]) =>
    Object.entries(item ?? {})
      .filter(([, op]) => op?.operationId)
      .map(([method, op]) => ({ route: `${method} ${route}`, op })),
  );
}

/**
 * The operationIds to select in `doc`: ours, or the new name GitHub's `x-octokit.changes` rename record
 * gives for one of ours. `renames` lists the renames followed, so the caller can say so (a renamed
 * operationId renames the generated types' key: a breaking change for consumers).
 */
export function resolveOperationIds(doc, from = DEFAULT_SOURCE) {
  const operations = operationsOf(doc);
  const present = new Set(operations.map(({ op }) => op.operationId));
  const renamedFrom = new Map();
  for (const { op } of operations) {
    for (const change of op["x-octokit"]?.changes ?? []) {
      const before = change?.type === "OPERATION" ? change.before?.operationId : undefined;
      if (before) renamedFrom.set(before, { to: op.operationId, date: change.date });
    }
  }
  const ids = [];
  const renames = [];
  const missing = [];
  for (const id of ARTIFACT_OPERATION_IDS) {
    if (present.has(id)) ids.push(id);
    else if (renamedFrom.has(id)) {
      const { to, date } = renamedFrom.get(id);
      ids.push(to);
      renames.push({ from: id, to, date });
    } else missing.push(id);
  }
  if (missing.length === ARTIFACT_OPERATION_IDS.length) {
    throw new SpecSyncError(`--from ${from}: no artifact operations (looked for ${ARTIFACT_OPERATION_IDS.join(", ")})`);
  }
  if (missing.length > 0) {
    // note: without a rename record, the operation now at the same method and path is the likely rename.
    const hints = missing.map((id) => {
      const route = ARTIFACT_OPERATION_ROUTES[id];
      const there = operations.find((o) => o.route === route)?.op.operationId;
      return there
        ? `${id} (likely renamed to ${there}: it is what ${route.toUpperCase().split(" ")[0]} ${route.split(" ")[1]} is now; if so, change ARTIFACT_OPERATION_IDS in scripts/spec-sync.mjs)`
        : id;
    });
    throw new SpecSyncError(`--from ${from}: missing artifact operations: ${hints.join(", ")}`);
  }
  return { ids, renames };
}

/** Schema keywords that only mean something for these types (integer keywords on a string are ignored by validators). */
const KEYWORD_TYPES = {
  minimum: ["integer", "number"],
  maximum: ["integer", "number"],
  exclusiveMinimum: ["integer", "number"],
  exclusiveMaximum: ["integer", "number"],
  multipleOf: ["integer", "number"],
  minLength: ["string"],
  maxLength: ["string"],
  pattern: ["string"],
  minItems: ["array"],
  maxItems: ["array"],
};

/**
 * Throws when an overlay would set a type's keyword (e.g. `minimum`) on a schema of another type.
 * note: upstream changing an id from integer to string would otherwise leave our `minimum: 1` on a string
 * schema, which every validator ignores: the bound would vanish without a word.
 */
export function checkOverlayKeywordTypes(doc, overlayName, overlaySet) {
  for (const action of overlaySet?.actions ?? []) {
    const { target, update } = action ?? {};
    if (!update || typeof update !== "object" || Array.isArray(update)) continue;
    const keywords = Object.keys(update).filter((k) => KEYWORD_TYPES[k]);
    if (keywords.length === 0) continue;
    for (const node of overlayEngine.resolveJsonPathValue(doc, target)) {
      const types = [node?.type].flat().filter((t) => t && t !== "null");
      if (types.length === 0) continue;
      for (const keyword of keywords) {
        if (!types.some((t) => KEYWORD_TYPES[keyword].includes(t))) {
          throw new SpecSyncError(
            `overlay ${overlayName}: ${target} sets ${keyword}, which applies to ${KEYWORD_TYPES[keyword].join(" or ")}, ` +
              `but the schema there is now type ${types.join(" | ")}; update or remove the action in spec/overlays/${overlayName}`,
          );
        }
      }
    }
  }
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
 * Builds the trimmed document in memory: `{ text, record, renames }` (the YAML, what was read, and the
 * operationId renames followed). Throws SpecSyncError on any problem; nothing is written here.
 */
export async function buildSync({ from, overlaysDir = DEFAULT_OVERLAYS } = {}) {
  const bytes = await readSource(from);
  const record = await recordFor({ from, bytes });
  const source = parseDescription(bytes.toString("utf8"), from ?? DEFAULT_SOURCE);
  const { ids, renames } = resolveOperationIds(source, from ?? DEFAULT_SOURCE);

  const filtered = await openapiFilter(source, {
    // note: inverseTags also drops the top-level tags no kept operation uses (all five are `actions`).
    filterSet: {
      inverseOperationIds: ids,
      inverseTags: ["actions"],
      unusedComponents: COMPONENT_KINDS,
    },
  });
  let doc = filtered.data;
  const { version: upstreamVersion, ...info } = doc.info ?? {};
  doc.info = { version: SPEC_VERSION, ...info, ...(upstreamVersion && { "x-upstream-version": upstreamVersion }) };

  for (const { name, doc: overlaySet } of await loadOverlays(overlaysDir)) {
    checkOverlayKeywordTypes(doc, name, overlaySet);
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
    `# Source: ${labelOf(record)} (recorded in source.json)`,
    "",
  ].join("\n");
  return { text: header + YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }), record, renames };
}

/** The trimmed document as YAML text (see buildSync). */
export async function buildSpec(options) {
  return (await buildSync(options)).text;
}

/** Where a lint problem is, by operation when it is inside one: `actions/download-artifact (GET /repos/…)`. */
export function problemPlace(problem, doc) {
  const pointer = problem.location?.[0]?.pointer ?? "";
  const [first, route, method] = pointer
    .replace(/^#\//, "")
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const op = first === "paths" ? doc?.paths?.[route]?.[method] : undefined;
  if (op?.operationId) return `${op.operationId} (${method.toUpperCase()} ${route})`;
  return pointer || "?";
}

/** Lints with the repository's redocly.yaml rules; throws when anything is an error. */
export async function lintSpec(yamlText, absoluteRef = DEFAULT_OUT) {
  const config = await createConfig(YAML.parse(await readFile(path.join(root, "redocly.yaml"), "utf8")), {
    configPath: path.join(root, "redocly.yaml"),
  });
  const found = await lintFromString({ source: yamlText, absoluteRef, config });
  const doc = YAML.parse(yamlText);
  const problems = found.map((p) => Object.assign(p, { place: problemPlace(p, doc) }));
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    const lines = errors.map((p) => `  ${p.ruleId}: ${p.message} (${p.place})`);
    throw new SpecSyncError(`the generated document fails lint:\n${lines.join("\n")}`);
  }
  return problems;
}

/**
 * Builds, lints and writes the spec and its source record (`source.json` beside it) together: both are
 * written to temporary files first, so on any error neither file is changed.
 */
export async function syncSpec({ from, out = DEFAULT_OUT, overlaysDir } = {}) {
  const { text, record, renames } = await buildSync({ from, overlaysDir });
  const warnings = await lintSpec(text, out);
  const recordPath = sourceRecordPathFor(out);
  const suffix = `${randomBytes(6).toString("hex")}.tmp`;
  const writes = [
    [`${recordPath}.${suffix}`, recordPath, `${JSON.stringify(record, null, 2)}\n`],
    [`${out}.${suffix}`, out, text],
  ];
  try {
    for (const [tmp, , content] of writes) {
      await writeFile(tmp, content).catch((cause) => {
        if (cause.code !== "ENOENT") throw cause;
        throw new SpecSyncError(`--out ${out}: the folder ${path.dirname(out)} does not exist`);
      });
    }
    for (const [tmp, final] of writes) await rename(tmp, final);
  } finally {
    for (const [tmp] of writes) await rm(tmp, { force: true });
  }
  return { out, warnings, record, recordPath, renames };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: { from: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    process.stdout.write(
      "usage: pnpm spec:sync [--from FILE|URL] [--out FILE]\n" +
        "  writes the spec and source.json beside it (what was read, with its sha256, for `pnpm check:drift`)\n" +
        `  --from  an OpenAPI description (JSON or YAML; GHES and GHEC work too); default: ${DEFAULT_SOURCE}\n` +
        "  --out   where to write; default: spec/artifacts.yaml\n",
    );
  } else {
    try {
      const { out, warnings, renames } = await syncSpec({
        from: values.from,
        out: values.out && path.resolve(values.out),
      });
      for (const r of renames) {
        process.stderr.write(
          `note: ${r.from} was renamed upstream to ${r.to} (x-octokit, ${r.date}); the types now key it by the new name. ` +
            "That breaks consumers: `pnpm spec:diff` reports it, and ARTIFACT_OPERATION_IDS in scripts/spec-sync.mjs should follow.\n",
        );
      }
      for (const w of warnings) process.stderr.write(`warning ${w.ruleId} in ${w.place}: ${w.message}\n`);
      process.stdout.write(`spec:sync wrote ${path.relative(process.cwd(), out)} (${warnings.length} lint warnings)\n`);
    } catch (error) {
      process.stderr.write(`spec:sync: ${error instanceof SpecSyncError ? error.message : error.stack}\n`);
      process.exitCode = 1;
    }
  }
}
