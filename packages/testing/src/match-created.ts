// GitHub's `created` filter of the run listings, in the search syntax for dates: `2026-01-15`, `>=2026-01-15`,
// `<2026-01-15T12:00:00Z`, `2026-01-01..2026-01-31` (either end may be `*`).

/** Whether a run created at `time` (ms) matches `created`; a value the fake cannot read matches nothing. */
export function matchesCreated(created: string, time: number): boolean {
  const range = /^(.+)\.\.(.+)$/.exec(created);
  if (range) {
    const [, from = "", to = ""] = range;
    return (from === "*" || time >= start(from)) && (to === "*" || time < end(to));
  }
  const compare = /^(>=|<=|>|<)(.+)$/.exec(created);
  if (compare) {
    const [, op, date = ""] = compare;
    if (op === ">=") return time >= start(date);
    if (op === ">") return time >= end(date);
    if (op === "<=") return time < end(date);
    return time < start(date);
  }
  return time >= start(created) && time < end(created);
}

const isDay = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date);

/** The first ms a date covers (a day covers all of it, UTC). */
function start(date: string): number {
  const at = Date.parse(isDay(date) ? `${date}T00:00:00Z` : date);
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

/** The first ms past what a date covers. */
function end(date: string): number {
  const at = start(date);
  if (at === Number.POSITIVE_INFINITY) return Number.NEGATIVE_INFINITY;
  return at + (isDay(date) ? 86_400_000 : 1000);
}
