/** GitHub's rate-limit headers of one response. A field is `undefined` when the header was absent. */
export interface RateLimitSnapshot {
  /** `x-ratelimit-limit`: requests allowed per window. */
  limit?: number | undefined;
  /** `x-ratelimit-remaining`: requests left in this window. */
  remaining?: number | undefined;
  /** `x-ratelimit-reset`: when the window resets, on the server's clock. */
  reset?: Date | undefined;
  /** `x-ratelimit-used`: requests made in this window. */
  used?: number | undefined;
  /** `x-ratelimit-resource`: the bucket the request counted against, e.g. `core`. */
  resource?: string | undefined;
}

/** The longest wait a timer can hold (a longer `setTimeout` fires after 1 ms, with a `TimeoutOverflowWarning`). */
export const MAX_DELAY_MS = 2 ** 31 - 1;

/** GitHub: "If you receive a secondary rate limit error… wait for at least one minute before retrying". */
export const SECONDARY_WAIT_MS = 60_000;

function intHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name)?.trim();
  // note: at most 12 digits, so a reset in seconds stays within what a Date holds (no `Invalid Date`).
  return raw && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined;
}

const clamp = (ms: number) => Math.min(Math.max(0, ms), MAX_DELAY_MS);

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

/** The server's clock at the time of the answer (its `Date` header), or `now` when it sent none that parses. */
function serverNow(headers: Headers, now: number): number {
  const date = Date.parse(headers.get("date") ?? "");
  return Number.isNaN(date) ? now : date;
}

/**
 * `Retry-After` in milliseconds (clamped to `MAX_DELAY_MS`): GitHub sends seconds, HTTP also allows a date, which is
 * read against the response's own `Date` so a skewed local clock changes nothing.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return clamp(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : clamp(date - serverNow(headers, now));
}

const RATE_LIMIT_MESSAGE = /rate limit/i;

/** GitHub's error body, from openapi-fetch's `error` or a read body (parsed JSON, or the text when it is not JSON). */
export function parseErrorBody(raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw || undefined;
  }
}

/** GitHub's `message` in an error body as `parseErrorBody` gives it (a body that is not JSON carries none). */
export const messageOf = (body: unknown): string | undefined => {
  const message = (body as { message?: unknown } | null | undefined)?.message;
  return typeof message === "string" ? message : undefined;
};

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

/** How long a rate limit lasts, as the caller's clock sees it. */
export interface RateLimitWait {
  /** The wait in ms, from `now`, at most `MAX_DELAY_MS`. */
  ms: number;
  /** `Retry-After` in seconds, or the minute GitHub asks for when a secondary limit names no time. */
  retryAfter: number | undefined;
  /** When the limit lifts, on the local clock. */
  resetAt: Date;
  /** `true` for a secondary limit that named no time (the wait is GitHub's advised minimum). */
  guessed: boolean;
}

/**
 * The wait a rate-limited answer asks for: `Retry-After` first, then `x-ratelimit-reset` when nothing is left (read
 * against the answer's `Date`, so wait = reset − Date whatever the local clock says), else a minute.
 */
export function rateLimitWait(headers: Headers, now: number): RateLimitWait {
  const after = retryAfterMs(headers, now);
  const reset = headers.get("x-ratelimit-remaining") === "0" ? readRateLimit(headers).reset : undefined;
  const guessed = after === undefined && !reset;
  const ms = after ?? (reset ? clamp(reset.getTime() - serverNow(headers, now)) : SECONDARY_WAIT_MS);
  return {
    ms,
    retryAfter: reset && after === undefined ? undefined : Math.ceil(ms / 1000),
    resetAt: new Date(now + ms),
    guessed,
  };
}
