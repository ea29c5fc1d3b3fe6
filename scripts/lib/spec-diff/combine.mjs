// Merges our classified changes with the breaking changes optic's ruleset flagged, into the list users read.

export const LEVELS = ["none", "fix", "feature", "breaking"];
const rank = (level) => LEVELS.indexOf(level);

/**
 * @param {Array<{ level: string, kind: string, message: string, at: string }>} classified our rules' changes, each
 *   with the JSON pointer of the entity it is about (in the dereferenced document)
 * @param {Array<{ name: string, error: string, pointer: string }>} failures what optic's breaking-changes ruleset flagged
 * @returns {Array<{ level: string, kind: string, message: string }>} most severe first, one per message
 */
export function combineChanges(classified, failures) {
  // note: a field removed or added also leaves or enters `required`; the field's own line says enough.
  const fieldsAt = new Set(
    classified.filter((c) => c.kind === "field-removed" || c.kind === "field-added").map((c) => c.at),
  );
  const found = classified.filter((c) => !(c.kind.startsWith("field-made-") && fieldsAt.has(c.at)));
  const breakingAt = found.filter((c) => c.level === "breaking").map((c) => c.at);
  for (const failure of failures) {
    // note: optic points at the entity (a property, a parameter); ours may sit above or below it.
    const covered = breakingAt.some((at) => within(at, failure.pointer) || within(failure.pointer, at));
    if (!covered) {
      found.push({ level: "breaking", kind: `optic: ${failure.name}`, message: failure.error, at: failure.pointer });
    }
  }
  return dedupe(found).sort((a, b) => rank(b.level) - rank(a.level) || a.message.localeCompare(b.message));
}

function within(pointer, ancestor) {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
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
