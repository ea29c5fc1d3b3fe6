import { afterEach, describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/errors.js";
import { type RetryInfo, wasRetried } from "../../src/middleware/retry.js";
import { ARTIFACT, caught, closeServers, networkClient, sendJson, serveSequence } from "./network-client.js";

afterEach(closeServers);

// note: waits are kept tiny (baseDelayMs: 1, Retry-After: 0): what is tested is what onRetry is told.
describe("onRetry", () => {
  it("item 11: is told each retry's attempt, wait and status, in order", async () => {
    const server = await serveSequence(
      sendJson(502, { message: "bad gateway" }),
      sendJson(503, { message: "unavailable" }, { "retry-after": "0" }),
      sendJson(200, ARTIFACT),
    );
    const seen: RetryInfo[] = [];
    const gh = networkClient(server.url, { retry: { baseDelayMs: 1, onRetry: (info) => seen.push(info) } });
    await expect(gh.getArtifact()).resolves.toMatchObject({ id: 1 });
    expect(seen).toEqual([
      { attempt: 1, delayMs: 0, status: 502, error: undefined },
      { attempt: 2, delayMs: 0, status: 503, error: undefined },
    ]);
  });

  it("item 11: is told the network error of a dropped connection", async () => {
    const server = await serveSequence((_req, res) => res.socket?.destroy(), sendJson(200, ARTIFACT));
    const seen: RetryInfo[] = [];
    const gh = networkClient(server.url, { retry: { baseDelayMs: 1, onRetry: (info) => seen.push(info) } });
    await expect(gh.getArtifact()).resolves.toMatchObject({ id: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ attempt: 1, status: undefined });
    expect(seen[0]?.error).toBeInstanceOf(TypeError);
  });

  it("item 11: is told a rate limit's wait", async () => {
    const server = await serveSequence(
      sendJson(429, { message: "slow down" }, { "retry-after": "0" }),
      sendJson(200, ARTIFACT),
    );
    const seen: RetryInfo[] = [];
    const gh = networkClient(server.url, { retry: { onRetry: (info) => seen.push(info) } });
    await gh.getArtifact();
    expect(seen).toEqual([{ attempt: 1, delayMs: 0, status: 429, error: undefined }]);
  });

  it("item 11: is not called for an answer that is not retried, nor for the last failed attempt", async () => {
    const server = await serveSequence(sendJson(404, { message: "Not Found" }));
    const seen: RetryInfo[] = [];
    const gh = networkClient(server.url, { retry: { onRetry: (info) => seen.push(info) } });
    await expect(gh.getArtifact()).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual([]);

    const failing = await serveSequence(sendJson(500, { message: "down" }));
    const gh2 = networkClient(failing.url, {
      retry: { retries: 2, baseDelayMs: 1, onRetry: (info) => seen.push(info) },
    });
    await expect(gh2.getArtifact()).rejects.toMatchObject({ status: 500 });
    expect(seen.map((info) => info.attempt)).toEqual([1, 2]);
    expect(failing.requests).toHaveLength(3);
  });

  it("item 11: an exception thrown by onRetry ends the call with it, and nothing more is sent", async () => {
    const server = await serveSequence(sendJson(500, { message: "down" }));
    const boom = new Error("observer failed");
    const gh = networkClient(server.url, {
      retry: {
        baseDelayMs: 1,
        onRetry: () => {
          throw boom;
        },
      },
    });
    expect(await caught(() => gh.getArtifact())).toBe(boom);
    expect(server.requests).toHaveLength(1);
  });
});

describe("wasRetried", () => {
  const deleteOne = (gh: ReturnType<typeof networkClient>) =>
    gh.raw.DELETE("/repos/{owner}/{repo}/actions/artifacts/{artifact_id}", {
      params: { path: { owner: "o", repo: "r", artifact_id: 1 } },
    });

  it("item 11: marks the answer to a DELETE that was sent again (its 404 means the first one worked)", async () => {
    const server = await serveSequence((_req, res) => res.socket?.destroy(), sendJson(404, { message: "Not Found" }));
    const { response } = await deleteOne(networkClient(server.url, { retry: { baseDelayMs: 1 } }));
    expect(response.status).toBe(404);
    expect(wasRetried(response)).toBe(true);
  });

  it("item 11: leaves a first answer unmarked", async () => {
    const server = await serveSequence(sendJson(404, { message: "Not Found" }));
    const { response } = await deleteOne(networkClient(server.url, { retry: { baseDelayMs: 1 } }));
    expect(wasRetried(response)).toBe(false);
  });
});
