// A semantic diff of spec/artifacts.yaml, classified for the consumers of the generated packages.
import { execFileSync } from "node:child_process";
import YAML from "yaml";
import { classifyDiff } from "./spec-diff/classify.mjs";
import { normalizeNullability } from "./spec-diff/normalize.mjs";
import { runOptic } from "./spec-diff/optic.mjs";

export const SPEC_FILE = "spec/artifacts.yaml";
export const LEVELS = ["none", "fix", "feature", "breaking"];

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
  // note: a field removed or added also leaves or enters `required`; the field's own line says enough.
  const fieldsAt = new Set(
    classified.filter((c) => c.kind === "field-removed" || c.kind === "field-added").map((c) => c.at),
  );
  const found = classified.filter((c) => !(c.kind.startsWith("field-made-") && fieldsAt.has(c.at)));
  const breakingAt = found.filter((c) => c.level === "breaking").map((c) => c.at);
  for (const failure of failures) {
    // note: optic points at the entity (a property, a parameter); ours may sit above or below it.
    const covered = breakingAt.some((at) => at.startsWith(failure.pointer) || failure.pointer.startsWith(at));
    if (!covered)
      found.push({ level: "breaking", kind: `optic: ${failure.name}`, message: failure.error, at: failure.pointer });
  }
  const changes = dedupe(found).sort((a, b) => rank(b.level) - rank(a.level) || a.message.localeCompare(b.message));
  const level = changes.reduce((top, c) => (rank(c.level) > rank(top) ? c.level : top), "none");
  return { level, changes };
}

function rank(level) {
  return LEVELS.indexOf(level);
}

/** One entry per message: a change to a shared component shows once, however many operations use it. */
function dedupe(changes) {
  const byMessage = new Map();
  for (const { level, kind, message } of changes) {
    const seen = byMessage.get(message);
    if (!seen || rank(level) > rank(seen.level)) byMessage.set(message, { level, kind, message });
  }
  return [...byMessage.values()];
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
      .split("\n")[0];
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
