import { afterEach, describe, expect, it, vi } from "vitest";
import { RateLimitError } from "../../src/errors.js";
import type { RetryInfo, RetryOptions } from "../../src/middleware/retry.js";
import { caught, closeServers, networkClient, sendJson, serveSequence } from "./network-client.js";

afterEach(closeServers);

const SECONDARY = { message: "You have exceeded a secondary rate limit." };

/**
 * Sends one call and stops it at its first retry, returning what `onRetry` was told: the wait is what is tested,
 * not waiting it out. The abort comes right after the retry's timer was set, so that timer is created for real.
 */
async function firstRetry(url: string, retry: RetryOptions = {}): Promise<RetryInfo> {
  const controller = new AbortController();
  let seen: RetryInfo | undefined;
  const gh = networkClient(url, {
    retry: {
      ...retry,
      onRetry: (info) => {
        seen = info;
        setImmediate(() => controller.abort());
      },
    },
  });
  const error = await caught(() => gh.getArtifact({ signal: controller.signal }));
  if (!seen) throw error;
  return seen;
}

const httpDate = (ms: number) => new Date(ms).toUTCString();
const second = (ms: number) => Math.floor(ms / 1000) * 1000;

describe("secondary rate limits", () => {
  it("item 9: a secondary limit without Retry-After waits 60-75 s, not a few seconds of backoff", async () => {
    const server = await serveSequence(sendJson(403, SECONDARY));
    const retry = await firstRetry(server.url, { maxRetryAfterMs: 120_000 });
    expect(retry).toMatchObject({ attempt: 1, status: 403 });
    expect(retry.delayMs).toBeGreaterThanOrEqual(60_000);
    expect(retry.delayMs).toBeLessThan(75_000);
  });

  it("item 9: a 429 without any header is a secondary limit too", async () => {
    const server = await serveSequence(sendJson(429, { message: "Too many requests" }));
    const retry = await firstRetry(server.url, { maxRetryAfterMs: 120_000 });
    expect(retry.delayMs).toBeGreaterThanOrEqual(60_000);
  });

  it("item 9: when a minute does not fit maxRetryAfterMs, RateLimitError at once with retryAfter >= 60 and resetAt", async () => {
    const server = await serveSequence(sendJson(403, SECONDARY));
    const gh = networkClient(server.url, { retry: { retries: 3, maxRetryAfterMs: 30_000 } });
    const before = Date.now();
    const error = (await caught(() => gh.getArtifact())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBeGreaterThanOrEqual(60);
    expect(error.resetAt?.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect(server.requests).toHaveLength(1);
  });
});

describe("Retry-After and x-ratelimit-reset", () => {
  it("item 10: Retry-After is honoured on a 503", async () => {
    const server = await serveSequence(sendJson(503, { message: "unavailable" }, { "retry-after": "5" }));
    expect(await firstRetry(server.url, { baseDelayMs: 1 })).toMatchObject({ delayMs: 5_000, status: 503 });
  });

  it("item 10: Retry-After is honoured on a 500", async () => {
    const server = await serveSequence(sendJson(500, { message: "oops" }, { "retry-after": "3" }));
    expect(await firstRetry(server.url, { baseDelayMs: 1 })).toMatchObject({ delayMs: 3_000, status: 500 });
  });

  it("item 10: a Retry-After date is read against the answer's Date, not the local clock", async () => {
    const serverNow = second(Date.now()) + 3_600_000; // the local clock is an hour behind the server's
    const server = await serveSequence(
      sendJson(429, SECONDARY, { date: httpDate(serverNow), "retry-after": httpDate(serverNow + 30_000) }),
    );
    expect(await firstRetry(server.url)).toMatchObject({ delayMs: 30_000 });
  });

  it.each([
    ["behind", 3_600_000],
    ["ahead of", -3_600_000],
  ])(
    "item 10: x-ratelimit-reset is read against Date when the local clock is an hour %s the server's",
    async (_, skew) => {
      const serverNow = second(Date.now()) + skew;
      const server = await serveSequence(
        sendJson(403, SECONDARY, {
          date: httpDate(serverNow),
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": String((serverNow + 20_000) / 1000),
        }),
      );
      expect(await firstRetry(server.url)).toMatchObject({ delayMs: 20_000, status: 403 });
    },
  );

  it("item 10: a primary limit that lasts too long throws at once, resetAt on the local clock", async () => {
    const serverNow = second(Date.now()) - 3_600_000;
    const server = await serveSequence(
      sendJson(403, SECONDARY, {
        date: httpDate(serverNow),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String((serverNow + 600_000) / 1000),
      }),
    );
    const gh = networkClient(server.url, { retry: true });
    const before = Date.now();
    const error = (await caught(() => gh.getArtifact())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(1);
    // note: ten minutes from now as this machine counts, whatever its clock says against the server's.
    expect(error.resetAt?.getTime()).toBeGreaterThanOrEqual(before + 599_000);
    expect(error.resetAt?.getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
  });
});

describe("absurd values", () => {
  const ABSURD = "99999999999999999999999";

  it("item 10: absurd Retry-After and x-ratelimit-reset give no Invalid Date, and toJSON does not throw", async () => {
    const server = await serveSequence(
      sendJson(429, SECONDARY, { "retry-after": ABSURD, "x-ratelimit-remaining": "0", "x-ratelimit-reset": ABSURD }),
    );
    const gh = networkClient(server.url, { retry: true });
    const error = (await caught(() => gh.getArtifact())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(Number.isNaN(error.resetAt?.getTime())).toBe(false);
    expect(error.rateLimit.reset).toBeUndefined();
    expect(() => JSON.stringify(error)).not.toThrow();
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: "RateLimitError", retryAfter: expect.any(Number) });
  });

  it("item 10: an absurd Retry-After within maxRetryAfterMs is clamped to what a timer holds (no TimeoutOverflowWarning)", async () => {
    const emitWarning = vi.spyOn(process, "emitWarning");
    const server = await serveSequence(sendJson(503, { message: "later" }, { "retry-after": ABSURD }));
    const retry = await firstRetry(server.url, { maxRetryAfterMs: 2 ** 31 - 1 });
    expect(retry.delayMs).toBe(2 ** 31 - 1);
    expect(emitWarning.mock.calls.filter((args) => String(args[1]) === "TimeoutOverflowWarning")).toEqual([]);
  });
});
