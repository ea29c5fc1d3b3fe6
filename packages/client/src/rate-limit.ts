/** GitHub's rate-limit headers of one response. A field is `undefined` when the header was absent. */
export interface RateLimitSnapshot {
  /** `x-ratelimit-limit`: requests allowed per window. */
  limit?: number | undefined;
  /** `x-ratelimit-remaining`: requests left in this window. */
  remaining?: number | undefined;
  /** `x-ratelimit-reset`: when the window resets. */
  reset?: Date | undefined;
  /** `x-ratelimit-used`: requests made in this window. */
  used?: number | undefined;
  /** `x-ratelimit-resource`: the bucket the request counted against, e.g. `core`. */
  resource?: string | undefined;
}

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw);
}

export function readRateLimit(headers: Headers): RateLimitSnapshot {
  const reset = intHeader(headers, "x-ratelimit-reset");
  return {
    limit: intHeader(headers, "x-ratelimit-limit"),
    remaining: intHeader(headers, "x-ratelimit-remaining"),
    reset: reset === undefined ? undefined : new Date(reset * 1000),
    used: intHeader(headers, "x-ratelimit-used"),
    resource: headers.get("x-ratelimit-resource") ?? undefined,
  };
}

/** `Retry-After` in milliseconds from `now`: GitHub sends seconds, HTTP also allows a date. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const RATE_LIMIT_MESSAGE = /rate limit/i;

/**
 * Whether a 403/429 is a rate limit rather than a permission problem. `message` is GitHub's error message
 * (secondary limits are only recognisable by it when no `Retry-After` is sent).
 */
export function isRateLimited(status: number, headers: Headers, message: string | undefined): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return (
    headers.get("x-ratelimit-remaining") === "0" ||
    headers.has("retry-after") ||
    (message !== undefined && RATE_LIMIT_MESSAGE.test(message))
  );
}

/** How long until a rate limit lifts, in ms: `Retry-After` first, then `x-ratelimit-reset` when nothing is left. */
export function rateLimitWaitMs(headers: Headers, now: number): number | undefined {
  const after = retryAfterMs(headers, now);
  if (after !== undefined) return after;
  if (headers.get("x-ratelimit-remaining") !== "0") return undefined;
  const reset = readRateLimit(headers).reset;
  return reset === undefined ? undefined : Math.max(0, reset.getTime() - now);
}
