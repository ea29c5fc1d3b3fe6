import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidInputError, NotFoundError, RateLimitError } from "../src/index.js";
import { createRetryingFetch, resolveRetryOptions, wasRetried } from "../src/middleware/retry.js";
import { headerOf, type Sendable, withHeader } from "../src/outgoing.js";
import { artifact, json, observedClient } from "./helpers.js";

const params = { owner: "o", repo: "r", artifact_id: 1 };

/** A handler answering with `responses` in turn, then 200. */
function sequence(...responses: Array<() => Response | Promise<Response>>) {
  let n = 0;
  return () => (responses[n++] ?? (() => json(artifact(1))))();
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2025-01-01T00:00:00Z") });
  vi.spyOn(Math, "random").mockReturnValue(0.999);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("retries", () => {
  it("retries 5xx with exponential backoff under baseDelayMs * 2^n, then succeeds", async () => {
    const { gh, fetch } = observedClient(
      sequence(
        () => json({ message: "boom" }, { status: 500 }),
        () => json({ message: "boom" }, { status: 502 }),
      ),
      { retry: { baseDelayMs: 100 } },
    );
    const result = gh.getArtifact(params);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(99); // first wait: < 100 ms
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(150); // second wait: < 200 ms
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(50);
    await expect(result).resolves.toMatchObject({ id: 1 });
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("gives up after `retries` and throws the last error", async () => {
    const { gh, fetch } = observedClient(() => json({ message: "down" }, { status: 503 }), { retry: { retries: 2 } });
    const result = expect(gh.getArtifact(params)).rejects.toMatchObject({ status: 503, message: "down" });
    await vi.advanceTimersByTimeAsync(60_000);
    await result;
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("retries network errors and rethrows the platform error when they persist", async () => {
    const { gh, fetch } = observedClient(
      () => {
        throw new TypeError("fetch failed");
      },
      { retry: true },
    );
    const result = expect(gh.getArtifact(params)).rejects.toThrow(TypeError);
    await vi.advanceTimersByTimeAsync(60_000);
    await result;
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it("honours Retry-After on 429", async () => {
    const { gh, fetch } = observedClient(
      sequence(() => json({ message: "slow down" }, { status: 429, headers: { "retry-after": "10" } })),
      { retry: true },
    );
    const result = gh.getArtifact(params);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ id: 1 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("waits for x-ratelimit-reset on a primary rate limit", async () => {
    const reset = Math.floor(Date.now() / 1000) + 20;
    const { gh, fetch } = observedClient(
      sequence(() =>
        json(
          { message: "API rate limit exceeded" },
          { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) } },
        ),
      ),
      { retry: true },
    );
    const result = gh.getArtifact(params);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ id: 1 });
  });

  it("item 9: waits out a secondary limit known only by its message for at least a minute", async () => {
    const { gh, fetch } = observedClient(
      sequence(() => json({ message: "You have exceeded a secondary rate limit." }, { status: 403 })),
      { retry: { maxRetryAfterMs: 90_000 } },
    );
    const result = gh.getArtifact(params);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(fetch).toHaveBeenCalledTimes(1);
    // note: Math.random is 0.999 here, so the jitter is at its widest: 60 s + 14.985 s.
    await vi.advanceTimersByTimeAsync(14_985);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ id: 1 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("item 9: a secondary limit waits exactly maxRetryAfterMs when the jitter would pass it", async () => {
    const { gh, fetch } = observedClient(
      sequence(() => json({ message: "slow down" }, { status: 429 })),
      { retry: { maxRetryAfterMs: 61_000 } },
    );
    const result = gh.getArtifact(params);
    await vi.advanceTimersByTimeAsync(60_999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ id: 1 });
  });

  it("item 10: honours Retry-After on a 503 instead of the backoff", async () => {
    const { gh, fetch } = observedClient(
      sequence(() => json({ message: "unavailable" }, { status: 503, headers: { "retry-after": "7" } })),
      { retry: { baseDelayMs: 100 } },
    );
    const result = gh.getArtifact(params);
    await vi.advanceTimersByTimeAsync(6_999);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toMatchObject({ id: 1 });
  });

  it("item 10: a 5xx Retry-After beyond maxRetryAfterMs ends the call at once with the 5xx", async () => {
    const { gh, fetch } = observedClient(
      () => json({ message: "maintenance" }, { status: 503, headers: { "retry-after": "3600" } }),
      { retry: true },
    );
    await expect(gh.getArtifact(params)).rejects.toMatchObject({ status: 503, retryable: true });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("throws RateLimitError at once when the wait exceeds maxRetryAfterMs", async () => {
    const { gh, fetch } = observedClient(
      () => json({ message: "slow down" }, { status: 429, headers: { "retry-after": "120" } }),
      { retry: { maxRetryAfterMs: 60_000 } },
    );
    const error = await gh.getArtifact(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(120);
    expect((error as RateLimitError).resetAt?.getTime()).toBe(Date.now() + 120_000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    [404, { message: "Not Found" }],
    [422, { message: "Validation Failed" }],
    [401, { message: "Bad credentials" }],
    [403, { message: "Resource not accessible by integration" }],
  ])("never retries a %i", async (status, body) => {
    const { gh, fetch } = observedClient(() => json(body, { status }), { retry: true });
    await expect(gh.getArtifact(params)).rejects.toMatchObject({ status });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("an abort during a retry wait rejects at once and sends nothing more", async () => {
    const controller = new AbortController();
    const { gh, fetch } = observedClient(
      () => json({ message: "slow down" }, { status: 429, headers: { "retry-after": "30" } }),
      { retry: true },
    );
    const result = gh.getArtifact({ ...params, signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    controller.abort();
    const error = await result; // settles without advancing the clock
    expect((error as Error).name).toBe("AbortError");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("retry: false makes a single attempt", async () => {
    const { gh, fetch } = observedClient(() => json({ message: "boom" }, { status: 500 }), { retry: false });
    await expect(gh.getArtifact(params)).rejects.toMatchObject({ status: 500 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("timeoutMs aborts a silent attempt with a TimeoutError", async () => {
    const { gh } = observedClient(
      (request) =>
        new Promise<Response>((_, reject) => {
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        }),
      { retry: false, timeoutMs: 5_000 },
    );
    const result = gh.getArtifact(params).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await result) as Error).toMatchObject({ name: "TimeoutError" });
  });

  it("a timed-out attempt is retried", async () => {
    let calls = 0;
    const { gh } = observedClient(
      (request) => {
        calls++;
        if (calls > 1) return json(artifact(1));
        return new Promise<Response>((_, reject) => {
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        });
      },
      { retry: true, timeoutMs: 1_000 },
    );
    const result = gh.getArtifact(params);
    await vi.advanceTimersByTimeAsync(1_500);
    await expect(result).resolves.toMatchObject({ id: 1 });
    expect(calls).toBe(2);
  });

  it("does not retry a 404 even with retries left (typed error surfaces)", async () => {
    const { gh } = observedClient(() => json({ message: "Not Found" }, { status: 404 }), { retry: { retries: 5 } });
    await expect(gh.getArtifact(params)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("resolveRetryOptions", () => {
  it("fills the defaults for true and undefined, and keeps false", () => {
    expect(resolveRetryOptions(undefined)).toMatchObject({ retries: 3, baseDelayMs: 500, maxRetryAfterMs: 60_000 });
    expect(resolveRetryOptions(true)).toEqual(resolveRetryOptions(undefined));
    expect(resolveRetryOptions(false)).toBe(false);
    const onRetry = () => {};
    expect(resolveRetryOptions({ retries: 1, maxDelayMs: undefined, onRetry })).toEqual({
      retries: 1,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxRetryAfterMs: 60_000,
      onRetry,
    });
  });

  it.each([
    ["retries", 101, "must be an integer from 0 to 100"],
    ["retries", -1, "must be an integer from 0 to 100"],
    ["baseDelayMs", 1.5, "must be an integer from 0 to 2147483647"],
    ["maxDelayMs", 2 ** 31, "must be an integer from 0 to 2147483647"],
    ["maxRetryAfterMs", 2 ** 31, "must be an integer from 0 to 2147483647"],
    ["maxRetryAfterMs", Number.POSITIVE_INFINITY, "must be an integer from 0 to 2147483647"],
  ])("item 10: retry.%s = %d is an InvalidInputError (a timer cannot hold it)", (key, value, rule) => {
    const error = (() => {
      try {
        resolveRetryOptions({ [key]: value });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: `retry.${key}`, rule });
  });

  it("rejects a retry option of the wrong type and an onRetry that is not a function", () => {
    expect(() => resolveRetryOptions("yes" as never)).toThrow(
      expect.objectContaining({ field: "retry", rule: "must be a boolean or an object" }),
    );
    expect(() => resolveRetryOptions({ onRetry: 1 as never })).toThrow(
      expect.objectContaining({ field: "retry.onRetry", rule: "must be a function" }),
    );
  });
});

describe("reauthorize", () => {
  const ok = () => json(artifact(1));
  const unauthorized = () => json({ message: "Bad credentials" }, { status: 401 });
  const withToken = (request: Sendable, token: string) => withHeader(request, "authorization", `Bearer ${token}`);

  it("sends a 401'd request again, once, as reauthorize returns it; that is not a retry", async () => {
    const seen: string[] = [];
    const onRetry = vi.fn();
    const reauthorize = vi.fn(async (request: Sendable) => withToken(request, "fresh"));
    const fetch = createRetryingFetch({
      fetch: async (request) => {
        seen.push(String(headerOf(request, "authorization")));
        return headerOf(request, "authorization") === "Bearer fresh" ? ok() : unauthorized();
      },
      retry: resolveRetryOptions({ onRetry }),
      timeoutMs: 0,
      maxBodyBytes: 1024,
      reauthorize,
    });
    const response = await fetch(new Request("https://api.test/x", { headers: { authorization: "Bearer stale" } }));
    expect(response.status).toBe(200);
    expect(seen).toEqual(["Bearer stale", "Bearer fresh"]);
    expect(reauthorize).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(wasRetried(response)).toBe(false);
  });

  it("hands back the second 401, and the first when reauthorize has nothing new", async () => {
    const reauthorize = vi.fn(async (request: Sendable) => withToken(request, "also-bad"));
    const fetch = createRetryingFetch({ fetch: async () => unauthorized(), retry: false, timeoutMs: 0, reauthorize });
    expect((await fetch(new Request("https://api.test/x"))).status).toBe(401);
    expect(reauthorize).toHaveBeenCalledTimes(1);

    const none = vi.fn(async () => undefined);
    const calls = vi.fn(async () => unauthorized());
    const fetch2 = createRetryingFetch({ fetch: calls, retry: false, timeoutMs: 0, reauthorize: none });
    expect((await fetch2(new Request("https://api.test/x"))).status).toBe(401);
    expect(none).toHaveBeenCalledTimes(1);
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it("leaves a request with a body alone (it cannot be sent twice)", async () => {
    const reauthorize = vi.fn(async (request: Sendable) => request);
    const fetch = createRetryingFetch({ fetch: async () => unauthorized(), retry: false, timeoutMs: 0, reauthorize });
    const response = await fetch(new Request("https://api.test/x", { method: "POST", body: "{}" }));
    expect(response.status).toBe(401);
    expect(reauthorize).not.toHaveBeenCalled();
  });
});

describe("answers read inside the attempt", () => {
  it("serve their body from memory through every reader, clones included, with status, headers and URL kept", async () => {
    const original = json({ id: 1 }, { status: 200, headers: { "x-github-request-id": "R:1" } });
    Object.defineProperty(original, "url", { value: "https://api.test/x" });
    const fetch = createRetryingFetch({ fetch: async () => original, retry: false, timeoutMs: 0, maxBodyBytes: 1024 });
    const response = await fetch(new Request("https://api.test/x"));
    expect(response).toMatchObject({ status: 200, url: "https://api.test/x", bodyUsed: false });
    expect(response.headers.get("x-github-request-id")).toBe("R:1");
    expect(await response.clone().text()).toBe('{"id":1}');
    expect(await response.clone().json()).toEqual({ id: 1 });
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe('{"id":1}');
    expect(await new Response(response.body).text()).toBe('{"id":1}');
    expect(await response.text()).toBe('{"id":1}');
  });

  it("keep the prototype of a user's own Response class", async () => {
    class OwnResponse extends Response {}
    const fetch = createRetryingFetch({
      fetch: async () => new OwnResponse('{"id":2}', { status: 200 }),
      retry: false,
      timeoutMs: 0,
      maxBodyBytes: 1024,
    });
    const response = await fetch(new Request("https://api.test/x"));
    expect(response).toBeInstanceOf(OwnResponse);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 2 });
  });
});
