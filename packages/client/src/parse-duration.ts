import { InvalidInputError } from "./errors.js";

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d{1,15})(ms|s|m|h|d|w)$/;
const RULE = "must be a whole number followed by ms, s, m, h, d or w (e.g. 90m, 12h, 7d)";

/**
 * Reads a duration such as `"90m"`, `"12h"` or `"7d"` into milliseconds (units `ms`, `s`, `m`, `h`, `d`, `w`).
 * A bad value throws `InvalidInputError` naming `field` (default `"duration"`), so a command line can name its flag.
 * note: one unit per value and no fractions, so `1.5h` or `1h30m` are refused rather than guessed at.
 */
export function parseDuration(value: string, field = "duration"): number {
  const match = typeof value === "string" ? DURATION.exec(value.trim()) : null;
  if (!match) throw new InvalidInputError(field, RULE);
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  if (!Number.isSafeInteger(ms)) throw new InvalidInputError(field, "must be shorter than 2^53 milliseconds");
  return ms;
}
