// Overlays tighten GitHub's description; they never loosen it. After the overlays ran, every constraint one of them
// wrote is compared with the value upstream had there, and where upstream is stricter (a lower maximum, a shorter
// maxLength, fewer enum values, a required flag) upstream's value is put back, with one line saying so.
import { sameJson } from "./overlay.mjs";
import { dotted, valueAt } from "./pointer.mjs";

const LOWER_IS_STRICTER = new Set(["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]);
const HIGHER_IS_STRICTER = new Set(["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]);
/** The keywords compared; anything else an overlay writes (descriptions, formats, new components) is ours alone. */
export const CONSTRAINT_KEYWORDS = new Set([
  ...LOWER_IS_STRICTER,
  ...HIGHER_IS_STRICTER,
  "enum",
  "required",
  "pattern",
  "uniqueItems",
]);

const show = (v) => JSON.stringify(v);

/**
 * The stricter of upstream's value and ours for one keyword: the value to keep when upstream's wins (wholly or in
 * part), undefined when ours is at least as strict.
 */
export function stricterOf(keyword, upstream, ours, { parameter = false } = {}) {
  if (upstream === undefined || sameJson(upstream, ours)) return undefined;
  if (ours === undefined) return upstream;
  if (LOWER_IS_STRICTER.has(keyword) || HIGHER_IS_STRICTER.has(keyword)) {
    // note: OpenAPI 3.0 writes exclusiveMinimum/exclusiveMaximum as booleans: true is the stricter.
    if (typeof upstream === "boolean" || typeof ours === "boolean") return upstream === true ? true : undefined;
    const upstreamWins = LOWER_IS_STRICTER.has(keyword) ? upstream < ours : upstream > ours;
    return upstreamWins ? upstream : undefined;
  }
  if (keyword === "enum" && Array.isArray(upstream) && Array.isArray(ours)) {
    const allowed = ours.filter((v) => upstream.some((u) => sameJson(u, v)));
    if (allowed.length === ours.length) return undefined; // ours is a subset: the overlay narrows, as it may
    // note: nothing in common means the overlay pins a value upstream no longer has; upstream's list is the truth.
    return allowed.length > 0 ? allowed : upstream;
  }
  if (keyword === "required") {
    if (parameter || typeof upstream === "boolean") return upstream === true ? true : undefined;
    if (Array.isArray(upstream) && Array.isArray(ours)) {
      const missing = upstream.filter((name) => !ours.includes(name));
      return missing.length > 0 ? [...ours, ...missing] : undefined;
    }
    return undefined;
  }
  if (keyword === "uniqueItems") return upstream === true ? true : undefined;
  // note: two different patterns cannot be compared and one keyword cannot hold both, so upstream's stays.
  if (keyword === "pattern") return upstream;
  return undefined;
}

/**
 * Puts upstream's value back wherever it is stricter than what the overlays wrote (in place).
 * @param {object} doc the document after every overlay
 * @param {Array<{ pointer: string, key: string, before: unknown, overlay: string }>} sets what applyOverlay recorded,
 *   in order: the first write of a key holds upstream's value as `before`
 * @returns {string[]} one line per constraint where upstream won
 */
export function yieldToUpstream(doc, sets) {
  const first = new Map();
  for (const set of sets) {
    if (!CONSTRAINT_KEYWORDS.has(set.key)) continue;
    const id = `${set.pointer}\u0000${set.key}`;
    if (!first.has(id)) first.set(id, set);
  }
  const notes = [];
  for (const { pointer, key, before, overlay } of first.values()) {
    const node = valueAt(doc, pointer);
    if (!node || typeof node !== "object") continue;
    // note: `required` is a flag on a parameter (it has `in`) and a list of names on a schema.
    const parameter = typeof node.in === "string" && typeof node.name === "string";
    const ours = node[key];
    const kept = stricterOf(key, before, ours, { parameter });
    if (kept === undefined) continue;
    node[key] = kept;
    notes.push(
      `upstream is stricter than ${overlay} at ${dotted(pointer)}: ${key} is ${show(before)} upstream, ` +
        `${show(ours)} in the overlay; kept ${show(kept)}`,
    );
  }
  return notes;
}
