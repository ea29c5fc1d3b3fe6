import type { RateLimitSnapshot } from "./rate-limit.js";

/** What every error of this package can tell a caller that decides whether to try again (e.g. React Query). */
export interface RetryableError {
  /** `true` when the same call may succeed later without any change by the caller. */
  readonly retryable: boolean;
}

/** The failed answer as Octokit's `RequestError.response` has it; every part is redacted. */
export interface GitHubApiErrorResponse {
  /** The HTTP status. */
  status: number;
  /** The URL that answered: origin and path only (no query, which may hold a signature, and no user info). */
  url: string;
  /** The response headers by lower-case name, values redacted. */
  headers: Record<string, string>;
  /** The body (at most 64 KiB of it): parsed JSON with every string redacted, else its redacted text. */
  data: unknown;
}

/** The fields a `GitHubApiError` is built from. */
export interface GitHubApiErrorInit {
  status: number;
  message: string;
  documentation_url?: string | undefined;
  requestId?: string | undefined;
  rateLimit?: RateLimitSnapshot | undefined;
  method?: string | undefined;
  url?: string | undefined;
  response?: GitHubApiErrorResponse | undefined;
}

/** GitHub answered with an error status. Subclasses narrow it by status; `instanceof GitHubApiError` catches all. */
export class GitHubApiError extends Error implements RetryableError {
  override name = "GitHubApiError";
  // note: `declare`d fields are set by the constructor alone, in this order (no empty field definitions first).
  /** The HTTP status. */
  declare readonly status: number;
  /** GitHub's link to the docs for this error, when it sent one. */
  declare readonly documentation_url: string | undefined;
  /** `x-github-request-id`: quote it when asking GitHub support. */
  declare readonly requestId: string | undefined;
  /** The rate-limit headers of the failed response. */
  declare readonly rateLimit: RateLimitSnapshot;
  /** The request method. */
  declare readonly method: string | undefined;
  /** The request URL: origin and path only (the query and user info are dropped). */
  declare readonly url: string | undefined;
  /** The answer itself (status, headers, body), e.g. a 422's `errors[]`; redacted like every other field. */
  declare readonly response: GitHubApiErrorResponse | undefined;

  constructor(init: GitHubApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.documentation_url = init.documentation_url;
    this.requestId = init.requestId;
    this.rateLimit = init.rateLimit ?? {};
    this.method = init.method;
    this.url = init.url;
    this.response = init.response;
  }

  /** 5xx answers are GitHub's trouble and often pass; 4xx answers repeat until the caller changes something. */
  get retryable(): boolean {
    return this.status >= 500;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      documentation_url: this.documentation_url,
      requestId: this.requestId,
      rateLimit: this.rateLimit,
      method: this.method,
      url: this.url,
      retryable: this.retryable,
      response: this.response,
    };
  }
}

/** 401: the token is missing, wrong or expired. */
export class UnauthorizedError extends GitHubApiError {
  override name = "UnauthorizedError";
}

/** 403 without a rate limit: the token lacks a permission. */
export class ForbiddenError extends GitHubApiError {
  override name = "ForbiddenError";
}

/** 404, which is also GitHub's answer for a private repository the token cannot see. */
export class NotFoundError extends GitHubApiError {
  override name = "NotFoundError";
}

/** 410: the artifact's retention period is over; its archive is gone for good. */
export class ArtifactExpiredError extends GitHubApiError {
  override name = "ArtifactExpiredError";
}

/** A primary (403 with `x-ratelimit-remaining: 0`) or secondary (403/429) rate limit that retries did not outlast. */
export class RateLimitError extends GitHubApiError {
  override name = "RateLimitError";
  /** Seconds GitHub asked to wait (`Retry-After`), when it said. */
  declare readonly retryAfter: number | undefined;
  /** When the limit lifts, from `Retry-After` or `x-ratelimit-reset`. */
  declare readonly resetAt: Date | undefined;

  constructor(init: GitHubApiErrorInit & { retryAfter?: number | undefined; resetAt?: Date | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
    this.resetAt = init.resetAt;
  }

  override get retryable(): boolean {
    return true;
  }

  override toJSON(): Record<string, unknown> {
    // note: Date's toJSON gives null for an `Invalid Date` where toISOString throws; toJSON must never throw.
    return { ...super.toJSON(), retryAfter: this.retryAfter, resetAt: this.resetAt?.toJSON() };
  }
}

/**
 * The simple typed errors: their own fields first, then `name` and `retryable`, each an own enumerable property.
 * note: one constructor instead of a field list and assignments per class; not exported, every class stays as it was.
 */
class TypedError extends Error {
  constructor(message: string, fields: object, name: string, retryable: boolean) {
    super(message);
    Object.assign(this, fields, { name, retryable });
  }
}

/** A parameter broke a rule; thrown before any request is sent. */
export class InvalidInputError extends TypedError implements RetryableError {
  /** The parameter's name, e.g. `per_page`. */
  declare readonly field: string;
  /** The rule it broke, e.g. `must be an integer from 1 to 100`. */
  declare readonly rule: string;
  declare readonly retryable: false;

  constructor(field: string, rule: string) {
    super(`Invalid ${field}: ${rule}`, { field, rule }, "InvalidInputError", false);
  }
}

/** The downloaded bytes do not hash to the artifact's `digest`. */
export class DigestMismatchError extends TypedError implements RetryableError {
  /** The artifact's digest, `sha256:<hex>`. */
  declare readonly expected: string;
  /** The digest of the bytes received, `sha256:<hex>`. */
  declare readonly actual: string;
  // note: a transfer can be corrupted on the way, so a second download may well match.
  declare readonly retryable: true;

  constructor(expected: string, actual: string) {
    super(`Digest mismatch: expected ${expected}, got ${actual}`, { expected, actual }, "DigestMismatchError", true);
  }
}

/**
 * The download ended early: fewer bytes than `Content-Length` arrived, the connection dropped, or (with no length
 * and no digest to go by) the archive lacks its end-of-central-directory record.
 */
export class IncompleteDownloadError extends TypedError implements RetryableError {
  /** The bytes announced, when the server announced any. */
  declare readonly expected: number | undefined;
  /** The bytes received. */
  declare readonly received: number;
  declare readonly retryable: true;

  constructor(expected: number | undefined, received: number) {
    super(
      expected === undefined
        ? `Download incomplete: the archive ends early after ${received} bytes`
        : `Download incomplete: received ${received} of ${expected} bytes`,
      { expected, received },
      "IncompleteDownloadError",
      true,
    );
  }
}

/**
 * A 2xx answer whose body is not what the operation promises (empty, not JSON, or the wrong shape). Nothing of the
 * body is quoted: it may hold anything a misbehaving proxy put there.
 */
export class UnexpectedResponseError extends TypedError implements RetryableError {
  /** The HTTP status. */
  declare readonly status: number;
  /** What was wrong, e.g. `artifacts is not an array`. */
  declare readonly reason: string;
  // note: the same server will most likely send the same wrong answer again.
  declare readonly retryable: false;

  constructor(status: number, reason: string) {
    super(`Unexpected response (HTTP ${status}): ${reason}`, { status, reason }, "UnexpectedResponseError", false);
  }
}

/** A response body was larger than the client reads (`maxResponseBytes`, counted after decompression). */
export class ResponseTooLargeError extends TypedError implements RetryableError {
  /** The limit in bytes that was passed. */
  declare readonly limit: number;
  declare readonly retryable: false;

  constructor(limit: number) {
    super(`Response body larger than ${limit} bytes`, { limit }, "ResponseTooLargeError", false);
  }
}

/** The artifact's `digest` cannot be checked: an unknown algorithm, a malformed value, or none with `requireDigest`. */
export class UnverifiableDigestError extends TypedError implements RetryableError {
  /** Why it cannot be checked. */
  declare readonly reason: string;
  declare readonly retryable: false;

  /**
   * The artifact's `digest` when it has the shape `algorithm:hex` (e.g. `md5:…`), else `null`.
   * note: the value comes from the server, which could put anything there (an echoed token included); only a
   * digest-shaped value is kept.
   */
  declare readonly digest: string | null;

  constructor(digest: string | null, reason: string) {
    super(`Cannot verify the download: ${reason}`, { reason }, "UnverifiableDigestError", false);
    this.digest = digest !== null && /^[\w-]{1,16}:[\da-f]{0,128}$/i.test(digest) ? digest : null;
  }
}

/** A zip entry would be written outside the target folder (zip-slip) or is not a plain file or folder. */
export class UnsafeArchiveEntryError extends TypedError implements RetryableError {
  /** The entry's name as stored in the archive. */
  declare readonly entryName: string;
  /** Why it was refused. */
  declare readonly reason: string;
  declare readonly retryable: false;

  constructor(entryName: string, reason: string) {
    super(
      `Refused archive entry ${JSON.stringify(entryName)}: ${reason}`,
      { entryName, reason },
      "UnsafeArchiveEntryError",
      false,
    );
  }
}

/**
 * A redirect the client does not follow: its `Location` is not a URL, is not `https:` (`http:` is allowed only when
 * the client's `baseUrl` is `http:`), or carries user info. Nothing of the Location is quoted: a server wrote it.
 */
export class UnsafeRedirectError extends TypedError implements RetryableError {
  /** The redirect's HTTP status. */
  declare readonly status: number;
  /** Why it was refused, e.g. `the Location is not an https: URL`. */
  declare readonly reason: string;
  // note: the same server will most likely send the same Location again.
  declare readonly retryable: false;

  constructor(status: number, reason: string) {
    super(`Refused redirect (HTTP ${status}): ${reason}`, { status, reason }, "UnsafeRedirectError", false);
  }
}

/**
 * A selection (`findLatestArtifact`, `findArtifacts`) would have to send more requests than its `maxRequests` to
 * answer: it stops there rather than read a repository's whole history. Narrow the selector or raise the bound.
 */
export class SelectionLimitError extends TypedError implements RetryableError {
  /** The bound that was reached. */
  declare readonly maxRequests: number;
  /** What was left to read, e.g. `next would be page 3 of the workflow runs`. */
  declare readonly reason: string;
  // note: the same selection would stop at the same place.
  declare readonly retryable: false;

  constructor(maxRequests: number, reason: string) {
    super(
      `Selection stopped at maxRequests (${maxRequests}): ${reason}; narrow it (workflow, branch, headSha, name) ` +
        "or raise maxRequests",
      { maxRequests, reason },
      "SelectionLimitError",
      false,
    );
  }
}

/**
 * Whether a failed call is worth repeating as is: our errors say so through `retryable`; a platform `TypeError`
 * from `fetch` is a network failure (retryable); aborts and timeouts are the caller's decision (not retryable).
 */
export function isRetryable(error: unknown): boolean {
  if (error && typeof error === "object" && "retryable" in error) return (error as RetryableError).retryable === true;
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) return false;
  return error instanceof TypeError;
}

/**
 * Every error a client call can reject with: this package's typed errors, `DOMException` for an abort
 * (`AbortError`) or a timeout (`TimeoutError`), and `TypeError` for a network failure that outlasted the retries.
 */
export type ArtifactsClientError =
  | GitHubApiError
  | InvalidInputError
  | UnexpectedResponseError
  | ResponseTooLargeError
  | DigestMismatchError
  | UnverifiableDigestError
  | IncompleteDownloadError
  | UnsafeArchiveEntryError
  | UnsafeRedirectError
  | SelectionLimitError
  | DOMException
  | TypeError;
