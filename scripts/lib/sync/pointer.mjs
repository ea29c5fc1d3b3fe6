// JSON pointers (RFC 6901) over parsed OpenAPI documents, and the normalized JSONPath strings (RFC 9535) the
// overlay engine's matcher returns, turned into pointers.

/** `/paths/~1repos…/get` → `["paths", "/repos…", "get"]`. */
export function parsePointer(pointer) {
  if (!pointer || pointer === "/") return [];
  return pointer
    .replace(/^#/, "")
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** `["paths", "/repos…", "get"]` → `/paths/~1repos…/get`. */
export function toPointer(segments) {
  return segments.map((s) => `/${String(s).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** The value at a pointer (or a `#/…` `$ref`), or undefined. */
export function valueAt(doc, pointer) {
  let node = doc;
  for (const seg of parsePointer(pointer)) node = node?.[seg];
  return node;
}

/** `$['paths']['/repos/…'][0]` (a normalized JSONPath) → the segments `["paths", "/repos/…", 0]`. */
export function normalizedPathSegments(path) {
  const segments = [];
  const token = /\[(?:'((?:[^'\\]|\\.)*)'|(\d+))\]/g;
  let at = 1;
  for (let match = token.exec(path); match; match = token.exec(path)) {
    if (match.index !== at) throw new Error(`not a normalized path: ${path}`);
    segments.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : Number(match[2]));
    at = token.lastIndex;
  }
  if (!path.startsWith("$") || at !== path.length) throw new Error(`not a normalized path: ${path}`);
  return segments;
}

/** A readable dotted name for a pointer: `components.parameters.per-page.schema`. */
export const dotted = (pointer) => parsePointer(pointer).join(".");
