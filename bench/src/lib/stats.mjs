/**
 * Statistics and the interleaved-rounds runner shared by every scenario.
 *
 * Every figure is a median over rounds; its spread is reported as min–max (and the quartiles are kept in the JSON).
 * Rounds are interleaved: round r runs every contender once, starting at contender r (mod n), so drift on the machine
 * (thermal, page cache, a neighbour's build) spreads over all contenders instead of landing on one of them.
 */

/** The q-quantile (0..1) of ascending `sorted`, linearly interpolated. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** `{ median, min, max, q1, q3, n }` of the samples (key order is fixed: it ends up in latest.json). */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    n: sorted.length,
  };
}

/**
 * Runs `contenders` ([{ id, run }]) in interleaved rounds; `run()` resolves to one sample (a number) or to
 * `{ value, ...extra }` when a round reports more than one figure. `warmup` rounds are run the same way and dropped.
 * Returns Map<id, sample[]>.
 */
export async function interleave(contenders, { rounds, warmup = 0, onRound } = {}) {
  const samples = new Map(contenders.map((c) => [c.id, []]));
  for (let r = -warmup; r < rounds; r++) {
    const start = ((r % contenders.length) + contenders.length) % contenders.length;
    for (let i = 0; i < contenders.length; i++) {
      const contender = contenders[(start + i) % contenders.length];
      const sample = await contender.run();
      if (r >= 0) samples.get(contender.id).push(sample);
    }
    onRound?.(r);
  }
  return samples;
}

/** Rounds a fraction to `digits` significant digits, so latest.json does not churn on noise below the spread. */
export function round(value, digits = 4) {
  // note: integers (byte counts) are exact and stay as they are.
  if (!Number.isFinite(value) || Number.isInteger(value)) return value;
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const factor = 10 ** (digits - 1 - magnitude);
  return Math.round(value * factor) / factor;
}

/** `summarize` with every figure rounded. */
export function summarizeRounded(samples, digits = 4) {
  const s = summarize(samples);
  return {
    median: round(s.median, digits),
    min: round(s.min, digits),
    max: round(s.max, digits),
    q1: round(s.q1, digits),
    q3: round(s.q3, digits),
    n: s.n,
  };
}

/** A number with thousands separators and at most `decimals` decimals. */
export function fmt(value, decimals = 0) {
  if (!Number.isFinite(value)) return "n/a";
  return value.toLocaleString("en-US", { maximumFractionDigits: decimals, minimumFractionDigits: decimals });
}

/** Sensible decimals for a figure of this size. */
export function fmtAuto(value) {
  const abs = Math.abs(value);
  if (abs >= 100) return fmt(value, 0);
  if (abs >= 10) return fmt(value, 1);
  return fmt(value, 2);
}

export const MiB = 1024 * 1024;

/** "1 round", "3 rounds". */
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
