#!/usr/bin/env node
// Turns GitHub's published REST description into spec/artifacts.yaml: select our five operations (openapi-format)
// under our names (spec/operations.yaml), make it describe the API version asked for (GitHub's
// x-github-breaking-changes), apply spec/overlays/ (OpenAPI Overlay) without ever loosening what upstream says, drop
// the components nothing uses, lint with Redocly, and only then write the file and spec/source.json (what was read,
// so `pnpm check:drift` and the next `pnpm spec:sync` can read it again).
import { randomBytes } from "node:crypto";
import { readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { openapiFilter } from "openapi-format";
import YAML from "yaml";
import { allowedVersions, apiVersionsOf, applyApiVersion, BASE_API_VERSION } from "./lib/sync/api-versions.mjs";
import { explainUnmatched, whyGone } from "./lib/sync/explain.mjs";
import {
  describeRename,
  findOperations,
  loadOperationsTable,
  OPERATIONS_TABLE,
  restoreNames,
} from "./lib/sync/names.mjs";
import { applyOverlay, matchTarget } from "./lib/sync/overlay.mjs";
import { dotted, valueAt } from "./lib/sync/pointer.mjs";
import { pruneComponents, restoreReferenced } from "./lib/sync/prune.mjs";
import { yieldToUpstream } from "./lib/sync/upstream-wins.mjs";
import {
  installedPackage,
  labelOf,
  REPO_ROOT,
  recordFor,
  sourceRecordPathFor,
  UnreplayableSourceError,
} from "./source-record.mjs";

const root = REPO_ROOT;
const require = createRequire(import.meta.url);

export { BASE_API_VERSION };

/**
 * The document's own version. note: optic, the spec:diff engine, skips its checks when `info.version`
 * changes, and upstream bumps it on every release; so it stays fixed here and upstream's version is kept
 * as `info.x-upstream-version`. Set in code, not an overlay, because only the sync step knows the source.
 */
export const SPEC_VERSION = "1";

export const DEFAULT_SOURCE = "@octokit/openapi/generated/api.github.com.json";
export const DEFAULT_OUT = path.join(root, "spec", "artifacts.yaml");
export const DEFAULT_OVERLAYS = path.join(root, "spec", "overlays");
export { OPERATIONS_TABLE };

/** `--from api.github.com`, `ghec` or `ghes-3.19`: that file of the installed @octokit/openapi. */
const PACKAGE_FILE_NAME = /^(api\.github\.com|ghec|ghes-\d+\.\d+)$/;

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

export class SpecSyncError extends Error {
  name = "SpecSyncError";
}

/**
 * What to read: `from` as given (a package file's short name becomes its path), else the source spec/source.json
 * beside `out` records (the same file of the installed package, or the same repository file), else the default.
 * @returns {Promise<{ from: string | undefined, label: string, record?: object }>}
 */
export async function sourceToRead({ from, out = DEFAULT_OUT, root: repo = root } = {}) {
  if (from && PACKAGE_FILE_NAME.test(from)) {
    const { dir } = await installedPackage();
    return { from: path.join(dir, "generated", `${from}.json`), label: from };
  }
  if (from) return { from, label: from };
  const record = await readFile(sourceRecordPathFor(out), "utf8").then(JSON.parse, () => undefined);
  if (!record) return { from: undefined, label: DEFAULT_SOURCE };
  if (record.package) {
    const { dir, version } = await installedPackage();
    const file = path.join(dir, record.file);
    if (
      !(await readFile(file).then(
        () => true,
        () => false,
      ))
    ) {
      throw new SpecSyncError(
        `the recorded source ${record.file} is not in the installed ${record.package}@${version}: sync --from another description`,
      );
    }
    return { from: file, label: `${record.file} (recorded)`, record };
  }
  if (record.path) return { from: path.join(repo, record.path), label: `${record.path} (recorded)`, record };
  throw new SpecSyncError(
    `${path.relative(process.cwd(), sourceRecordPathFor(out))} records no package file or repository path to sync from: sync --from a description`,
  );
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
    // note: JSON.parse reads the 13 MB description ten times faster than the YAML parser, which takes the rest.
    doc = /^\s*[{[]/.test(text) ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: -1 });
  } catch {
    try {
      doc = YAML.parse(text, { maxAliasCount: -1 }); // JSON is YAML, so one parser takes both.
    } catch (cause) {
      throw new SpecSyncError(`--from ${from}: not JSON or YAML (${cause.message.split("\n")[0]})`);
    }
  }
  if (!doc || typeof doc !== "object" || typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) {
    throw new SpecSyncError(`--from ${from}: not an OpenAPI 3.x description (no "openapi: 3.x" field)`);
  }
  if (!doc.paths || typeof doc.paths !== "object") {
    throw new SpecSyncError(`--from ${from}: not an OpenAPI 3.x description (no "paths")`);
  }
  return doc;
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
    for (const node of matchTarget(doc, target).map((pointer) => valueAt(doc, pointer))) {
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

/** The `X-GitHub-Api-Version` parameter the overlays define: its values are the versions the spec describes. */
function setApiVersions(doc, allowed) {
  const param = Object.values(doc.components?.parameters ?? {}).find(
    (p) => p?.in === "header" && p.name?.toLowerCase() === "x-github-api-version",
  );
  if (!param) return; // note: only without spec/overlays/20-constraints, which defines it (tests of other overlays)
  // note: set here, not in an overlay: only the sync knows which versions the source describes. The default is the
  // oldest, which is also what GitHub answers a request without the header with.
  param.schema = { ...param.schema, type: "string", enum: allowed, default: allowed[0] };
}

/**
 * Builds the trimmed document in memory: `{ text, record, renames, notes }` (the YAML, what was read, GitHub's renames
 * mapped back to our names, and one line per thing the sync decided that a maintainer should know). Throws
 * SpecSyncError on any problem; nothing is written here.
 * @param {{ from?: string, overlaysDir?: string, apiVersion?: string, previous?: object, root?: string,
 *   operationsTable?: string, label?: string }} options `previous`: the spec the last sync wrote (parsed), to
 *   explain an overlay action that no longer matches; `root`: the repository, where a --from file must be; `label`:
 *   the source as messages name it
 */
export async function buildSync({
  from,
  overlaysDir = DEFAULT_OVERLAYS,
  apiVersion = BASE_API_VERSION,
  previous,
  root: repo = root,
  operationsTable = OPERATIONS_TABLE,
  label = from ?? DEFAULT_SOURCE,
} = {}) {
  const bytes = await readSource(from);
  const source = parseDescription(bytes.toString("utf8"), label);
  const record = await recordFor({ from, bytes, apiVersion, root: repo }).catch((error) => {
    throw error instanceof UnreplayableSourceError ? new SpecSyncError(error.message) : error;
  });
  const known = apiVersionsOf(source);
  if (!known.includes(apiVersion)) {
    throw new SpecSyncError(`--api-version ${apiVersion}: ${label} describes ${known.join(" and ")} only`);
  }
  const table = await loadOperationsTable(operationsTable);
  let found;
  try {
    found = findOperations(source, table);
  } catch (error) {
    throw new SpecSyncError(`--from ${label}: ${error.message}`);
  }

  // The paths of our operations only (other methods of the same path items dropped), with every component: the
  // breaking changes of the API version asked for apply to them and to whatever components they reach.
  const paths = {};
  for (const { path: route, method } of found.selected) {
    const item = source.paths[route];
    paths[route] ??= Object.fromEntries(Object.entries(item).filter(([key]) => !HTTP_METHODS.has(key)));
    paths[route][method] = item[method];
  }
  // note: webhooks are not operations a client calls; left in, they would reach most of GitHub's schemas.
  const { webhooks, "x-webhooks": xWebhooks, ...rest } = source;
  const slice = { ...rest, paths };
  let versions;
  try {
    versions = applyApiVersion(slice, apiVersion, known);
  } catch (error) {
    throw new SpecSyncError(`--api-version ${apiVersion}: ${error.message}`);
  }
  // note: pruned here (a 13 MB description filters in seconds, its slice in milliseconds); the full components stay
  // at hand for what the overlays reference. inverseTags also drops the top-level tags no kept operation uses.
  const { all } = pruneComponents(slice);
  const filtered = await openapiFilter(slice, {
    filterSet: { inverseOperationIds: found.selected.map((s) => s.upstream), inverseTags: ["actions"] },
  });
  const doc = filtered.data;
  restoreNames(doc, found);
  const notes = found.renames.map(describeRename);
  const { version: upstreamVersion, ...info } = doc.info ?? {};
  doc.info = { version: SPEC_VERSION, ...info, ...(upstreamVersion && { "x-upstream-version": upstreamVersion }) };

  // note: what the five operations do not use went before the overlays (an action that then matches nothing is
  // caught below), and anything an overlay references that went with it comes back after them.
  const removed = new Set(
    Object.entries(all).flatMap(([kind, entries]) =>
      Object.keys(entries ?? {})
        .filter((name) => doc.components?.[kind]?.[name] === undefined)
        .map((name) => `#/components/${kind}/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`),
    ),
  );
  const sets = [];
  for (const { name, doc: overlaySet } of await loadOverlays(overlaysDir)) {
    checkOverlayKeywordTypes(doc, name, overlaySet);
    let result;
    try {
      result = applyOverlay(doc, overlaySet, name);
    } catch (error) {
      throw new SpecSyncError(`overlay ${name}: ${error.message}`);
    }
    // note: an action whose target matches nothing means upstream moved something the overlay changes; writing
    // the document anyway would silently drop a constraint, so the sync stops and says which upstream change did
    // it. Only an action on components that upstream still has but none of our operations uses (the 410 response
    // once upstream drops it from the download) loses nothing the spec keeps: that is said, not fatal.
    const fatal = [];
    for (const action of result.unused) {
      const there = matchTarget({ ...doc, components: all }, action.target);
      const under = there.map((p) => p.split("/").slice(0, 4).join("/"));
      if (there.length > 0 && under.every((p) => removed.has(`#${p}`))) {
        const why = [...new Set(under)].map((p) =>
          previous ? whyGone(previous, { ...doc, components: all }, p) : `no operation uses ${dotted(p)}`,
        );
        notes.push(`overlay ${name}: ${action.target} changes only what the spec no longer keeps: ${why.join("; ")}`);
      } else fatal.push(action);
    }
    if (fatal.length > 0) {
      const lines = fatal.map((a) => `  ${a.target}: ${explainUnmatched(a.target, doc, previous)}`);
      throw new SpecSyncError(
        `overlay ${name}: ${fatal.length} action(s) matched nothing; update or remove them in spec/overlays/${name}:\n${lines.join("\n")}`,
      );
    }
    sets.push(...result.sets);
  }
  notes.push(...yieldToUpstream(doc, sets));
  restoreReferenced(doc, all);
  pruneComponents(doc);
  // note: decided on the finished document: a change recorded on a component the overlays dropped (the minimal
  // repository a trimmed workflow run no longer holds) changes nothing the spec describes.
  const kept = versions.changes.filter((c) => !c.ref || valueAt(doc, c.ref) !== undefined);
  const allowed = allowedVersions(known, apiVersion, kept);
  for (const version of known.filter((v) => !allowed.includes(v))) {
    const [low, high] = [version, apiVersion].sort();
    const what = kept
      .filter((c) => c.version > low && c.version <= high)
      .map((c) => `${c.on} (${c.changeset}, ${c.version})`);
    notes.push(
      `API version ${version} is left out of X-GitHub-Api-Version: GitHub records breaking changes between it and ` +
        `${apiVersion} on ${[...new Set(what)].join(", ")}; \`pnpm spec:sync --api-version ${version}\` describes it`,
    );
  }
  setApiVersions(doc, allowed);

  const header = [
    "# Generated by `pnpm spec:sync`: do not edit. Change spec/overlays/ and run it again.",
    `# Source: ${labelOf(record)}, API version ${apiVersion} (recorded in source.json)`,
    "",
  ].join("\n");
  const text = header + YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
  return { text, record, renames: found.renames, notes, apiVersions: allowed };
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
 * written to temporary files first, so on any error neither file is changed. Without `from`, it syncs from the
 * source `source.json` already records (the weekly update does so, so a GHES spec stays a GHES spec), and without
 * `apiVersion` at the version it records.
 */
export async function syncSpec({
  from,
  out = DEFAULT_OUT,
  overlaysDir,
  apiVersion,
  root: repo = root,
  operationsTable,
} = {}) {
  const source = await sourceToRead({ from, out, root: repo });
  const version = apiVersion ?? source.record?.apiVersion ?? BASE_API_VERSION;
  const previous = await readFile(out, "utf8").then(
    (text) => {
      try {
        return YAML.parse(text);
      } catch {
        return undefined;
      }
    },
    () => undefined,
  );
  const built = await buildSync({
    from: source.from,
    label: source.label,
    overlaysDir,
    apiVersion: version,
    previous,
    root: repo,
    operationsTable,
  });
  const { text, record } = built;
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
  return { ...built, out, warnings, recordPath, source: source.label };
}

const USAGE =
  "usage: pnpm spec:sync [--from FILE|api.github.com|ghec|ghes-X.Y] [--api-version DATE] [--out FILE]\n" +
  "  writes the spec and source.json beside it (what was read, with its sha256, for `pnpm check:drift`)\n" +
  "  --from         an OpenAPI description (JSON or YAML) in the repository (spec/sources/), or a file of the installed\n" +
  "                 @octokit/openapi by name; default: the source spec/source.json records, else api.github.com\n" +
  "  --api-version  the REST API version to describe (GitHub's x-github-breaking-changes applied up to it);\n" +
  `                 default: the recorded one, else ${BASE_API_VERSION}\n` +
  "  --out          where to write; default: spec/artifacts.yaml\n";

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        from: { type: "string" },
        out: { type: "string" },
        "api-version": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    process.stderr.write(`spec:sync: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(USAGE);
  } else {
    try {
      const { out, warnings, notes, source, apiVersions } = await syncSpec({
        from: values.from,
        out: values.out && path.resolve(values.out),
        apiVersion: values["api-version"],
      });
      for (const note of notes) process.stderr.write(`note: ${note}\n`);
      for (const w of warnings) process.stderr.write(`warning ${w.ruleId} in ${w.place}: ${w.message}\n`);
      process.stdout.write(
        `spec:sync wrote ${path.relative(process.cwd(), out)} from ${source} (API versions ${apiVersions.join(", ")}; ` +
          `${warnings.length} lint warnings)\n`,
      );
    } catch (error) {
      process.stderr.write(`spec:sync: ${error instanceof SpecSyncError ? error.message : error.stack}\n`);
      process.exitCode = 1;
    }
  }
}
