import {
  ForbiddenError,
  GitHubApiError,
  InvalidInputError,
  NotFoundError,
  RateLimitError,
  UnauthorizedError,
} from "@gh-artifacts/client";
import { describe, expect, it } from "vitest";
import { ARTIFACTS_MAX_RETRIES, shouldRetryArtifactsError } from "../src/index.js";

const api = (status: number) => ({ status, message: `HTTP ${status}` });

describe("shouldRetryArtifactsError", () => {
  it("should retry 5xx answers and network failures, up to the limit", () => {
    expect(shouldRetryArtifactsError(0, new GitHubApiError(api(502)))).toBe(true);
    expect(shouldRetryArtifactsError(0, new TypeError("fetch failed"))).toBe(true);
    expect(shouldRetryArtifactsError(ARTIFACTS_MAX_RETRIES, new GitHubApiError(api(503)))).toBe(false);
  });

  it("should never retry a 4xx, a rate limit the client gave up on, bad input or an abort", () => {
    for (const error of [
      new NotFoundError(api(404)),
      new UnauthorizedError(api(401)),
      new ForbiddenError(api(403)),
      new GitHubApiError(api(422)),
      new RateLimitError(api(429)),
      new InvalidInputError("per_page", "must be an integer from 1 to 100"),
      new DOMException("The operation was aborted.", "AbortError"),
      new Error("unknown"),
    ]) {
      expect(shouldRetryArtifactsError(0, error)).toBe(false);
    }
  });
});
