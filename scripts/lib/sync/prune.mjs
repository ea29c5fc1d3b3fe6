// Drops the components nothing references, after the overlays ran. note: pruning before the overlays (as the
// filter did) dropped a schema the overlays' error responses reference (`basic-error`) as soon as the one upstream
// response that kept it (the 410) went away, and the sync then failed on an unresolved $ref.
import { parsePointer } from "./pointer.mjs";

const isObject = (v) => v !== null && typeof v === "object";

/** Every `$ref` under `node` (local ones only), once each. */
function refsUnder(node, acc) {
  if (Array.isArray(node)) for (const v of node) refsUnder(v, acc);
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith("#/")) acc.add(v);
      else refsUnder(v, acc);
    }
  }
  return acc;
}

/** The security scheme names the document's security requirements use. */
function schemeNames(doc) {
  const names = new Set();
  const add = (requirements) => {
    for (const r of requirements ?? []) for (const name of Object.keys(r ?? {})) names.add(name);
  };
  add(doc.security);
  for (const item of Object.values(doc.paths ?? {})) for (const op of Object.values(item ?? {})) add(op?.security);
  return names;
}

/** The components reachable from everything outside `components`, as `#/components/KIND/NAME` refs. */
export function reachableComponents(doc) {
  const { components, ...rest } = doc;
  const reached = new Set();
  const queue = [...refsUnder(rest, new Set())];
  while (queue.length > 0) {
    const ref = queue.pop();
    const [first, kind, name] = parsePointer(ref.slice(1));
    if (first !== "components" || reached.has(`#/components/${kind}/${name}`)) continue;
    reached.add(`#/components/${kind}/${name}`);
    for (const next of refsUnder(components?.[kind]?.[name], new Set())) queue.push(next);
  }
  for (const name of schemeNames(doc)) reached.add(`#/components/securitySchemes/${name}`);
  return reached;
}

const escapeSegment = (s) => s.replaceAll("~", "~0").replaceAll("/", "~1");

/**
 * Drops every component nothing reaches, and kinds left empty: `doc.components` becomes a new object (the entries
 * kept are the same objects), so the caller may keep the old one to look things up in.
 * @returns {{ all: object, removed: Set<string> }} the components before, and the refs of those removed
 */
export function pruneComponents(doc) {
  const all = doc.components ?? {};
  const reached = reachableComponents(doc);
  const removed = new Set();
  const kept = {};
  for (const [kind, entries] of Object.entries(all)) {
    if (!isObject(entries)) continue;
    const keep = {};
    for (const [name, value] of Object.entries(entries)) {
      if (reached.has(`#/components/${kind}/${name}`)) keep[name] = value;
      else removed.add(`#/components/${kind}/${escapeSegment(name)}`);
    }
    if (Object.keys(keep).length > 0) kept[kind] = keep;
  }
  doc.components = kept;
  return { all, removed };
}

/**
 * Brings back from `all` (in place) every component a `$ref` of `doc` names but `doc` no longer has, and what it
 * references in turn. note: the overlays' error responses reference upstream's `basic-error` schema; when the one
 * upstream response that used it (the 410) is removed, pruning drops it and the spec would hold a dangling $ref.
 * @returns {string[]} the refs brought back
 */
export function restoreReferenced(doc, all) {
  const restored = [];
  for (let again = true; again; ) {
    again = false;
    for (const ref of refsUnder(doc, new Set())) {
      const [first, kind, name] = parsePointer(ref.slice(1));
      if (first !== "components" || doc.components?.[kind]?.[name] !== undefined) continue;
      const value = all?.[kind]?.[name];
      if (value === undefined) continue;
      doc.components ??= {};
      doc.components[kind] ??= {};
      doc.components[kind][name] = value;
      restored.push(ref);
      again = true;
    }
  }
  return restored;
}
