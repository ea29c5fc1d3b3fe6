import { parameterRules } from "@gh-artifacts/types";
import { InvalidInputError } from "./errors.js";
import { warnIfDeprecated } from "./warn-deprecated.js";

/** The operationIds this client calls. */
export type OperationId = keyof typeof parameterRules;

/**
 * `[type, required, minimum, maximum, enum]`, as generated from the spec (`null` for an absent bound; the type of a
 * parameter that takes several is them joined, `"integer|string"`).
 */
type Rule = readonly [
  type: string,
  required: boolean,
  minimum?: number | null,
  maximum?: number | null,
  values?: readonly string[],
];

// note: GitHub's description says nothing about the shape of owner/repo/name, so these rules live here; everything
// the spec does state (integer bounds, enums, required) is read from `parameterRules` below.
// note: Enterprise Managed Users on GitHub.com are named HANDLE_SHORTCODE: the normalized IdP name, "_", and the
// enterprise's shortcode (3-8 letters or digits), e.g. `octocat_acme`, and their repositories live under that login.
const OWNER = /^(?=.{1,39}$)[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*(?:_[A-Za-z0-9]{3,8})?$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this rejects
const NAME_FORBIDDEN = /[/\\\u0000-\u001f\u007f]/;

// note: a workflow's file name is one path segment of the URL, so the same characters are refused as in a name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this rejects
const WORKFLOW_FILE = /^[^/\\\u0000-\u001f\u007f]+\.ya?ml$/;
const SHA = /^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/;
const EVENT = /^[a-z][a-z_]{0,63}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this rejects
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A filter value GitHub compares as given (a branch, a login, a date range): non-empty, no control characters. */
const plainText = (v: string) =>
  v.length > 0 && !CONTROL.test(v) ? undefined : "must be a non-empty string without control characters";

/** The rule of a parameter of several types, said once for all of them. */
const ruleTexts: Record<string, string> = {
  workflow_id:
    'must be a workflow id (an integer >= 1) or its file name ("ci.yml", no "/", "\\" or control characters)',
};

const customRules: Record<string, (value: string) => string | undefined> = {
  owner: (v) =>
    OWNER.test(v)
      ? undefined
      : "must be a GitHub login: 1-39 letters, digits or single hyphens, not starting or ending with a hyphen, " +
        'optionally ending in "_" and a 3-8 letter or digit shortcode (managed users)',
  repo: (v) =>
    REPO.test(v) && v !== "." && v !== ".."
      ? undefined
      : 'must be 1-100 characters of A-Z, a-z, 0-9, ".", "_" or "-", and not "." or ".."',
  name: (v) =>
    v.length > 0 && !NAME_FORBIDDEN.test(v)
      ? undefined
      : 'must be a non-empty string without "/", "\\" or control characters',
  workflow_id: (v) => (WORKFLOW_FILE.test(v) && !v.startsWith(".") ? undefined : ruleTexts.workflow_id),
  head_sha: (v) => (SHA.test(v) ? undefined : "must be a full commit SHA: 40 (or 64) hexadecimal digits"),
  event: (v) => (EVENT.test(v) ? undefined : 'must be an event name such as "push" or "pull_request"'),
  branch: plainText,
  actor: plainText,
  created: plainText,
};

const isInteger = (value: unknown, minimum?: number | null, maximum?: number | null) =>
  typeof value === "number" &&
  Number.isSafeInteger(value) &&
  (minimum == null || value >= minimum) &&
  (maximum == null || value <= maximum);

function integerRule(minimum?: number | null, maximum?: number | null): string {
  if (minimum != null && maximum != null) return `must be an integer from ${minimum} to ${maximum}`;
  if (minimum != null) return `must be an integer >= ${minimum}`;
  if (maximum != null) return `must be an integer <= ${maximum}`;
  return "must be a safe integer";
}

function check(name: string, [type, , minimum, maximum, values]: Rule, value: unknown): void {
  if (type === "integer") {
    if (!isInteger(value, minimum, maximum)) throw new InvalidInputError(name, integerRule(minimum, maximum));
    return;
  }
  if (type === "boolean") {
    if (typeof value !== "boolean") throw new InvalidInputError(name, "must be a boolean");
    return;
  }
  // note: a parameter of several types (`workflow_id`: an id or a file name) is checked by the type of its value.
  if (type === "integer|string" && typeof value !== "string") {
    if (!isInteger(value, minimum, maximum)) {
      throw new InvalidInputError(name, ruleTexts[name] ?? `${integerRule(minimum, maximum)} or a string`);
    }
    return;
  }
  if (typeof value !== "string") throw new InvalidInputError(name, "must be a string");
  if (values && !values.includes(value)) {
    throw new InvalidInputError(name, `must be one of ${values.map((e) => JSON.stringify(e)).join(", ")}`);
  }
  const problem = customRules[name]?.(value);
  if (problem) throw new InvalidInputError(name, problem);
}

/** The integer bounds of a parameter as the spec states them (e.g. `per_page` of a list operation). */
export function parameterBounds(operationId: OperationId, name: string): { minimum?: number; maximum?: number } {
  const rule: Rule | undefined = (parameterRules[operationId] as Record<string, Rule>)[name];
  return { minimum: rule?.[2] ?? undefined, maximum: rule?.[3] ?? undefined };
}

/**
 * Throws `InvalidInputError` for the first path or query parameter of `operationId` that breaks a rule. Only the
 * parameters the spec names are checked, and only those are ever sent, so unknown keys cannot reach the URL.
 * note: headers (X-GitHub-Api-Version) are client options, not call parameters: the rules leave them out.
 * Every call of an operation passes here first, so this is also where a deprecated one is reported.
 */
export function validateParams(operationId: OperationId, params: unknown): asserts params is Record<string, unknown> {
  warnIfDeprecated(operationId);
  if (params === null || typeof params !== "object") throw new InvalidInputError("params", "must be an object");
  const values = params as Record<string, unknown>;
  for (const [name, rule] of Object.entries(parameterRules[operationId] as Record<string, Rule>)) {
    const value = values[name];
    if (value === undefined) {
      if (rule[1]) throw new InvalidInputError(name, "is required");
      continue;
    }
    check(name, rule, value);
  }
}

/** Checks an option that is ours rather than GitHub's, such as `concurrency`. */
export function validateInteger(field: string, value: unknown, minimum: number, maximum: number): void {
  if (!isInteger(value, minimum, maximum)) throw new InvalidInputError(field, integerRule(minimum, maximum));
}

/**
 * Checks `options` is an object holding none but the `known` keys: a misspelt key (`brnach`) would otherwise be
 * ignored without a word and widen what the call acts on. `field` names the object, `what` the kind of key.
 */
export function validateOptionKeys(options: unknown, field: string, known: readonly string[], what: string): void {
  if (options === null || typeof options !== "object") throw new InvalidInputError(field, "must be an object");
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new InvalidInputError(key, `is not ${what} (${known.join(", ")})`);
  }
}
