import { afterEach, describe, expect, it } from "vitest";
import { createArtifactsClient, InvalidInputError, type RateLimitObservation, watchRateLimit } from "../src/index.js";
import { closeServers, sendJson, serveSequence } from "./faults/network-client.js";

afterEach(closeServers);

const LIMITS = { "x-ratelimit-limit": "60", "x-ratelimit-remaining": "41", "x-ratelimit-reset": "1717200000" };
const LIST = { total_count: 0, artifacts: [] };

describe("watchRateLimit", () => {
  it("reports every attempt's rate-limit headers, retried secondary limits included, until stopped", async () => {
    const server = await serveSequence(
      sendJson(429, { message: "slow down" }, { ...LIMITS, "retry-after": "0" }),
      sendJson(200, LIST, { ...LIMITS, "x-ratelimit-resource": "core" }),
    );
    const gh = createArtifactsClient({ baseUrl: server.url });
    const seen: RateLimitObservation[] = [];
    const stop = watchRateLimit(gh, (o) => seen.push(o));
    await gh.listArtifactsForRepo({ owner: "o", repo: "r" });
    expect(seen).toEqual([
      {
        method: "GET",
        status: 429,
        secondary: true,
        retryAfterMs: 0,
        rateLimit: {
          limit: 60,
          remaining: 41,
          reset: new Date(1717200000 * 1000),
          used: undefined,
          resource: undefined,
        },
      },
      expect.objectContaining({
        status: 200,
        secondary: false,
        rateLimit: expect.objectContaining({ resource: "core" }),
      }),
    ]);
    stop();
    await gh.listArtifactsForRepo({ owner: "o", repo: "r" });
    expect(seen).toHaveLength(2);
  });

  it("tells a secondary-limit 403 by its message, a primary one by remaining 0, and a refusal from both", async () => {
    const server = await serveSequence(
      sendJson(403, { message: "You have exceeded a secondary rate limit." }, LIMITS),
      sendJson(403, { message: "API rate limit exceeded" }, { ...LIMITS, "x-ratelimit-remaining": "0" }),
      sendJson(403, { message: "Resource not accessible by integration" }, LIMITS),
    );
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    const seen: boolean[] = [];
    watchRateLimit(gh, (o) => seen.push(o.secondary));
    for (let i = 0; i < 3; i++) await gh.listArtifactsForRepo({ owner: "o", repo: "r" }).catch(() => undefined);
    expect(seen).toEqual([true, false, false]);
  });

  it("leaves the body for the client to read (the error still quotes GitHub's message)", async () => {
    const server = await serveSequence(sendJson(403, { message: "You have exceeded a secondary rate limit." }, LIMITS));
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    watchRateLimit(gh, () => undefined);
    await expect(gh.listArtifactsForRepo({ owner: "o", repo: "r" })).rejects.toMatchObject({
      name: "RateLimitError",
      message: expect.stringContaining("secondary rate limit"),
    });
  });

  it("refuses a listener that is not a function, and a client it did not make", () => {
    const gh = createArtifactsClient();
    expect(() => watchRateLimit(gh, "no" as never)).toThrow(InvalidInputError);
    expect(() => watchRateLimit({} as never, () => undefined)).toThrow(InvalidInputError);
  });
});
