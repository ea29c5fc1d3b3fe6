// Our operation ids and parameter names are ours: spec/operations.yaml names the operations, and this module finds
// them in an upstream description under whatever GitHub calls them now (GitHub's `x-octokit` rename records, then the
// table's renames), and writes our names back over GitHub's.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { valueAt } from "./pointer.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const OPERATIONS_TABLE = path.join(root, "spec", "operations.yaml");

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * spec/operations.yaml, parsed and checked: `{ operations: { [ourId]: { route, parameters, client, react, vue, cli } },
 * renames: { operations: { [upstreamId]: ourId }, parameters: { [upstreamName]: ourName } } }`.
 */
export async function loadOperationsTable(file = OPERATIONS_TABLE) {
  const table = YAML.parse(await readFile(file, "utf8"));
  const operations = table?.operations;
  if (!operations || typeof operations !== "object" || Object.keys(operations).length === 0) {
    throw new Error(`${path.relative(root, file)}: no operations`);
  }
  for (const [id, entry] of Object.entries(operations)) {
    if (!/^[A-Z]+ \//.test(entry?.route ?? "") || !Array.isArray(entry.parameters)) {
      throw new Error(`${path.relative(root, file)}: ${id} needs a route ("GET /…") and a parameters list`);
    }
    for (const key of ["client", "react", "vue", "cli"]) entry[key] ??= [];
  }
  const renames = { operations: table.renames?.operations ?? {}, parameters: table.renames?.parameters ?? {} };
  for (const [upstream, ours] of Object.entries(renames.operations)) {
    if (!operations[ours])
      throw new Error(`${path.relative(root, file)}: renames.operations.${upstream}: ${ours} is not one of ours`);
  }
  return { operations, renames };
}

export function operationsOf(doc) {
  return Object.entries(doc.paths ?? {}).flatMap(([route, item]) =>
    Object.entries(item ?? {})
      .filter(([method, op]) => HTTP_METHODS.has(method) && op?.operationId)
      .map(([method, op]) => ({ path: route, method, op })),
  );
}

/** `get /a/{x}/b` and `get /a/{y}/b` are one route: parameter names do not change where a request goes. */
const routeKey = (method, template) => `${method.toLowerCase()} ${template.replace(/\{[^}]+\}/g, "{}")}`;

const changesOf = (op, type) => (op["x-octokit"]?.changes ?? []).filter((c) => c?.type === type);

/**
 * Finds each of our operations in `doc` and what GitHub renamed. Throws an Error naming what is missing (with the
 * operation now at the same route, the likely rename) when one cannot be found.
 * @returns {{ selected: Array<{ ours: string, upstream: string, path: string, method: string }>,
 *   renames: Array<{ kind: "operation"|"parameter", operation: string, from: string, to: string, via: string }> }}
 *   `from` is our name, `to` GitHub's; `via` says how the rename was known
 */
export function findOperations(doc, table) {
  const all = operationsOf(doc);
  const byId = new Map(all.map((o) => [o.op.operationId, o]));
  // note: GitHub's records say "this operation was called X before"; a chain of them is followed to our name.
  const recordedAs = new Map();
  for (const o of all) {
    for (const change of changesOf(o.op, "OPERATION")) {
      const before = change.before?.operationId;
      if (before) recordedAs.set(before, { id: o.op.operationId, date: change.date });
    }
  }
  const selected = [];
  const renames = [];
  const missing = [];
  for (const [ours, entry] of Object.entries(table.operations)) {
    let found = byId.get(ours);
    let via;
    if (!found) {
      const seen = new Set([ours]);
      for (let id = ours, step = recordedAs.get(id); step && !seen.has(step.id); step = recordedAs.get(id)) {
        seen.add(step.id);
        id = step.id;
        if (byId.has(id)) {
          found = byId.get(id);
          via = `GitHub's x-octokit rename record of ${step.date}`;
          break;
        }
      }
    }
    if (!found) {
      const upstream = Object.entries(table.renames.operations).find(([u, o]) => o === ours && byId.has(u))?.[0];
      if (upstream) {
        found = byId.get(upstream);
        via = "spec/operations.yaml";
      }
    }
    if (!found) {
      missing.push([ours, entry]);
      continue;
    }
    selected.push({ ours, upstream: found.op.operationId, path: found.path, method: found.method });
    if (found.op.operationId !== ours) {
      renames.push({ kind: "operation", operation: ours, from: ours, to: found.op.operationId, via });
    }
    renames.push(...parameterRenames(doc, found, ours, entry, table));
  }
  if (missing.length === Object.keys(table.operations).length) {
    throw new Error(`no artifact operations (looked for ${missing.map(([id]) => id).join(", ")})`);
  }
  if (missing.length > 0) {
    const hints = missing.map(([ours, entry]) => {
      const [method, template] = entry.route.split(" ");
      const there = all.find((o) => routeKey(o.method, o.path) === routeKey(method, template))?.op.operationId;
      return there
        ? `${ours} (likely renamed to ${there}: it is what ${entry.route} is now; if so, add \`${there}: ${ours}\` ` +
            "under renames.operations in spec/operations.yaml)"
        : ours;
    });
    throw new Error(`missing artifact operations: ${hints.join(", ")}`);
  }
  return { selected, renames };
}

/** The parameters of an operation (its path item's too), `$ref`s resolved. */
function parametersOf(doc, { path: route, method }) {
  const item = doc.paths[route];
  return [...(item.parameters ?? []), ...(item[method].parameters ?? [])]
    .map((p) => (p?.$ref ? valueAt(doc, p.$ref) : p))
    .filter((p) => p && typeof p.name === "string");
}

/** GitHub's parameter renames on one operation, mapped back to our names (a parameter renamed twice too). */
function parameterRenames(doc, found, ours, entry, table) {
  const recordedAs = new Map();
  for (const change of changesOf(found.op, "PARAMETER")) {
    if (change.before?.name && change.parameter)
      recordedAs.set(change.parameter, { was: change.before.name, date: change.date });
  }
  const renames = [];
  for (const param of parametersOf(doc, found)) {
    if (entry.parameters.includes(param.name) || (param.in !== "path" && param.in !== "query")) continue;
    let name = param.name;
    let via;
    const seen = new Set([name]);
    while (!entry.parameters.includes(name) && recordedAs.has(name) && !seen.has(recordedAs.get(name).was)) {
      const { was, date } = recordedAs.get(name);
      seen.add(was);
      name = was;
      via = `GitHub's x-octokit rename record of ${date}`;
    }
    if (!entry.parameters.includes(name) && entry.parameters.includes(table.renames.parameters[param.name])) {
      name = table.renames.parameters[param.name];
      via = "spec/operations.yaml";
    }
    if (!entry.parameters.includes(name)) continue; // a new parameter, not a renamed one
    if (param.in !== "path") {
      throw new Error(
        `${ours}: GitHub renamed the ${param.in} parameter ${name} to ${param.name} (${via}). A query parameter's name ` +
          "is what the request sends, so the spec cannot keep ours: take GitHub's name (remove the rename, update " +
          "spec/operations.yaml and the client) or keep the old one in the client by hand",
      );
    }
    renames.push({ kind: "parameter", operation: ours, in: param.in, from: name, to: param.name, via });
  }
  return renames;
}

/**
 * Writes our names over GitHub's in a document holding only our operations (in place): operationIds, renamed path
 * parameters (the parameter, wherever it is defined, and the path template), and drops `x-octokit`, Octokit's own
 * bookkeeping, so that a rename alone changes nothing in the spec.
 */
export function restoreNames(doc, { selected, renames }) {
  const oursOf = new Map(selected.map((s) => [s.upstream, s.ours]));
  const params = renames.filter((r) => r.kind === "parameter");
  for (const { op } of operationsOf(doc)) {
    op.operationId = oursOf.get(op.operationId) ?? op.operationId;
    delete op["x-octokit"];
  }
  if (params.length === 0) return;
  const newPaths = {};
  for (const [route, item] of Object.entries(doc.paths)) {
    let template = route;
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !op?.operationId) continue;
      for (const r of params.filter((p) => p.operation === op.operationId)) {
        for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
          const param = p?.$ref ? valueAt(doc, p.$ref) : p;
          if (param?.name === r.to && param.in === "path") param.name = r.from;
        }
        template = template.replaceAll(`{${r.to}}`, `{${r.from}}`);
      }
    }
    newPaths[template] = item;
  }
  doc.paths = newPaths;
}

/** One line per rename followed, for the sync to print. */
export function describeRename(r) {
  if (r.kind === "operation") return `GitHub renamed ${r.from} to ${r.to} (${r.via}); the spec keeps ${r.from}`;
  return `GitHub renamed the path parameter ${r.from} of ${r.operation} to ${r.to} (${r.via}); the spec keeps ${r.from}`;
}
