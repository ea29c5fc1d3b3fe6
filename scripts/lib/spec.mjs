// Reads spec/artifacts.yaml for tests that derive what they cover from the spec itself.
import { readFileSync } from "node:fs";
import YAML from "yaml";
import { SPEC_PATH } from "./prism.mjs";

/** The parsed spec (a fresh object each call, so a test may change it freely). */
export function loadSpec(file = SPEC_PATH) {
  return YAML.parse(readFileSync(file, "utf8"));
}

/** Every declared response as `operationId status`, e.g. `actions/get-artifact 404`, sorted. */
export function declaredResponses(doc = loadSpec()) {
  return Object.values(doc.paths)
    .flatMap((item) => Object.values(item))
    .filter((op) => op?.operationId)
    .flatMap((op) => Object.keys(op.responses).map((status) => `${op.operationId} ${status}`))
    .sort();
}

/** Writes a YAML document to a file, for tests that start Prism on a deliberately broken spec. */
export function stringifySpec(doc) {
  return YAML.stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false });
}
