import { operationParameters } from "@gh-artifacts/types";
import { InvalidInputError } from "./errors.js";

/** The operationIds this client calls. */
export type OperationId = keyof typeof operationParameters;

interface ParameterSchema {
  readonly type: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
}

interface ParameterSpec {
  readonly in: string;
  readonly required: boolean;
  readonly schema: ParameterSchema;
}

// note: GitHub's description says nothing about the shape of owner/repo/name, so these rules live here; everything
// the spec does state (integer bounds, enums, required) is read from `operationParameters` below.
// note: Enterprise Managed Users on GitHub.com are named HANDLE_SHORTCODE: the normalized IdP name, "_", and the
// enterprise's shortcode (3-8 letters or digits), e.g. `octocat_acme`, and their repositories live under that login.
const OWNER = /^(?=.{1,39}$)[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*(?:_[A-Za-z0-9]{3,8})?$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this rejects
const NAME_FORBIDDEN = /[/\\\u0000-\u001f\u007f]/;

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
};

function integerRule(schema: ParameterSchema): string {
  if (schema.minimum !== undefined && schema.maximum !== undefined) {
    return `must be an integer from ${schema.minimum} to ${schema.maximum}`;
  }
  if (schema.minimum !== undefined) return `must be an integer >= ${schema.minimum}`;
  if (schema.maximum !== undefined) return `must be an integer <= ${schema.maximum}`;
  return "must be a safe integer";
}

function check(name: string, spec: ParameterSpec, value: unknown): void {
  const { schema } = spec;
  if (schema.type === "integer") {
    const ok =
      typeof value === "number" &&
      Number.isSafeInteger(value) &&
      (schema.minimum === undefined || value >= schema.minimum) &&
      (schema.maximum === undefined || value <= schema.maximum);
    if (!ok) throw new InvalidInputError(name, integerRule(schema));
    return;
  }
  if (typeof value !== "string") throw new InvalidInputError(name, "must be a string");
  if (schema.enum && !schema.enum.includes(value)) {
    throw new InvalidInputError(name, `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
  }
  const problem = customRules[name]?.(value);
  if (problem) throw new InvalidInputError(name, problem);
}

/** The integer bounds of a parameter as the spec states them (e.g. `per_page` of a list operation). */
export function parameterBounds(operationId: OperationId, name: string): { minimum?: number; maximum?: number } {
  const parameters: Record<string, ParameterSpec> = operationParameters[operationId].parameters;
  const schema = parameters[name]?.schema;
  return { minimum: schema?.minimum, maximum: schema?.maximum };
}

/**
 * Throws `InvalidInputError` for the first path or query parameter of `operationId` that breaks a rule. Only the
 * parameters the spec names are checked, and only those are ever sent, so unknown keys cannot reach the URL.
 */
export function validateParams(operationId: OperationId, params: unknown): asserts params is Record<string, unknown> {
  if (params === null || typeof params !== "object") throw new InvalidInputError("params", "must be an object");
  const values = params as Record<string, unknown>;
  const parameters: Record<string, ParameterSpec> = operationParameters[operationId].parameters;
  for (const [name, spec] of Object.entries(parameters)) {
    // note: headers (X-GitHub-Api-Version) are client options, not call parameters.
    if (spec.in === "header") continue;
    const value = values[name];
    if (value === undefined) {
      if (spec.required) throw new InvalidInputError(name, "is required");
      continue;
    }
    check(name, spec, value);
  }
}

/** Checks an option that is ours rather than GitHub's, such as `concurrency`. */
export function validateInteger(field: string, value: unknown, minimum: number, maximum: number): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    throw new InvalidInputError(field, `must be an integer from ${minimum} to ${maximum}`);
  }
}
