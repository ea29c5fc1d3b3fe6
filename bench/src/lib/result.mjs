/**
 * The shape every scenario returns, built with a fixed key order so that latest.json diffs cleanly.
 */
import { round, summarizeRounded } from "./stats.mjs";

/**
 * One table row: a contender's figure for one metric.
 * `ratio` is this row's median against the scenario's baseline, in the direction the scenario states
 * (`ratioOf`: "x baseline" means value / baseline, "faster than baseline" means baseline / value).
 */
export function row({ contender, label, role, metric, unit, samples, stats, ratio, ratioText, note }) {
  return {
    contender,
    label,
    role,
    metric,
    unit,
    // note: `stats: null` marks a contender that could not be measured (its ratioText says why).
    stats: stats === null ? null : (stats ?? summarizeRounded(samples)),
    ratio: ratio === undefined || ratio === null ? null : round(ratio, 3),
    ratioText: ratioText ?? null,
    note: note ?? null,
  };
}

/** A target from the issue: reported, never asserted. */
export function target({ id, description, measured, met, because }) {
  return { id, description, measured, met, because: met ? null : (because ?? "see the scenario's notes") };
}

export function scenario({ id, title, params, rows, targets, notes, status, reason, seconds }) {
  return {
    id,
    title,
    status: status ?? "ok",
    reason: reason ?? null,
    seconds: seconds ?? null,
    params: params ?? {},
    rows: rows ?? [],
    targets: targets ?? [],
    notes: notes ?? [],
  };
}

/** The median of the row for `contender`/`metric`. */
export function medianOf(rows, contender, metric) {
  const r = rows.find((x) => x.contender === contender && (metric === undefined || x.metric === metric));
  return r ? r.stats.median : Number.NaN;
}

export function gc() {
  globalThis.gc?.();
}
