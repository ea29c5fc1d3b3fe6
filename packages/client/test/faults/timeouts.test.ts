import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { createRetryingFetch, type RetryInfo, resolveRetryOptions } from "../../src/middleware/retry.js";
import { Outgoing } from "../../src/outgoing.js";
import {
  ARTIFACT,
  caught,
  closeServers,
  type Handler,
  networkClient,
  sendJson,
  serveSequence,
} from "./network-client.js";

afterEach(closeServers);

/** Sends the headers and the first bytes of a JSON body, then nothing more (the socket stays open). */
const stallAfterHeaders: Handler = (_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.write('{"id": 1, "name": "art');
};

// note: the timeouts are short because what is tested is not their length: a stalled body never ends, so the only
// way these calls settle is through the timer covering the body.
describe("timeouts cover the whole attempt", () => {
  it("item 13: a JSON body that stalls after the headers is a TimeoutError, retried", async () => {
    const server = await serveSequence(stallAfterHeaders, sendJson(200, ARTIFACT));
    const retries: RetryInfo[] = [];
    const gh = networkClient(server.url, {
      timeoutMs: 200,
      retry: { retries: 1, baseDelayMs: 0, onRetry: (info) => retries.push(info) },
    });
    await expect(gh.getArtifact()).resolves.toMatchObject({ id: 1 });
    expect(server.requests).toHaveLength(2);
    expect(retries).toEqual([{ attempt: 1, delayMs: 0, status: undefined, error: expect.any(DOMException) }]);
    expect(retries[0]?.error).toMatchObject({ name: "TimeoutError" });
  });

  it("item 13: a stalled body with no retries left rejects with TimeoutError", async () => {
    const server = await serveSequence(stallAfterHeaders);
    const gh = networkClient(server.url, { timeoutMs: 200, retry: { retries: 1, baseDelayMs: 0 } });
    const error = await caught(() => gh.getArtifact());
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(server.requests).toHaveLength(2);
  });

  it("item 13: a stalled error body is a TimeoutError too, not a hang", async () => {
    const server = await serveSequence((_req, res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.write('{"message": "Not');
    });
    const gh = networkClient(server.url, { timeoutMs: 200 });
    expect(await caught(() => gh.getArtifact())).toMatchObject({ name: "TimeoutError" });
  });

  it("item 13: a body that breaks off (undici's TypeError: terminated) is retried", async () => {
    const server = await serveSequence(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        // note: once the first bytes are handed to the kernel, the connection is cut: the headers arrive, the body
        // read fails.
        res.write('{"id": 1,', () => res.socket?.destroy());
      },
      sendJson(200, ARTIFACT),
    );
    const retries: RetryInfo[] = [];
    const gh = networkClient(server.url, {
      retry: { retries: 1, baseDelayMs: 0, onRetry: (info) => retries.push(info) },
    });
    await expect(gh.getArtifact()).resolves.toMatchObject({ id: 1 });
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toBeInstanceOf(TypeError);
  });

  it("item 13: the caller aborting mid-answer rejects with the caller's reason, without retrying", async () => {
    const controller = new AbortController();
    const server = await serveSequence((req, res) => {
      stallAfterHeaders(req, res, 0);
      controller.abort(new DOMException("stop", "AbortError"));
    });
    const gh = networkClient(server.url, { retry: { retries: 3, baseDelayMs: 0 } });
    const error = await caught(() => gh.getArtifact({ signal: controller.signal }));
    expect(error).toMatchObject({ name: "AbortError", message: "stop" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("the per-attempt abort listener", () => {
  it("item 13: is removed from the request's signal once the body has been read", async () => {
    const server = await serveSequence(sendJson(200, ARTIFACT));
    const fetch = createRetryingFetch({
      fetch: (request, init) => globalThis.fetch(request as Request, init),
      retry: resolveRetryOptions(false),
      timeoutMs: 10_000,
      maxBodyBytes: 1024 * 1024,
    });
    const controller = new AbortController();
    const request = new Request(`${server.url}/x`, { signal: controller.signal });
    const before = getEventListeners(request.signal, "abort").length;
    // note: past 10 listeners on one signal Node warns (MaxListenersExceededWarning); twelve calls would do it.
    for (let i = 0; i < 12; i++) await (await fetch(request)).json();
    expect(getEventListeners(request.signal, "abort")).toHaveLength(before);
  });

  it("item 13: still reaches a streamed body (no maxBodyBytes) after the headers arrived", async () => {
    const server = await serveSequence(stallAfterHeaders);
    const fetch = createRetryingFetch({
      fetch: (request, init) => globalThis.fetch(request as Request, init),
      retry: resolveRetryOptions(false),
      timeoutMs: 10_000,
    });
    const controller = new AbortController();
    const response = await fetch(new Request(`${server.url}/x`, { signal: controller.signal }));
    const reading = response.text().catch((e: unknown) => e);
    controller.abort(new DOMException("stop", "AbortError"));
    expect(await reading).toMatchObject({ name: "AbortError", message: "stop" });
  });

  it("item 13: is one listener per caller signal, however many attempts are in flight on it, and aborts them all", async () => {
    // note: an attempt that only ends when its signal aborts: no server, no timer involved.
    const hang = (_request: unknown, init?: { signal: AbortSignal }) =>
      new Promise<Response>((_, reject) => init?.signal.addEventListener("abort", () => reject(init.signal.reason)));
    const fetch = createRetryingFetch({ fetch: hang, retry: false, timeoutMs: 10_000, maxBodyBytes: 1024 });
    const controller = new AbortController();
    const calls = Array.from({ length: 16 }, () =>
      fetch(new Outgoing("GET", "http://127.0.0.1:9/x", {}, controller.signal)).catch((e: unknown) => e),
    );
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    controller.abort(new Error("caller left"));
    for (const error of await Promise.all(calls)) expect(error).toMatchObject({ message: "caller left" });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
