// Brings the ways a schema can say "or null" to one form, so that nullability is compared structurally.

/**
 * A deep copy of an OpenAPI document in which every schema that admits null says so as `nullable: true`:
 * `type: [T, "null"]` becomes `type: T`; `anyOf`/`oneOf` of one schema and `{ type: "null" }` becomes that schema;
 * and `allOf` of a single schema (OpenAPI 3.0's way to make a `$ref` nullable) is merged into its parent.
 * A `$ref` merged that way is copied from the document, so the result compares equal to the plain `$ref`.
 */
export function normalizeNullability(doc) {
  const copy = structuredClone(doc);
  return walk(copy, copy);
}

function walk(node, root) {
  if (Array.isArray(node)) return node.map((item) => walk(item, root));
  if (!node || typeof node !== "object") return node;
  for (const key of Object.keys(node)) node[key] = walk(node[key], root);
  if (Array.isArray(node.type) && node.type.includes("null")) {
    const rest = node.type.filter((t) => t !== "null");
    node.type = rest.length === 1 ? rest[0] : rest;
    node.nullable = true;
  }
  for (const key of ["anyOf", "oneOf"]) {
    const branches = node[key];
    if (!Array.isArray(branches) || !branches.some(isNullSchema)) continue;
    const others = branches.filter((b) => !isNullSchema(b));
    node[key] = others;
    node.nullable = true;
    if (others.length === 1) mergeSingle(node, key, root);
  }
  if (Array.isArray(node.allOf) && node.allOf.length === 1) mergeSingle(node, "allOf", root);
  return node;
}

/** Replaces `node[key]` (an array of one schema) by that schema's keywords; the node's own keywords win. */
function mergeSingle(node, key, root) {
  const [only] = node[key];
  delete node[key];
  const target = only.$ref ? resolveLocal(root, only.$ref) : only;
  if (!target) {
    node[key] = [only];
    return;
  }
  for (const [k, v] of Object.entries(target)) if (!(k in node)) node[k] = walk(structuredClone(v), root);
}

function resolveLocal(root, ref) {
  if (!ref.startsWith("#/")) return undefined;
  let node = root;
  for (const raw of ref.slice(2).split("/")) {
    node = node?.[raw.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return node && typeof node === "object" ? node : undefined;
}

function isNullSchema(schema) {
  return Boolean(schema) && (schema.type === "null" || (schema.enum?.length === 1 && schema.enum[0] === null));
}
