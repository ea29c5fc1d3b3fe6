/** How storage sends an artifact's bytes: pacing and the ways a body breaks. */
export interface StorageBehaviour {
  /** Paces the body to about this many bytes per second (timers, in chunks of up to 64 KiB). Default: unpaced. */
  bytesPerSecond?: number | undefined;
  /** The connection drops after this many bytes, though `Content-Length` announced them all. Default: never. */
  cutAfterBytes?: number | undefined;
  /** The body stops after this many bytes and never ends (until the client gives up). Default: never. */
  stallAfterBytes?: number | undefined;
}

/** GitHub's primary rate limit: a number of requests per window, counted for the whole world. */
export interface RateLimitBehaviour {
  /**
   * `false`: no primary limit and no `x-ratelimit-*` headers at all, as GitHub Enterprise Server answers with rate
   * limiting off (its default). Default: `true`.
   */
  enabled?: boolean | undefined;
  /** Requests per window (`x-ratelimit-limit`). Default: 5000. */
  limit?: number | undefined;
  /** Sets the requests left in the current window now (`x-ratelimit-remaining`); `0` refuses the next request. */
  remaining?: number | undefined;
  /** The window's length in ms; `x-ratelimit-reset` is its end. Default: one hour. */
  windowMs?: number | undefined;
  /** The status of a refusal: GitHub sends 403 or 429. Default: 403. */
  status?: 403 | 429 | undefined;
}

/** A secondary rate limit: refusals with `retry-after`, whatever the primary limit says. */
export interface SecondaryRateLimitBehaviour {
  /** The `retry-after` header, in seconds. Default: 60. */
  retryAfterSeconds?: number | undefined;
  /** The status of a refusal: GitHub sends 403 or 429. Default: 403. */
  status?: 403 | 429 | undefined;
  /** How many requests it refuses before it lifts. Default: every request until the behaviour is changed. */
  times?: number | undefined;
}

/** An error every API request answers with instead of its normal answer. */
export interface ErrorBehaviour {
  /** 401 (bad credentials), 403 (the token lacks a permission) or 404 (not found, or not visible to the token). */
  status: 401 | 403 | 404;
  /** The body's `message`. Default: GitHub's message for the status. */
  message?: string | undefined;
  /** How many requests it answers before it lifts. Default: every request until the behaviour is changed. */
  times?: number | undefined;
}

/**
 * What the fake does beyond answering from the world's state, switched per test with `world.behave(…)`, for the
 * whole world or for one repository (`world.behave(…, { repo })`, which wins over the world's).
 */
export interface Behaviours {
  /** Send `ETag` on lists and artifacts, and answer a matching `If-None-Match` with 304. Default: `true`. */
  etags: boolean;
  /** Delay of every API answer, in ms (timers). Default: 0. */
  latencyMs: number;
  /** How long a signed storage URL stays valid after the 302, in ms of the world's clock. Default: 60 000 (GitHub's minute). */
  signedUrlTtlMs: number;
  /** The primary rate limit. Default: 5000 requests an hour. */
  rateLimit: RateLimitBehaviour;
  /** A secondary rate limit in force. Default: none. */
  secondaryRateLimit: SecondaryRateLimitBehaviour | undefined;
  /** An error every API request answers with. Default: none. */
  error: ErrorBehaviour | undefined;
  /** How storage sends bytes. Default: whole and at once. */
  storage: StorageBehaviour;
}

/** The behaviours of a new world. */
export const DEFAULT_BEHAVIOURS: Behaviours = {
  etags: true,
  latencyMs: 0,
  signedUrlTtlMs: 60_000,
  rateLimit: {},
  secondaryRateLimit: undefined,
  error: undefined,
  storage: {},
};
