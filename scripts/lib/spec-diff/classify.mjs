// Our rules: turns each of optic's raw diffs (over dereferenced documents) into a change classified for the
// consumers of the generated packages.

const DOC_KEYWORDS = new Set(["description", "summary", "example", "examples", "externalDocs", "title", "deprecated"]);
const TIGHTER = { minimum: "up", exclusiveMinimum: "up", minLength: "up", minItems: "up", maximum: "down" };
Object.assign(TIGHTER, { exclusiveMaximum: "down", maxLength: "down", maxItems: "down" });
const METADATA = new Set(["version", "x-upstream-version"]);

/**
 * @param {{ before?: string, after?: string }} diff one of optic's diffs (JSON pointers into base and head)
 * @param {{ base: object, head: object, rawBase: object, rawHead: object }} docs dereferenced and raw documents
 * @returns {{ level: "breaking"|"feature"|"fix"|"none", kind: string, message: string, at: string } | undefined}
 */
export function classifyDiff(diff, docs) {
  const pointer = diff.after ?? diff.before;
  const change = diff.before === undefined ? "added" : diff.after === undefined ? "removed" : "changed";
  const segs = parsePointer(pointer);
  const ctx = { diff, docs, change, segs, pointer };
  if (segs[0] === "components") return undefined; // note: seen through the operations that use them
  if (segs[0] === "info") {
    if (METADATA.has(segs[1]) || segs[1]?.startsWith("x-"))
      return make("none", "metadata", `info.${segs[1]} ${change}`);
    return make("fix", "info", `info.${segs.slice(1).join(".")} ${change}`);
  }
  if (segs[0] !== "paths") {
    if (segs[0]?.startsWith("x-")) return make("none", "metadata", `${segs[0]} ${change}`);
    return make("fix", "document", `${segs.join(".")} ${change}`);
  }
  return classifyPath(ctx);

  function make(level, kind, message) {
    return { level, kind, message, at: pointer };
  }
}

function classifyPath(ctx) {
  const { segs, change } = ctx;
  const [, path, method, section, ...rest] = segs;
  const at = (n) => toPointer(segs.slice(0, n));
  const make = (level, kind, message, n = segs.length) => ({ level, kind, message, at: at(n) });
  if (method === undefined) {
    if (change === "removed") return make("breaking", "path-removed", `path ${path} removed`);
    return make("feature", "path-added", `path ${path} added`);
  }
  if (method === "parameters" || !HTTP_METHODS.has(method)) {
    return make("fix", "path-item", `path ${path} ${segs.slice(2).join(".")} ${change}`);
  }
  const op = operationName(ctx);
  if (section === undefined) {
    if (change === "removed") return make("breaking", "operation-removed", `operation ${op} removed`);
    return make("feature", "operation-added", `operation ${op} added`);
  }
  if (section === "operationId") {
    const before = valueAt(ctx.docs.base, ctx.diff.before);
    const after = valueAt(ctx.docs.head, ctx.diff.after);
    return make("breaking", "operation-renamed", `operation ${before} renamed to ${after}`);
  }
  if (section === "parameters") return classifyParameter(ctx, op, make);
  if (section === "responses") return classifyResponse(ctx, op, make);
  if (section === "requestBody") return classifyRequestBody(ctx, op, make);
  if (section === "security") return make("breaking", "security", `operation ${op} security ${change}`);
  if (DOC_KEYWORDS.has(section) || section === "tags" || section.startsWith("x-")) {
    return make("fix", "documentation", `operation ${op} ${section} ${shallow(segs, 3, change)}`);
  }
  return make(
    "breaking",
    "unclassified",
    `operation ${op} ${rest.length ? [section, ...rest].join(".") : section} ${change} (unclassified: review it)`,
  );
}

function classifyParameter(ctx, op, make) {
  const { segs, change, docs, diff } = ctx;
  const index = 5; // paths, path, method, parameters, N
  const param =
    change === "removed"
      ? valueAt(docs.base, toPointer(segs.slice(0, index)))
      : valueAt(docs.head, toPointer(segs.slice(0, index)));
  const tail = segs.slice(index);
  // note: a change inside a shared parameter (a `$ref` to components) is said once, not once per operation.
  const raw = change === "added" ? docs.rawHead : docs.rawBase;
  const shared = tail.length > 0 && typeof valueAt(raw, toPointer(segs.slice(0, index)))?.$ref === "string";
  const name = `${param?.in ?? "?"} parameter ${param?.name ?? segs[4]}${shared ? "" : ` of ${op}`}`;
  if (tail.length === 0) {
    if (change === "removed") return make("breaking", "parameter-removed", `${name} removed`);
    if (param?.required) return make("breaking", "required-parameter-added", `required ${name} added`);
    return make("feature", "optional-parameter-added", `optional ${name} added`);
  }
  if (tail[0] === "required") {
    const now = valueAt(docs.head, diff.after) === true;
    if (now) return make("breaking", "parameter-made-required", `${name} made required`, index);
    return make("feature", "parameter-made-optional", `${name} made optional`, index);
  }
  if (tail[0] === "schema") return classifySchema(ctx, "request", name, index + 1, make);
  if (DOC_KEYWORDS.has(tail[0])) return make("fix", "documentation", `${name} ${tail[0]} ${shallow(tail, 0, change)}`);
  if (tail[0] === "name" || tail[0] === "in")
    return make("breaking", "parameter-renamed", `${name} ${tail[0]} changed`, index);
  return make("breaking", "unclassified", `${name} ${tail.join(".")} ${change} (unclassified: review it)`);
}

function classifyResponse(ctx, op, make) {
  const { segs, change } = ctx;
  const code = segs[4];
  if (code === undefined) return make("breaking", "unclassified", `responses of ${op} ${change}`);
  const where = `response ${code} of ${op}`;
  const tail = segs.slice(5);
  if (tail.length === 0) {
    if (change === "removed") return make("breaking", "response-removed", `${where} removed`);
    return make("feature", "response-added", `${where} added`);
  }
  if (DOC_KEYWORDS.has(tail[0])) return make("fix", "documentation", `${where} ${tail[0]} ${shallow(tail, 0, change)}`);
  if (tail[0] === "headers") {
    const header = tail[1];
    if (tail.length === 2) {
      if (change === "removed") return make("breaking", "response-header-removed", `${where} header ${header} removed`);
      return make("feature", "response-header-added", `${where} header ${header} added`);
    }
    if (tail[2] === "schema") return classifySchema(ctx, "response", `${where} header ${header}`, 8, make);
    return make("fix", "documentation", `${where} header ${header} ${tail[2]} ${shallow(tail, 2, change)}`);
  }
  if (tail[0] === "content") {
    const media = tail[1];
    if (tail.length === 2) {
      if (change === "removed") return make("breaking", "media-type-removed", `${where} ${media} removed`);
      return make("feature", "media-type-added", `${where} ${media} added`);
    }
    if (tail[2] === "schema") return classifySchema(ctx, "response", where, 8, make);
    return make("fix", "documentation", `${where} ${media} ${tail[2]} ${shallow(tail, 2, change)}`);
  }
  return make("breaking", "unclassified", `${where} ${tail.join(".")} ${change} (unclassified: review it)`);
}

function classifyRequestBody(ctx, op, make) {
  const { segs, change } = ctx;
  const where = `request body of ${op}`;
  const schemaAt = segs.indexOf("schema");
  if (schemaAt > 0) return classifySchema(ctx, "request", where, schemaAt + 1, make);
  if (segs.length === 4) {
    if (change === "removed") return make("breaking", "request-body-removed", `${where} removed`);
    return make("breaking", "request-body-added", `${where} added`);
  }
  if (segs[4] === "required")
    return make(
      ctx.docs.head && valueAt(ctx.docs.head, ctx.diff.after) ? "breaking" : "feature",
      "request-body-required",
      `${where} required ${change}`,
    );
  return make("fix", "documentation", `${where} ${segs.slice(4).join(".")} ${change}`);
}

/**
 * A change inside a schema. `side` says who reads it: a request schema is written by our users (narrowing it breaks
 * them), a response schema is read by them (removing, loosening or widening it breaks them).
 */
function classifySchema(ctx, side, where, schemaIndex, make) {
  const { segs, change, docs, diff } = ctx;
  const { field, keywordIndex } = fieldPath(ctx, schemaIndex);
  const keyword = segs[keywordIndex];
  const subject = field ? `${side} ${field}` : where;
  const fieldAt = keywordIndex;
  const before = diff.before === undefined ? undefined : valueAt(docs.base, diff.before);
  const after = diff.after === undefined ? undefined : valueAt(docs.head, diff.after);
  const response = side === "response";
  const level = (narrowing) => (response ? (narrowing ? "feature" : "breaking") : narrowing ? "breaking" : "feature");
  if (keyword === undefined) {
    if (change === "removed") return make("breaking", "field-removed", `${subject} removed`, fieldAt);
    if (response) return make("feature", "field-added", `${subject} added`, fieldAt);
    const parent = valueAt(docs.head, toPointer(segs.slice(0, keywordIndex - 2)));
    const name = segs[keywordIndex - 1];
    if (parent?.required?.includes(name))
      return make("breaking", "required-field-added", `required ${subject} added`, fieldAt);
    return make("feature", "field-added", `optional ${subject} added`, fieldAt);
  }
  if (keyword === "required") {
    const name = before ?? after;
    const of = field ? `${side} ${field}.${name}` : `${side} ${name} (${where})`;
    const at = toPointer([...segs.slice(0, keywordIndex), "properties", String(name)]);
    if (change === "removed") {
      if (response) return { level: "breaking", kind: "field-made-optional", message: `${of} made optional`, at };
      return { level: "feature", kind: "field-made-optional", message: `${of} made optional`, at };
    }
    if (Array.isArray(after) || Array.isArray(before))
      return make(level(true), "required-changed", `${subject} required fields changed`, fieldAt);
    if (response) return { level: "feature", kind: "field-made-required", message: `${of} made required`, at };
    return { level: "breaking", kind: "field-made-required", message: `${of} made required`, at };
  }
  if (keyword === "nullable") {
    const nullableNow = after === true;
    if (nullableNow)
      return make(response ? "breaking" : "feature", "made-nullable", `${subject} made nullable`, fieldAt);
    return make(response ? "feature" : "breaking", "made-non-nullable", `${subject} no longer nullable`, fieldAt);
  }
  if (keyword === "type" || (keyword === "format" && !response)) {
    return make(
      "breaking",
      "type-changed",
      `${subject} ${keyword} changed from ${show(before)} to ${show(after)}`,
      fieldAt,
    );
  }
  if (keyword === "enum") {
    if (segs.length === keywordIndex + 1) {
      return make("breaking", "enum-changed", `${subject} enum ${change}`, fieldAt);
    }
    // note: removing a value breaks both sides: TypeScript rejects a comparison with a literal the union lost.
    if (change === "removed")
      return make("breaking", "enum-value-removed", `${subject} enum value ${show(before)} removed`, fieldAt);
    if (change === "added")
      return make(level(false), "enum-value-added", `${subject} enum value ${show(after)} added`, fieldAt);
    return make(
      "breaking",
      "enum-value-changed",
      `${subject} enum value ${show(before)} changed to ${show(after)}`,
      fieldAt,
    );
  }
  if (keyword in TIGHTER) {
    const up = TIGHTER[keyword] === "up";
    const tightened =
      before === undefined ? after !== undefined : after === undefined ? false : up ? after > before : after < before;
    const text = `${subject} ${keyword} ${before === undefined ? `set to ${show(after)}` : after === undefined ? `${show(before)} removed` : `${show(before)} → ${show(after)}`}`;
    if (response) return make("fix", "bounds-changed", text, fieldAt);
    return make(tightened ? "breaking" : "feature", tightened ? "bounds-tightened" : "bounds-loosened", text, fieldAt);
  }
  if (keyword === "pattern") {
    if (response) return make("fix", "pattern-changed", `${subject} pattern ${change}`, fieldAt);
    return make(
      change === "removed" ? "feature" : "breaking",
      "pattern-changed",
      `${subject} pattern ${change}`,
      fieldAt,
    );
  }
  if (DOC_KEYWORDS.has(keyword) || keyword === "default" || keyword === "format" || keyword.startsWith("x-")) {
    return make("fix", "documentation", `${subject} ${keyword} ${shallow(segs, keywordIndex, change)}`, fieldAt);
  }
  return make(
    "breaking",
    "unclassified",
    `${subject} ${segs.slice(keywordIndex).join(".")} ${change} (unclassified: review it)`,
    fieldAt,
  );
}

/**
 * The field a schema pointer lands on, named from the raw document: after the last `$ref` crossed, so a property of
 * `#/components/schemas/artifact` reads `artifact.digest` wherever the schema is used.
 */
function fieldPath(ctx, schemaIndex) {
  const { segs } = ctx;
  const raw = ctx.change === "added" ? ctx.docs.rawHead : ctx.docs.rawBase;
  let node = raw;
  let crossed; // the component name of the last `$ref` followed, until the walk goes deeper
  const step = (seg) => {
    node = node?.[seg];
    crossed = undefined;
    while (node && typeof node === "object" && typeof node.$ref === "string") {
      crossed = node.$ref.split("/").pop();
      node = resolvePointer(raw, node.$ref.slice(1));
    }
  };
  let i = 0;
  for (; i < schemaIndex; i++) step(segs[i]);
  let names = [];
  const descend = () => {
    if (crossed) names = [crossed];
  };
  while (i < segs.length) {
    const seg = segs[i];
    if (seg === "properties" && segs[i + 1] !== undefined) {
      descend();
      names.push(segs[i + 1]);
      step(seg);
      step(segs[i + 1]);
      i += 2;
    } else if (seg === "items" || seg === "additionalProperties") {
      descend();
      names.push(seg === "items" ? "[]" : "{}");
      step(seg);
      i += 1;
    } else if ((seg === "allOf" || seg === "anyOf" || seg === "oneOf") && /^\d+$/.test(segs[i + 1] ?? "")) {
      descend();
      step(seg);
      step(segs[i + 1]);
      i += 2;
    } else break;
  }
  if (names.length === 0 || segs[i] === "required") descend();
  const field = names.join(".").replaceAll(".[]", "[]").replaceAll(".{}", "{}");
  return { field, keywordIndex: i };
}

function operationName(ctx) {
  const [, path, method] = ctx.segs;
  const op =
    valueAt(ctx.docs.base, toPointer(["paths", path, method])) ??
    valueAt(ctx.docs.head, toPointer(["paths", path, method]));
  return op?.operationId ?? `${method.toUpperCase()} ${path}`;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * "changed" when the diff lies below the keyword at `index`: an edit deep inside an example reads as the example
 * changed, so that many such edits collapse into one line.
 */
function shallow(segs, index, change) {
  return segs.length > index + 1 ? "changed" : change;
}

function show(value) {
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

export function parsePointer(pointer) {
  if (!pointer || pointer === "/") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

export function toPointer(segs) {
  return segs.length ? `/${segs.map((s) => String(s).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}` : "";
}

function resolvePointer(doc, pointer) {
  let node = doc;
  for (const seg of parsePointer(pointer)) node = node?.[seg];
  return node;
}

export function valueAt(doc, pointer) {
  return pointer === undefined ? undefined : resolvePointer(doc, pointer);
}
