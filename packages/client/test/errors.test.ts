import { describe, expect, it } from "vitest";
import {
  ArtifactExpiredError,
  DigestMismatchError,
  ForbiddenError,
  GitHubApiError,
  InvalidInputError,
  isRetryable,
  NotFoundError,
  RateLimitError,
  UnauthorizedError,
} from "../src/index.js";
import { json, observedClient } from "./helpers.js";

const call = (response: Response) => {
  const { gh } = observedClient(() => response.clone());
  return gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 }).then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
};

const rateHeaders = {
  "x-ratelimit-limit": "5000",
  "x-ratelimit-remaining": "0",
  "x-ratelimit-reset": "1735689600",
  "x-ratelimit-used": "5000",
  "x-ratelimit-resource": "core",
  "x-github-request-id": "ABCD:1234",
};

describe("error mapping", () => {
  it.each([
    [401, UnauthorizedError, "Bad credentials"],
    [403, ForbiddenError, "Resource not accessible by personal access token"],
    [404, NotFoundError, "Not Found"],
    [410, ArtifactExpiredError, "Artifact has expired"],
    [422, GitHubApiError, "Validation Failed"],
  ])("maps %i to its class with GitHub's message", async (status, ErrorClass, message) => {
    const error = await call(json({ message, documentation_url: "https://docs.github.com/rest" }, { status }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).not.toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status,
      message,
      documentation_url: "https://docs.github.com/rest",
      retryable: false,
    });
  });

  it("carries the request id, the request and a rate-limit snapshot", async () => {
    const error = (await call(
      json({ message: "Not Found" }, { status: 404, headers: { ...rateHeaders, "x-ratelimit-remaining": "12" } }),
    )) as GitHubApiError;
    expect(error.requestId).toBe("ABCD:1234");
    expect(error.method).toBe("GET");
    expect(error.url).toBe("https://api.github.test/repos/o/r/actions/artifacts/1");
    expect(error.rateLimit).toEqual({
      limit: 5000,
      remaining: 12,
      reset: new Date(1735689600 * 1000),
      used: 5000,
      resource: "core",
    });
  });

  it("maps a primary rate limit (403, remaining 0) to RateLimitError with resetAt", async () => {
    const error = (await call(
      // note: the reset is read against the answer's Date, 90 s before it here.
      json(
        { message: "API rate limit exceeded" },
        { status: 403, headers: { ...rateHeaders, date: new Date((1735689600 - 90) * 1000).toUTCString() } },
      ),
    )) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    const resetAt = error.resetAt?.getTime() ?? 0;
    expect(resetAt - Date.now()).toBeGreaterThan(89_000);
    expect(resetAt - Date.now()).toBeLessThanOrEqual(90_000);
    expect(error.retryAfter).toBeUndefined();
    expect(error.retryable).toBe(true);
  });

  it("maps a secondary rate limit (403 + retry-after) and 429 to RateLimitError with retryAfter", async () => {
    const secondary = (await call(
      json({ message: "You have exceeded a secondary rate limit." }, { status: 403, headers: { "retry-after": "90" } }),
    )) as RateLimitError;
    expect(secondary).toBeInstanceOf(RateLimitError);
    expect(secondary.retryAfter).toBe(90);
    const tooMany = await call(json({ message: "slow down" }, { status: 429 }));
    expect(tooMany).toBeInstanceOf(RateLimitError);
  });

  it("recognises a secondary limit by its message alone", async () => {
    const error = await call(json({ message: "You have exceeded a secondary rate limit" }, { status: 403 }));
    expect(error).toBeInstanceOf(RateLimitError);
  });

  it("maps 5xx to a retryable GitHubApiError, with a status line when the body is not JSON", async () => {
    const error = (await call(
      new Response("<html>oops</html>", { status: 502, statusText: "Bad Gateway" }),
    )) as GitHubApiError;
    expect(error.constructor).toBe(GitHubApiError);
    expect(error.message).toBe("502 Bad Gateway");
    expect(error.retryable).toBe(true);
  });

  it("serialises to JSON without losing fields", async () => {
    const error = await call(json({ message: "Not Found" }, { status: 404, headers: rateHeaders }));
    const plain = JSON.parse(JSON.stringify(error));
    expect(plain).toMatchObject({ name: "NotFoundError", status: 404, message: "Not Found", requestId: "ABCD:1234" });
  });
});

describe("toJSON", () => {
  it("item 10: never throws, even for a RateLimitError built with an Invalid Date", () => {
    const error = new RateLimitError({ status: 429, message: "x", resetAt: new Date(Number.NaN) });
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(error.toJSON()).toMatchObject({ name: "RateLimitError", resetAt: null });
  });
});

describe("isRetryable", () => {
  it("says yes to network failures, rate limits, 5xx and digest mismatches; no to the rest", () => {
    expect(isRetryable(new TypeError("fetch failed"))).toBe(true);
    expect(isRetryable(new RateLimitError({ status: 429, message: "x" }))).toBe(true);
    expect(isRetryable(new GitHubApiError({ status: 503, message: "x" }))).toBe(true);
    expect(isRetryable(new DigestMismatchError("sha256:a", "sha256:b"))).toBe(true);
    expect(isRetryable(new NotFoundError({ status: 404, message: "x" }))).toBe(false);
    expect(isRetryable(new InvalidInputError("owner", "x"))).toBe(false);
    expect(isRetryable(new DOMException("aborted", "AbortError"))).toBe(false);
    expect(isRetryable(new DOMException("late", "TimeoutError"))).toBe(false);
  });
});
