import { parameterRules } from "@gh-artifacts/types";
import { InvalidInputError } from "../errors.js";
import { validateParams } from "../validate.js";
import type { Route } from "./match-route.js";

// note: a URL carries strings; only the one spelling of a number is read as one ("01", "+1", "1e3", " 1" and "1.0"
// stay strings and fail the integer rule), so what is checked is exactly what GitHub receives.
const CANONICAL_INTEGER = /^(?:0|[1-9][0-9]*)$/;

/**
 * The operation's path and query parameters, checked by the client's own rules (`validateParams`: the spec's
 * required flags, integer bounds and enums, plus the owner/repo/name rules). Query parameters the operation does
 * not declare are left out; a declared one given twice is refused. Throws `InvalidInputError` naming the field.
 */
export function readParams(
  route: Route,
  path: Record<string, string>,
  query: URLSearchParams,
): Record<string, string | number | boolean> {
  const rules = parameterRules[route.operationId] as Record<string, readonly unknown[]>;
  const values: Record<string, string | number | boolean> = {};
  const take = (name: string, raw: string) => {
    const type = rules[name]?.[0];
    // note: `workflow_id` is an id or a file name: digits are the id, as GitHub reads them.
    if ((type === "integer" || type === "integer|string") && CANONICAL_INTEGER.test(raw)) values[name] = Number(raw);
    else if (type === "boolean" && (raw === "true" || raw === "false")) values[name] = raw === "true";
    else values[name] = raw;
  };
  for (const [name, raw] of Object.entries(path)) take(name, raw);
  for (const name of route.query) {
    const given = query.getAll(name);
    if (given.length > 1) throw new InvalidInputError(name, "must be given at most once");
    if (given[0] !== undefined) take(name, given[0]);
  }
  validateParams(route.operationId, values);
  return values;
}
