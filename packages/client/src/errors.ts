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
  /** The HTTP status. */
  readonly status: number;
  /** GitHub's link to the docs for this error, when it sent one. */
  readonly documentation_url: string | undefined;
  /** `x-github-request-id`: quote it when asking GitHub support. */
  readonly requestId: string | undefined;
  /** The rate-limit headers of the failed response. */
  readonly rateLimit: RateLimitSnapshot;
  /** The request method. */
  readonly method: string | undefined;
  /** The request URL: origin and path only (the query and user info are dropped). */
  readonly url: string | undefined;
  /** The answer itself (status, headers, body), e.g. a 422's `errors[]`; redacted like every other field. */
  readonly response: GitHubApiErrorResponse | undefined;

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
  readonly retryAfter: number | undefined;
  /** When the limit lifts, from `Retry-After` or `x-ratelimit-reset`. */
  readonly resetAt: Date | undefined;

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

/** A parameter broke a rule; thrown before any request is sent. */
export class InvalidInputError extends Error implements RetryableError {
  override name = "InvalidInputError";
  readonly retryable = false;

  constructor(
    /** The parameter's name, e.g. `per_page`. */
    readonly field: string,
    /** The rule it broke, e.g. `must be an integer from 1 to 100`. */
    readonly rule: string,
  ) {
    super(`Invalid ${field}: ${rule}`);
  }
}

/** The downloaded bytes do not hash to the artifact's `digest`. */
export class DigestMismatchError extends Error implements RetryableError {
  override name = "DigestMismatchError";
  // note: a transfer can be corrupted on the way, so a second download may well match.
  readonly retryable = true;

  constructor(
    /** The artifact's digest, `sha256:<hex>`. */
    readonly expected: string,
    /** The digest of the bytes received, `sha256:<hex>`. */
    readonly actual: string,
  ) {
    super(`Digest mismatch: expected ${expected}, got ${actual}`);
  }
}

/**
 * The download ended early: fewer bytes than `Content-Length` arrived, the connection dropped, or (with no length
 * and no digest to go by) the archive lacks its end-of-central-directory record.
 */
export class IncompleteDownloadError extends Error implements RetryableError {
  override name = "IncompleteDownloadError";
  readonly retryable = true;

  constructor(
    /** The bytes announced, when the server announced any. */
    readonly expected: number | undefined,
    /** The bytes received. */
    readonly received: number,
  ) {
    super(
      expected === undefined
        ? `Download incomplete: the archive ends early after ${received} bytes`
        : `Download incomplete: received ${received} of ${expected} bytes`,
    );
  }
}

/**
 * A 2xx answer whose body is not what the operation promises (empty, not JSON, or the wrong shape). Nothing of the
 * body is quoted: it may hold anything a misbehaving proxy put there.
 */
export class UnexpectedResponseError extends Error implements RetryableError {
  override name = "UnexpectedResponseError";
  // note: the same server will most likely send the same wrong answer again.
  readonly retryable = false;

  constructor(
    /** The HTTP status. */
    readonly status: number,
    /** What was wrong, e.g. `artifacts is not an array`. */
    readonly reason: string,
  ) {
    super(`Unexpected response (HTTP ${status}): ${reason}`);
  }
}

/** A response body was larger than the client reads (`maxResponseBytes`, counted after decompression). */
export class ResponseTooLargeError extends Error implements RetryableError {
  override name = "ResponseTooLargeError";
  readonly retryable = false;

  constructor(
    /** The limit in bytes that was passed. */
    readonly limit: number,
  ) {
    super(`Response body larger than ${limit} bytes`);
  }
}

/** The artifact's `digest` cannot be checked: an unknown algorithm, a malformed value, or none with `requireDigest`. */
export class UnverifiableDigestError extends Error implements RetryableError {
  override name = "UnverifiableDigestError";
  readonly retryable = false;

  /**
   * The artifact's `digest` when it has the shape `algorithm:hex` (e.g. `md5:…`), else `null`.
   * note: the value comes from the server, which could put anything there (an echoed token included); only a
   * digest-shaped value is kept.
   */
  readonly digest: string | null;

  constructor(
    digest: string | null,
    /** Why it cannot be checked. */
    readonly reason: string,
  ) {
    super(`Cannot verify the download: ${reason}`);
    this.digest = digest !== null && /^[\w-]{1,16}:[\da-f]{0,128}$/i.test(digest) ? digest : null;
  }
}

/** A zip entry would be written outside the target folder (zip-slip) or is not a plain file or folder. */
export class UnsafeArchiveEntryError extends Error implements RetryableError {
  override name = "UnsafeArchiveEntryError";
  readonly retryable = false;

  constructor(
    /** The entry's name as stored in the archive. */
    readonly entryName: string,
    /** Why it was refused. */
    readonly reason: string,
  ) {
    super(`Refused archive entry ${JSON.stringify(entryName)}: ${reason}`);
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
  | DOMException
  | TypeError;
