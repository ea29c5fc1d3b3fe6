// GitHub's REST API versions (the `X-GitHub-Api-Version` header). GitHub's description describes its first version,
// 2022-11-28, and records what each later version breaks as `x-github-breaking-changes` on the operation or
// component it changes: `[{ changeset, version, patch }]`, the patch a JSON Merge Patch (RFC 7386) or a JSON Patch
// (RFC 6902) over that node. The sync applies the records up to the version asked for, and lets the spec allow every
// version under which our operations are described exactly.

import { parsePointer, toPointer } from "./pointer.mjs";
import { reachableComponents } from "./prune.mjs";

/** GitHub's first calendar version: what an unversioned description describes and what a request without the header gets. */
export const BASE_API_VERSION = "2022-11-28";
export const BREAKING_CHANGES = "x-github-breaking-changes";

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** The nodes that carry breaking-change records: operations and components. */
function recordHolders(doc) {
  const holders = [];
  for (const [route, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item ?? {})) {
      if (HTTP_METHODS.has(method) && Array.isArray(op?.[BREAKING_CHANGES])) {
        holders.push({ pointer: toPointer(["paths", route, method]), node: op, operation: op.operationId });
      }
    }
  }
  for (const [kind, entries] of Object.entries(doc.components ?? {})) {
    for (const [name, node] of Object.entries(entries ?? {})) {
      if (Array.isArray(node?.[BREAKING_CHANGES])) {
        holders.push({ pointer: toPointer(["components", kind, name]), node, ref: `#/components/${kind}/${name}` });
      }
    }
  }
  return holders;
}

/** Every version the description knows of, oldest first: the base one and each a breaking change is recorded for. */
export function apiVersionsOf(doc) {
  const versions = new Set([BASE_API_VERSION]);
  for (const { node } of recordHolders(doc))
    for (const entry of node[BREAKING_CHANGES]) versions.add(String(entry.version));
  return [...versions].sort();
}

function mergePatch(target, patch) {
  if (!isObject(patch)) return structuredClone(patch);
  const out = isObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function jsonPatch(node, operations, where) {
  const locate = (pointer) => {
    const segs = parsePointer(pointer);
    const key = segs.pop();
    let parent = node;
    for (const seg of segs) parent = parent?.[seg];
    if (parent === null || typeof parent !== "object") throw new Error(`${where}: no ${pointer}`);
    return { parent, key: Array.isArray(parent) && key !== "-" ? Number(key) : key };
  };
  const get = (pointer) => parsePointer(pointer).reduce((n, seg) => n?.[seg], node);
  const put = (pointer, value, replace) => {
    const { parent, key } = locate(pointer);
    if (Array.isArray(parent)) {
      if (key === "-") parent.push(value);
      else parent.splice(key, replace ? 1 : 0, value);
    } else parent[key] = value;
  };
  const remove = (pointer) => {
    const { parent, key } = locate(pointer);
    if (!(key in parent)) throw new Error(`${where}: nothing to remove at ${pointer}`);
    if (Array.isArray(parent)) parent.splice(key, 1);
    else delete parent[key];
  };
  for (const op of operations) {
    if (op.op === "add") put(op.path, structuredClone(op.value), false);
    else if (op.op === "replace") put(op.path, structuredClone(op.value), true);
    else if (op.op === "remove") remove(op.path);
    else if (op.op === "copy") put(op.path, structuredClone(get(op.from)), false);
    else if (op.op === "move") {
      const value = get(op.from);
      remove(op.from);
      put(op.path, value, false);
    } else if (op.op === "test") {
      if (JSON.stringify(get(op.path)) !== JSON.stringify(op.value))
        throw new Error(`${where}: test failed at ${op.path}`);
    } else throw new Error(`${where}: unknown JSON Patch op ${JSON.stringify(op.op)}`);
  }
}

/** Applies one record's patch to the node holding it (in place). */
export function applyPatch(node, entry, where) {
  const { patch } = entry;
  if (Array.isArray(patch)) jsonPatch(node, patch, where);
  else if (isObject(patch)) mergePatch(node, patch);
  else throw new Error(`${where}: the patch of ${entry.changeset} is neither a JSON Patch nor a merge patch`);
}

/**
 * Makes `doc` (our operations and every component) describe API `version`: applies, oldest first, each breaking
 * change recorded up to it on our operations and on the components they reach, then removes the records.
 * @returns {{ allowed: string[], changes: Array<{ version: string, changeset: string, on: string, ref?: string }> }}
 *   `allowed`: the versions under which the result is exact (no change recorded on what we keep between them and
 *   `version`); `changes`: every change recorded on what we keep, whatever its version (`ref`: the component it is
 *   on, for a change on a component)
 */
export function applyApiVersion(doc, version, known = apiVersionsOf(doc)) {
  if (!known.includes(version)) {
    throw new Error(`API version ${version} is not one this description knows (${known.join(", ")})`);
  }
  const holders = recordHolders(doc);
  const changes = [];
  const done = new Set();
  const apply = (holder) => {
    done.add(holder);
    const entries = [...holder.node[BREAKING_CHANGES]].sort((a, b) =>
      String(a.version).localeCompare(String(b.version)),
    );
    for (const entry of entries) {
      const on = holder.operation ?? holder.ref.slice(2).replaceAll("/", ".");
      changes.push({ version: String(entry.version), changeset: entry.changeset, on, ref: holder.ref });
      if (String(entry.version) <= version) applyPatch(holder.node, entry, `${on} (${entry.changeset})`);
    }
  };
  for (const holder of holders.filter((h) => h.operation)) apply(holder);
  // note: a patch can make a component reach another one, so components are applied until none is newly reached.
  for (let again = true; again; ) {
    const reached = reachableComponents(doc);
    const next = holders.filter((h) => h.ref && !done.has(h) && reached.has(h.ref));
    next.forEach(apply);
    again = next.length > 0;
  }
  for (const { node } of holders) delete node[BREAKING_CHANGES];
  return { allowed: allowedVersions(known, version, changes), changes };
}

/**
 * The versions of `known` under which a document described at `version` is exact: those with no change of
 * `changes` between them and `version`. The sync calls it again with the changes on what the finished document
 * keeps, so that a component the overlays dropped (a trimmed schema) does not hold a version back.
 */
export function allowedVersions(known, version, changes) {
  const between = (v) => {
    const [low, high] = [v, version].sort();
    return changes.some((c) => c.version > low && c.version <= high);
  };
  return known.filter((v) => !between(v));
}
