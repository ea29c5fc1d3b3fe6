// Says which upstream change made an overlay action miss: the action's target is matched against the spec the last
// sync wrote, and what it reached there (a component and the operations using it, a parameter, a response) is looked
// for in the new document.

import { operationsOf } from "./names.mjs";
import { matchTarget } from "./overlay.mjs";
import { parsePointer, valueAt } from "./pointer.mjs";

const deref = (doc, node) => (node?.$ref ? valueAt(doc, node.$ref) : node);

function operationById(doc, id) {
  return operationsOf(doc).find((o) => o.op.operationId === id);
}

/** Where the operations of `doc` use the component `ref` directly: `response 410 of actions/download-artifact`. */
function usersOf(doc, ref) {
  const users = [];
  for (const { op } of operationsOf(doc)) {
    for (const p of op.parameters ?? []) {
      if (p?.$ref === ref) users.push({ kind: "parameter", name: deref(doc, p)?.name, operation: op.operationId });
    }
    for (const [code, r] of Object.entries(op.responses ?? {})) {
      if (r?.$ref === ref) users.push({ kind: "response", name: code, operation: op.operationId });
    }
  }
  return users;
}

/** What became of one parameter or response of an operation in `doc`. */
function fateOf(doc, { kind, name, operation }) {
  const found = operationById(doc, operation);
  const what = `${kind} ${name} of ${operation}`;
  if (!found) return `upstream removed ${operation}`;
  if (kind === "response") {
    const r = found.op.responses?.[name];
    if (!r) return `upstream removed the ${what}`;
    return r.$ref ? `the ${what} is now ${r.$ref.slice(2).replaceAll("/", ".")}` : `the ${what} is now written inline`;
  }
  const p = (found.op.parameters ?? []).find((x) => deref(doc, x)?.name === name);
  if (!p) return `upstream removed the ${what}`;
  return p.$ref ? `the ${what} is now ${p.$ref.slice(2).replaceAll("/", ".")}` : `the ${what} is now written inline`;
}

/** Why `pointer` (a place the last spec had) is not in `doc`, in words. */
export function whyGone(previous, doc, pointer) {
  const segs = parsePointer(pointer);
  if (segs[0] === "components" && segs.length >= 3) {
    const [, kind, name] = segs;
    const component = `components.${kind}.${name}`;
    const users = usersOf(previous, `#/components/${kind}/${name}`);
    const fates = users.map((u) => fateOf(doc, u));
    const lead = doc.components?.[kind]?.[name]
      ? `no operation uses ${component} any more`
      : `upstream has no ${component} any more`;
    if (fates.length === 0) return lead;
    return `${lead} (the last spec used it as the ${users.map((u) => `${u.kind} ${u.name} of ${u.operation}`).join(", ")}: ${fates.join("; ")})`;
  }
  if (segs[0] === "paths" && segs.length >= 3) {
    const op = valueAt(previous, `/paths/${segs[1].replaceAll("~", "~0").replaceAll("/", "~1")}/${segs[2]}`);
    const id = op?.operationId ?? `${segs[2].toUpperCase()} ${segs[1]}`;
    if (!operationById(doc, id)) return `upstream has no ${id} any more`;
    if (segs[3] === "parameters" && segs[4] !== undefined) {
      const name = deref(previous, op.parameters?.[segs[4]])?.name;
      if (name) return fateOf(doc, { kind: "parameter", name, operation: id });
    }
    if (segs[3] === "responses" && segs[4] !== undefined)
      return fateOf(doc, { kind: "response", name: segs[4], operation: id });
    return `${id} changed upstream at ${segs.slice(3).join(".") || "its path"}`;
  }
  return `${segs.join(".")} changed upstream`;
}

/**
 * The reason an action's target matched nothing in `doc`, from what it matched in `previous` (the spec the last
 * sync wrote; undefined when there is none).
 */
export function explainUnmatched(target, doc, previous) {
  if (!previous) return "no earlier spec to compare with";
  let before;
  try {
    before = matchTarget(previous, target);
  } catch {
    before = [];
  }
  if (before.length === 0) return "it matched nothing in the last spec either: check the target";
  return [...new Set(before.map((pointer) => whyGone(previous, doc, pointer)))].join("; ");
}
