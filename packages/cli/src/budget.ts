import type { RateLimitSnapshot } from "@gh-artifacts/client";
import { UsageError } from "./usage-error.js";

/** `--budget-reserve P`: a percentage of the rate limit (`20` or `20%`), as the share the client's scan takes. */
export function reserveFrom(flag: string | undefined): number {
  if (flag === undefined) return 0.2;
  const match = /^(\d{1,3}(?:\.\d+)?)%?$/.exec(flag.trim());
  const percent = match ? Number(match[1]) : Number.NaN;
  if (!(percent >= 0 && percent <= 100)) {
    throw new UsageError(
      "--budget-reserve",
      `must be a percentage from 0 to 100, e.g. 20 or 20% (got ${JSON.stringify(flag)})`,
    );
  }
  return percent / 100;
}

/** `at 12:34 UTC (2024-06-01T12:34:00.000Z, in 23m)`-like text for when a rate limit resets. */
export function resumeText(at: Date | undefined, now: number): string {
  if (!at) return "when the rate limit resets";
  const minutes = Math.max(0, Math.ceil((at.getTime() - now) / 60_000));
  return `after ${at.toISOString()} (in ${minutes} min)`;
}

/** `4,210 of 5,000 requests left`, or `""` when GitHub sent no limit. */
export function budgetText(rateLimit: RateLimitSnapshot | undefined): string {
  if (rateLimit?.remaining === undefined || rateLimit.limit === undefined) return "";
  return `${rateLimit.remaining.toLocaleString("en-US")} of ${rateLimit.limit.toLocaleString("en-US")} requests left`;
}
