// Applies OpenAPI Overlay documents (1.0) to a parsed description, recording what each action set so that the sync
// can compare it with what upstream said (upstream-wins.mjs) and explain an action that matched nothing.
import { createRequire } from "node:module";
import { normalizedPathSegments, toPointer } from "./pointer.mjs";

// note: the JSONPath engine openapi-format uses (RFC 9535 filters included), resolved from there.
const fromFormat = createRequire(createRequire(import.meta.url).resolve("openapi-format/package.json"));
const jsonpath = fromFormat("jsonpathly");

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const clone = (v) => (v === undefined ? undefined : structuredClone(v));

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a, b) {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameJson(a[k], b[k]));
  }
  return false;
}

/** The pointers a JSONPath target selects in `doc` (`$` alone selects the root, pointer ""). */
export function matchTarget(doc, target) {
  if (target === "$") return [""];
  try {
    return jsonpath.paths(doc, target).map((p) => toPointer(normalizedPathSegments(p)));
  } catch (cause) {
    throw new Error(`target ${target} is not a JSONPath this engine reads (${cause.message})`);
  }
}

function nodeAt(doc, segments) {
  let parent;
  let node = doc;
  for (const seg of segments) {
    parent = node;
    node = node?.[seg];
  }
  return { parent, key: segments.at(-1), node };
}

/**
 * Merges `update` into the object at `pointer`: objects are merged key by key, and anything else an update names
 * (a number, a string, an ARRAY) replaces what was there. note: openapi-format's engine appends to arrays, so an
 * upstream `enum: [zip]` plus our pinned `[zip]` became `[zip, zip]`, and an upstream `[tar]` became `[tar, zip]`,
 * silently unpinning it; the Overlay specification says properties of the update replace those of the target.
 */
function mergeInto(target, update, pointer, sets, where) {
  for (const [key, value] of Object.entries(update)) {
    if (isObject(value) && isObject(target[key])) {
      mergeInto(target[key], value, `${pointer}${toPointer([key])}`, sets, where);
      continue;
    }
    sets.push({ pointer, key, before: clone(target[key]), after: clone(value), ...where });
    target[key] = clone(value);
  }
}

/**
 * Applies the actions of one overlay document to `doc`, in place.
 * @returns {{ unused: object[], matched: Array<{ action: object, pointers: string[] }>,
 *   sets: Array<{ pointer: string, key: string, before: unknown, after: unknown, overlay: string, target: string }> }}
 *   `sets` lists every key an update wrote, with the value it replaced (undefined when the key was new).
 */
export function applyOverlay(doc, overlaySet, overlay = "overlay") {
  const unused = [];
  const matched = [];
  const sets = [];
  for (const action of overlaySet?.actions ?? []) {
    const { target, update, remove } = action ?? {};
    if (typeof target !== "string" || !target.startsWith("$")) {
      throw new Error(`an action's target must be a JSONPath starting with "$" (got ${JSON.stringify(target)})`);
    }
    const pointers = matchTarget(doc, target);
    if (pointers.length === 0) {
      unused.push(action);
      continue;
    }
    matched.push({ action, pointers });
    const where = { overlay, target };
    // note: removals go from the last match to the first, so removing an array item never shifts the index of
    // another match of the same action (`required[?(@ == 'a' || @ == 'b')]`).
    for (const pointer of remove === true ? [...pointers].reverse() : pointers) {
      const segments = pointer === "" ? [] : pointer.slice(1).split("/").map(unescapeSegment);
      const { parent, key, node } = nodeAt(doc, segments);
      if (remove === true) {
        if (Array.isArray(parent)) parent.splice(key, 1);
        else if (parent) delete parent[key];
        continue;
      }
      if (update === undefined) continue;
      if (Array.isArray(node)) {
        // note: on an array the Overlay specification appends; an entry already there is not added twice.
        for (const item of Array.isArray(update) ? update : [update]) {
          if (!node.some((existing) => sameJson(existing, item))) node.push(clone(item));
        }
      } else if (isObject(node) && isObject(update)) {
        mergeInto(node, update, pointer, sets, where);
      } else if (parent !== undefined) {
        sets.push({
          pointer: toPointer(segments.slice(0, -1)),
          key,
          before: clone(node),
          after: clone(update),
          ...where,
        });
        parent[key] = clone(update);
      }
    }
  }
  return { unused, matched, sets };
}

function unescapeSegment(segment) {
  const s = segment.replaceAll("~1", "/").replaceAll("~0", "~");
  return /^\d+$/.test(s) ? Number(s) : s;
}
