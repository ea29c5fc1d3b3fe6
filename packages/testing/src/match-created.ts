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

// note: an unreadable date is NaN, and every comparison with NaN is false: it matches nothing, whatever the operator.

/** The first ms a date covers (a day covers all of it, UTC). */
function start(date: string): number {
  return Date.parse(isDay(date) ? `${date}T00:00:00Z` : date);
}

/** The first ms past what a date covers. */
function end(date: string): number {
  return start(date) + (isDay(date) ? 86_400_000 : 1000);
}
