import { describe, expect, it, onTestFinished, vi } from "vitest";
import { endlessBody } from "../download-fake.js";
import { readAll } from "../helpers.js";
import { call, closedOf, everything, PREFIX, proxyFor, startStorage, startUpstream, TOKEN } from "./fake-upstream.js";

const ZIP = `${PREFIX}/repos/o/r/actions/artifacts/7/zip`;
/** GitHub's `X-GitHub-Request-Id`, e.g. `52C5:DC6C6:9C746E:73FCC6:69C26EF4`. */
const REQUEST_ID = /^[0-9A-F]+(:[0-9A-F]+)+$/;
const BYTES = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => (i * 31) % 256));

describe('download: "redirect" (default)', () => {
  it("answers 302 with the storage URL, no body, no caching; the token is not in it", async () => {
    const upstream = await startUpstream({ storage: "https://storage.test/blob/7.zip?sig=abc" });
    const response = await call(proxyFor(upstream), ZIP);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://storage.test/blob/7.zip?sig=abc");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-github-request-id")).toMatch(REQUEST_ID);
    expect(response.headers.get("content-type")).toBeNull();
    expect(await everything(response)).not.toContain(TOKEN);
    expect(upstream.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ["/repos/o/r/actions/artifacts/7/zip", `Bearer ${TOKEN}`],
    ]);
  });

  it("does not wait for the body of GitHub's 302 (it is cancelled)", async () => {
    let cancelled!: () => void;
    const closed = new Promise<void>((resolve) => {
      cancelled = resolve;
    });
    // note: a body that never ends: reading it would hold the answer until the timeout. Its stream is cancelled
    // when the connection closes.
    const upstream = await startUpstream({
      answer: () =>
        new Response(endlessBody(cancelled), { status: 302, headers: { location: "https://storage.test/x.zip" } }),
    });
    const response = await call(proxyFor(upstream), ZIP);
    expect(response.status).toBe(302);
    await closed;
  });

  for (const [label, location, why] of [
    ["a relative Location", "/blob/7.zip", /not a redirect to the archive/],
    ["a javascript: Location", "javascript:alert(1)", /redirect was refused: it is not an http\(s\): URL/],
    ["an ftp: Location", "ftp://storage.test/7.zip", /redirect was refused: it is not an http\(s\): URL/],
    ["a Location with user info", "https://user:pass@storage.test/7.zip", /redirect was refused: it carries user info/],
    ["a Location holding the token", `https://storage.test/7.zip?t=${TOKEN}`, /not a redirect to the archive/],
    ["no Location", undefined, /not a redirect to the archive/],
  ] as const) {
    it(`${label} is 502, not passed on`, async () => {
      const upstream = await startUpstream({
        answer: () => new Response(null, { status: 302, headers: location ? { location } : {} }),
      });
      const response = await call(proxyFor(upstream), ZIP);
      expect(response.status).toBe(502);
      const seen = await everything(response);
      expect(seen).toMatch(why);
      expect(seen).not.toContain(TOKEN);
      if (location) expect(seen).not.toContain(location);
    });
  }

  it("a 200 instead of a redirect is 502", async () => {
    const upstream = await startUpstream({
      answer: () => new Response("PK", { headers: { "content-type": "application/zip" } }),
    });
    expect((await call(proxyFor(upstream), ZIP)).status).toBe(502);
  });

  it("an expired artifact's 410 keeps its status and GitHub's body", async () => {
    const upstream = await startUpstream();
    upstream.world?.updateArtifact(7, { expired: true });
    const response = await call(proxyFor(upstream), ZIP);
    expect(response.status).toBe(410);
    const github = await fetch(`${upstream.url}/repos/o/r/actions/artifacts/7/zip`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      redirect: "manual",
    });
    expect(github.status).toBe(410);
    expect(await response.json()).toEqual(await github.json());
  });
});

describe('download: "stream"', () => {
  it("streams the archive from storage without any credential; the bytes are equal", async () => {
    const storage = await startStorage((_req, res) => {
      res.writeHead(200, {
        "content-type": "application/zip",
        "content-length": String(BYTES.length),
        "content-disposition": 'attachment; filename="build-log.zip"',
        "set-cookie": "storage=1",
        "x-ms-request-id": "az-1",
      });
      res.end(BYTES);
    });
    const upstream = await startUpstream({ storage: storage.url });
    const response = await call(proxyFor(upstream, { download: "stream" }), ZIP, {
      headers: { Cookie: "session=1", Authorization: "Bearer browser" },
    });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual({
      "cache-control": "private, no-store",
      "content-disposition": 'attachment; filename="build-log.zip"',
      "content-length": String(BYTES.length),
      "content-security-policy": "sandbox; default-src 'none'",
      "content-type": "application/zip",
      date: expect.any(String),
      "x-content-type-options": "nosniff",
      "x-github-request-id": expect.stringMatching(REQUEST_ID),
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": expect.stringMatching(/^\d+$/),
      "x-ratelimit-resource": "core",
      "x-ratelimit-used": "1",
    });
    expect((await readAll(response.body!)).equals(BYTES)).toBe(true);
    expect(storage.seen).toHaveLength(1);
    expect(storage.seen[0]?.url).toBe("/blob/7.zip?sig=s3cr3t&se=2030");
    expect(storage.seen[0]?.headers.authorization).toBeUndefined();
    expect(storage.seen[0]?.headers.cookie).toBeUndefined();
  });

  it("names the file after the storage URL's last segment when storage gives no Content-Disposition, and drops a wrong length", async () => {
    const storage = await startStorage((_req, res) => {
      res.writeHead(200, { "content-encoding": "identity", "transfer-encoding": "chunked" });
      res.end(BYTES);
    });
    const upstream = await startUpstream({ storage: storage.url });
    const response = await call(proxyFor(upstream, { download: "stream" }), ZIP);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="7.zip"');
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-length")).toBeNull();
    expect((await readAll(response.body!)).equals(BYTES)).toBe(true);
  });

  it("a storage error is 502 with a message, not the storage host's body", async () => {
    const storage = await startStorage((_req, res) =>
      res.writeHead(403, { "content-type": "application/xml" }).end("<Error>AuthenticationFailed</Error>"),
    );
    const upstream = await startUpstream({ storage: storage.url });
    const response = await call(proxyFor(upstream, { download: "stream" }), ZIP);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: "The storage host answered HTTP 403" });
  });

  it("a storage host that stalls mid-archive errors the body once the idle timeout passes, and is let go", async () => {
    let closed: Promise<unknown> = Promise.resolve();
    const storage = await startStorage((req, res) => {
      closed = closedOf(req);
      res.writeHead(200, { "content-type": "application/zip", "content-length": String(BYTES.length) });
      res.write(BYTES.subarray(0, 1024));
    });
    const upstream = await startUpstream({ storage: storage.url });
    // note: short, because what is tested is not its length: a stalled body never ends, so only the timer ends it.
    const response = await call(proxyFor(upstream, { download: "stream", timeoutMs: 100 }), ZIP);
    expect(response.status).toBe(200);
    const error = await readAll(response.body!).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "TimeoutError" });
    await closed;
  });

  it("a slow reader is not timed out: the idle time runs only while a read waits for storage", async () => {
    // note: fake timers (set before the handler arms any) and a wait of a minute: had the idle timer kept running
    // while nobody read, advancing the clock would fire it. Sockets stay real.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const storage = await startStorage((_req, res) => {
      res.writeHead(200, { "content-type": "application/zip", "content-length": String(BYTES.length) });
      res.end(BYTES);
    });
    const upstream = await startUpstream({ storage: storage.url });
    const response = await call(proxyFor(upstream, { download: "stream", timeoutMs: 50 }), ZIP);
    const reader = response.body!.getReader();
    const first = await reader.read();
    vi.advanceTimersByTime(60_000);
    const chunks = [first.value!];
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
    expect(Buffer.concat(chunks).equals(BYTES)).toBe(true);
  });

  it("the browser going away (request.signal) cancels the storage transfer", async () => {
    let closed: Promise<unknown> = Promise.resolve();
    const storage = await startStorage((req, res) => {
      closed = closedOf(req);
      res.writeHead(200, { "content-type": "application/zip", "content-length": String(BYTES.length) });
      res.write(BYTES.subarray(0, 1024));
    });
    const upstream = await startUpstream({ storage: storage.url });
    const browser = new AbortController();
    const response = await call(proxyFor(upstream, { download: "stream" }), ZIP, { signal: browser.signal });
    const reader = response.body!.getReader();
    expect((await reader.read()).value?.byteLength).toBeGreaterThan(0);
    browser.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    await closed;
  });
});
