import { GitHubApiError, isRetryable } from "@gh-artifacts/client";

/** Retries TanStack Query adds on top of the client's own; the client already retries each call (3 times by default). */
export const ARTIFACTS_MAX_RETRIES = 2;

/**
 * The default `retry` of every query of this package: retry what the client marks `retryable` (5xx, network
 * failures), never a 4xx answer and never an abort, at most `ARTIFACTS_MAX_RETRIES` times.
 * note: a `RateLimitError` is thrown only once the client has waited out what `Retry-After` allows, so
 * repeating it a second later would spend quota for nothing; it counts as a 4xx here.
 */
export function shouldRetryArtifactsError(failureCount: number, error: unknown): boolean {
  if (failureCount >= ARTIFACTS_MAX_RETRIES) return false;
  if (error instanceof GitHubApiError && error.status < 500) return false;
  return isRetryable(error);
}
