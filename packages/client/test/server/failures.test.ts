import { type ArtifactsWorld, createArtifactsFetch } from "@gh-artifacts/testing";
import { describe, expect, it } from "vitest";
import { chunkedBody, deferred, endlessBody, stalledBody } from "../download-fake.js";
import { startServer } from "../helpers.js";
import { call, everything, PREFIX, proxyFor, startUpstream, TOKEN, type Upstream } from "./fake-upstream.js";

const ONE = `${PREFIX}/repos/o/r/actions/artifacts/1`;

/** An answer that never comes; `closed` when the request is let go (over node:http: its connection closed). */
const never = (request: Request, closed: () => void, arrived?: () => void) =>
  new Promise<Response>(() => {
    request.signal.addEventListener("abort", () => closed());
    arrived?.();
  });

/** A redirect, no body. */
const redirect = (status: number, location: string | undefined) =>
  new Response(null, { status, headers: location ? { location } : {} });

/** The answer at `path` of the API, or `otherwise`. */
const at = (path: string, answer: () => Response, otherwise: () => Response) => (request: Request) => {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}` === path ? answer() : otherwise();
};

describe("upstream failures", () => {
  it("GitHub unreachable is 502", async () => {
    const gone = await startServer(() => undefined);
    await gone.close();
    const handler = proxyFor({ url: gone.url, requests: [], server: gone });
    const response = await call(handler, ONE);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: "GitHub could not be reached" });
  });

  it("onError is told why GitHub could not be reached; the browser gets only the message", async () => {
    const gone = await startServer(() => undefined);
    await gone.close();
    const errors: unknown[] = [];
    const handler = proxyFor({ url: gone.url, requests: [], server: gone }, { onError: (error) => errors.push(error) });
    expect((await call(handler, ONE)).status).toBe(502);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
  });

  // note: on node:http, as only a socket can be cut before any answer.
  it("a connection cut before the answer is 502", async () => {
    const upstream = await startUpstream((req) => req.socket.destroy());
    expect((await call(proxyFor(upstream), ONE)).status).toBe(502);
  });

  // note: short timeouts: a server that never answers is only ended by the timer, whatever its length.
  it("no answer within timeoutMs is 504, and the upstream request is let go", async () => {
    const closed = deferred();
    const upstream = await startUpstream({ answer: (request) => never(request, closed.resolve) });
    const response = await call(proxyFor(upstream, { timeoutMs: 100 }), ONE);
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ message: "GitHub did not answer within 100 ms" });
    await closed.promise;
  });

  it("a body that stalls after the headers is 504 too (the limit covers the body)", async () => {
    const upstream = await startUpstream({
      answer: () =>
        new Response(stalledBody(Buffer.from('{"id": 1, "na')), { headers: { "content-type": "application/json" } }),
    });
    expect((await call(proxyFor(upstream, { timeoutMs: 100 }), ONE)).status).toBe(504);
  });

  it("an error body that stalls is 504, not a hang", async () => {
    const upstream = await startUpstream({
      answer: () =>
        new Response(stalledBody(Buffer.from('{"message": "Not')), {
          status: 404,
          headers: { "content-type": "application/json" },
        }),
    });
    expect((await call(proxyFor(upstream, { timeoutMs: 100 }), ONE)).status).toBe(504);
  });

  it("a body larger than maxResponseBytes is 502, announced or not", async () => {
    const big = JSON.stringify({ id: 1, name: "x".repeat(5000) });
    // note: announced by Content-Length, or sent chunked without any length.
    const answers = [
      () =>
        new Response(big, { headers: { "content-type": "application/json", "content-length": String(big.length) } }),
      () => new Response(chunkedBody(Buffer.from(big)), { headers: { "content-type": "application/json" } }),
    ];
    for (const answer of answers) {
      const upstream = await startUpstream({ answer });
      const response = await call(proxyFor(upstream, { maxResponseBytes: 4096 }), ONE);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ message: "GitHub's answer is larger than 4096 bytes" });
    }
  });

  it("an endless body is cut at maxResponseBytes, and the connection is let go", async () => {
    const closed = deferred();
    const upstream = await startUpstream({
      answer: () => new Response(endlessBody(closed.resolve), { headers: { "content-type": "application/json" } }),
    });
    expect((await call(proxyFor(upstream, { maxResponseBytes: 100_000 }), ONE)).status).toBe(502);
    await closed.promise;
  });

  it("a large error body is cut at 64 KiB, and the browser still gets { message }", async () => {
    const upstream = await startUpstream({
      answer: () => Response.json({ message: "boom", detail: `${"x".repeat(100_000)} ${TOKEN}` }, { status: 500 }),
    });
    const response = await call(proxyFor(upstream), ONE);
    expect(response.status).toBe(500);
    const seen = await everything(response);
    expect(seen.length).toBeLessThan(70_000);
    expect(seen).not.toContain(TOKEN.slice(0, 8));
    expect(JSON.parse(seen.slice(seen.indexOf("\n") + 1))).toEqual({ message: "GitHub answered HTTP 500" });
  });

  it("the browser going away before the answer lets the upstream request go", async () => {
    const closed = deferred();
    const reached = deferred();
    const upstream = await startUpstream({ answer: (request) => never(request, closed.resolve, reached.resolve) });
    const browser = new AbortController();
    const answer = call(proxyFor(upstream), ONE, { signal: browser.signal });
    await reached.promise;
    browser.abort();
    expect((await answer).status).toBe(499);
    await closed.promise;
  });
});

describe("redirects from the API", () => {
  it("a redirect inside the API (a renamed repository) is followed with the token", async () => {
    // note: the world has no renamed repository; the hop is answered with its artifact 1 of o/r.
    const upstream: Upstream = await startUpstream({
      answer: (request) => {
        const { origin, pathname } = new URL(request.url);
        if (pathname === "/repos/o/r/actions/artifacts/1") return redirect(301, "/repositories/42/actions/artifacts/1");
        const world = createArtifactsFetch(upstream.world as ArtifactsWorld, { baseUrl: origin });
        return world(`${origin}/repos/o/r/actions/artifacts/1`, { headers: request.headers });
      },
    });
    const response = await call(proxyFor(upstream), ONE);
    expect(response.status).toBe(200);
    expect(upstream.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ["/repos/o/r/actions/artifacts/1", `Bearer ${TOKEN}`],
      ["/repositories/42/actions/artifacts/1", `Bearer ${TOKEN}`],
    ]);
  });

  for (const [label, location] of [
    ["another host", "https://evil.test/steal"],
    ["the same host outside the API root", "/other/path"],
    ["no Location", undefined],
  ] as const) {
    it(`a redirect to ${label} is 502; the token does not follow it`, async () => {
      const upstream = await startUpstream({ answer: () => redirect(302, location) });
      const handler = proxyFor(upstream, { baseUrl: `${upstream.url}/api/v3` });
      const response = await call(handler, ONE);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ message: "GitHub redirected the request outside its API" });
      expect(upstream.requests).toHaveLength(1);
    });
  }

  it("a redirect to the same operation of the same repository spelled /repos/OWNER/REPO is followed", async () => {
    const upstream = await startUpstream({
      answer: at(
        "/repos/o/r/actions/artifacts/1",
        () => redirect(301, "/repos/new-owner/new.name/actions/artifacts/1"),
        () => Response.json({ id: 1 }),
      ),
    });
    expect((await call(proxyFor(upstream), ONE)).status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual([
      "/repos/o/r/actions/artifacts/1",
      "/repos/new-owner/new.name/actions/artifacts/1",
    ]);
  });

  it("a list's redirect keeps its declared query parameters", async () => {
    const upstream = await startUpstream({
      answer: at(
        "/repos/o/r/actions/artifacts?per_page=2&page=2",
        () => redirect(301, "/repositories/42/actions/artifacts?per_page=2&page=2"),
        () => Response.json({ total_count: 0, artifacts: [] }),
      ),
    });
    const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/artifacts?per_page=2&page=2`);
    expect(response.status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual([
      "/repos/o/r/actions/artifacts?per_page=2&page=2",
      "/repositories/42/actions/artifacts?per_page=2&page=2",
    ]);
  });

  for (const [label, location] of [
    ["another path of the API host", "/user"],
    ["another operation of the same repository", "/repositories/42/actions/artifacts"],
    ["the same operation on another artifact", "/repositories/42/actions/artifacts/2"],
    ["the same path under another repository path form", "/repositories/0/actions/artifacts/1"],
    ["an owner the client's rules refuse", "/repos/-bad-/r/actions/artifacts/1"],
    ["a query parameter the operation does not declare", "/repositories/42/actions/artifacts/1?per_page=1"],
    ["a dot segment that leaves the operation", "/repositories/42/actions/artifacts/1/../../../../user"],
  ] as const) {
    it(`a redirect to ${label} is 502; nothing more is asked`, async () => {
      const upstream = await startUpstream({ answer: () => redirect(301, location) });
      const response = await call(proxyFor(upstream), ONE);
      expect(response.status).toBe(502);
      expect(upstream.requests).toHaveLength(1);
    });
  }

  it("a redirect loop ends after three hops with 502", async () => {
    const location = "/repositories/1/actions/artifacts/1";
    const upstream = await startUpstream({ answer: () => redirect(302, location) });
    const response = await call(proxyFor(upstream), ONE);
    expect(response.status).toBe(502);
    expect(upstream.requests).toHaveLength(4);
  });
});
