// A semantic diff of spec/artifacts.yaml, classified for the consumers of the generated packages.
import { execFileSync } from "node:child_process";
import YAML from "yaml";
import { classifyDiff } from "./spec-diff/classify.mjs";
import { combineChanges, LEVELS } from "./spec-diff/combine.mjs";
import { normalizeNullability } from "./spec-diff/normalize.mjs";
import { runOptic } from "./spec-diff/optic.mjs";

export const SPEC_FILE = "spec/artifacts.yaml";
export { LEVELS };

/**
 * Compares two parsed OpenAPI documents (the shape of spec/artifacts.yaml). `$ref`s are resolved and nullability
 * normalised first; optic's differ finds what changed and our rules classify each change; optic's breaking-changes
 * ruleset is run as well, and anything it flags that our rules did not becomes a breaking change too.
 * @returns {Promise<{ level: "breaking"|"feature"|"fix"|"none",
 *   changes: Array<{ level: "breaking"|"feature"|"fix"|"none", kind: string, message: string }> }>}
 */
export async function diffSpecs(baseDoc, headDoc) {
  const rawBase = normalizeNullability(baseDoc);
  const rawHead = normalizeNullability(headDoc);
  const { base, head, diffs, failures } = await runOptic(rawBase, rawHead);
  const docs = { base, head, rawBase, rawHead };
  const classified = diffs.map((diff) => classifyDiff(diff, docs)).filter(Boolean);
  const changes = combineChanges(classified, failures);
  const level = changes.reduce((top, c) => (rank(c.level) > rank(top) ? c.level : top), "none");
  return { level, changes };
}

/** The lines `pnpm spec:diff` prints: one per change, most severe first, then `spec change: <class>`. */
export function formatDiff({ level, changes }) {
  return [...changes.map((change) => `${change.level.padEnd(9)} ${change.message}`), `spec change: ${level}`];
}

function rank(level) {
  return LEVELS.indexOf(level);
}

/**
 * The parsed spec/artifacts.yaml at a git ref (`git show REF:spec/artifacts.yaml`).
 * @param {string} ref a branch, tag or commit
 * @param {{ cwd?: string }} [options] a directory inside the repository (default: the current one)
 */
export async function readSpecAt(ref, { cwd = process.cwd() } = {}) {
  let text;
  try {
    text = execFileSync("git", ["show", `${ref}:${SPEC_FILE}`], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 << 20,
    });
  } catch (error) {
    const why = String(error.stderr ?? error.message)
      .trim()
      .split("\n")[0]
      .replace(/\.$/, "");
    throw new SpecRefError(
      `cannot read ${SPEC_FILE} at "${ref}": ${why}. Pass an existing branch, tag or commit with --base REF (e.g. --base HEAD, or git fetch origin main first).`,
    );
  }
  return YAML.parse(text);
}

/** An unreadable git ref, or a ref without spec/artifacts.yaml. */
export class SpecRefError extends Error {
  name = "SpecRefError";
}
