import { afterEach, describe, expect, it } from "vitest";
import {
  createArtifactsClient,
  createEtagCache,
  downloadArtifact,
  GitHubApiError,
  getArtifactDownloadUrl,
  isRetryable,
  UnsafeRedirectError,
} from "../../src/index.js";
import { ACCEPT } from "../../src/middleware/auth-headers.js";
import { type FakeGitHub, startFakeGitHub } from "../fake-github.js";
import { readAll, simulateBrowser, startServer, type TestServer } from "../helpers.js";
import { redirectWithBody } from "./download-servers.js";

const ref = { owner: "o", repo: "r", artifact_id: 1 };
const payload = Buffer.from("PK\u0005\u0006 archive bytes ".repeat(4000));

let fake: FakeGitHub | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await fake?.close();
  await server?.close();
  fake = undefined;
  server = undefined;
});

describe("the download's redirect", () => {
  it("item 14: a 302 whose body never ends is read from its headers; its body is cancelled and the archive arrives", async () => {
    const redirect = redirectWithBody("endless");
    fake = await startFakeGitHub({ body: payload, redirect: redirect.behaviour });
    const gh = createArtifactsClient({ baseUrl: fake.api.url, token: "t", retry: false });
    const download = await downloadArtifact(gh, ref);
    expect(await readAll(download.body)).toEqual(payload);
    // note: resolves only once the client has dropped the 302's connection: its body was cancelled, not drained.
    await redirect.closed;
    expect(fake.storage.requests).toHaveLength(1);
  });

  it("item 14: getArtifactDownloadUrl returns Location although the 302's body stalls", async () => {
    const redirect = redirectWithBody("stalled");
    fake = await startFakeGitHub({ body: payload, redirect: redirect.behaviour });
    const gh = createArtifactsClient({ baseUrl: fake.api.url, retry: false });
    const url = await getArtifactDownloadUrl(gh, ref);
    expect(url.href).toBe(`${fake.storage.url}/blob/1.zip?sig=abc`);
    await redirect.closed;
    expect(fake.storage.requests).toHaveLength(0);
  });

  it("item 14: a 302 without Location is a GitHubApiError, without waiting for its (stalled) body", async () => {
    const redirect = redirectWithBody("stalled", { location: false });
    fake = await startFakeGitHub({ body: payload, redirect: redirect.behaviour });
    const gh = createArtifactsClient({ baseUrl: fake.api.url, retry: false });
    const error = await downloadArtifact(gh, ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ status: 302, message: expect.stringContaining("with a Location, got HTTP 302") });
    await redirect.closed;
    expect(fake.storage.requests).toHaveLength(0);
  });

  it("item 14: a relative Location resolves against the API's URL, and storage there gets no token", async () => {
    server = await startServer((req, res) => {
      if (req.url?.startsWith("/blob/")) res.writeHead(200, { "content-length": String(payload.length) }).end(payload);
      else res.writeHead(302, { location: "/blob/1.zip?sig=rel" }).end("<html>moved</html>");
    });
    const gh = createArtifactsClient({ baseUrl: server.url, token: "ghp_secret", retry: false });
    const download = await downloadArtifact(gh, ref);
    expect(download.url.href).toBe(`${server.url}/blob/1.zip?sig=rel`);
    expect(await readAll(download.body)).toEqual(payload);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer ghp_secret", undefined]);
  });
});

describe("the browser's followed redirect", () => {
  it("item 22: carries neither X-GitHub-Api-Version nor If-None-Match (no CORS preflight at storage); Accept stays", async () => {
    simulateBrowser();
    fake = await startFakeGitHub({ body: payload });
    // note: a store that knows every URL, so the ETag cache would add If-None-Match to any GET.
    const cache = { get: () => ({ etag: '"cached"', body: "{}", headers: {} }), set: () => undefined };
    const gh = createArtifactsClient({
      baseUrl: fake.api.url,
      token: "t",
      retry: false,
      cache: createEtagCache(cache),
    });
    const download = await downloadArtifact(gh, ref);
    expect(await readAll(download.body)).toEqual(payload);
    expect(fake.storage.requests).toHaveLength(1);
    const headers = fake.storage.requests[0]!.headers;
    expect(headers["x-github-api-version"]).toBeUndefined();
    expect(headers["if-none-match"]).toBeUndefined();
    expect(headers.authorization).toBeUndefined();
    expect(headers.accept).toBe(ACCEPT);
  });

  it("item 22: getArtifactDownloadUrl's followed request carries none of those headers either", async () => {
    simulateBrowser();
    fake = await startFakeGitHub({ body: payload });
    const cache = { get: () => ({ etag: '"cached"', body: "{}", headers: {} }), set: () => undefined };
    const gh = createArtifactsClient({
      baseUrl: fake.api.url,
      token: "t",
      retry: false,
      cache: createEtagCache(cache),
    });
    const url = await getArtifactDownloadUrl(gh, ref);
    expect(url.href).toBe(`${fake.storage.url}/blob/1.zip?sig=abc`);
    const headers = fake.storage.requests[0]!.headers;
    expect([headers["x-github-api-version"], headers["if-none-match"], headers.authorization]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("a Location the client does not follow", () => {
  it("item 26: not a URL, file:, data:, blob:, javascript:, or user info: UnsafeRedirectError, not retried, nothing fetched", async () => {
    const locations = [
      "http://[SECRET/blob?sig=SECRET",
      "file:///etc/SECRET",
      "data:application/zip;base64,UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==",
      "blob:http://127.0.0.1/SECRET",
      "javascript:alert('SECRET')",
      "http://user:SECRET@127.0.0.1:9/blob/1.zip?sig=SECRET",
    ];
    let location = "";
    server = await startServer((_req, res) => res.writeHead(302, { location }).end());
    const gh = createArtifactsClient({ baseUrl: server.url, retry: { retries: 2, baseDelayMs: 0, maxDelayMs: 0 } });
    for (location of locations) {
      const before = server.requests.length;
      const error = await downloadArtifact(gh, ref).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsafeRedirectError);
      expect(isRetryable(error)).toBe(false);
      expect(`${(error as Error).stack}${JSON.stringify(error)}`).not.toMatch(/SECRET|UEsFBg/);
      await expect(getArtifactDownloadUrl(gh, ref)).rejects.toBeInstanceOf(UnsafeRedirectError);
      // note: one request per call: no retry, and nothing fetched from where the Location points.
      expect(server.requests.length - before).toBe(2);
    }
  });
});
