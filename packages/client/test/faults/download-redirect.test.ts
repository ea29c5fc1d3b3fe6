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
import { type DownloadFake, deferred, endlessBody, stalledBody, startDownloadFake } from "../download-fake.js";
import { readAll, simulateBrowser } from "../helpers.js";

/**
 * A 302 whose body never ends (`endless`) or stalls after a first chunk; `closed` resolves once the client has
 * cancelled that body (over node:http: dropped the connection of that answer).
 */
function redirectWithBody(kind: "endless" | "stalled", options: { location?: boolean } = {}) {
  const closed = deferred();
  const answer = (location: string) => {
    const headers = new Headers({ "content-type": "text/html" });
    if (options.location !== false) headers.set("location", location);
    const body =
      kind === "endless"
        ? endlessBody(closed.resolve)
        : stalledBody(new TextEncoder().encode("<html>redirecting"), { closed: closed.resolve });
    return new Response(body, { status: 302, headers });
  };
  return { answer, closed: closed.promise };
}

const ref = { owner: "o", repo: "r", artifact_id: 1 };
const payload = Buffer.from("PK\u0005\u0006 archive bytes ".repeat(4000));

let fake: DownloadFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("the download's redirect", () => {
  it("item 14: a 302 whose body never ends is read from its headers; its body is cancelled and the archive arrives", async () => {
    const redirect = redirectWithBody("endless");
    fake = await startDownloadFake({ body: payload, downloadAnswer: redirect.answer });
    const gh = createArtifactsClient({ baseUrl: fake.url, token: "t", retry: false });
    const download = await downloadArtifact(gh, ref);
    expect(await readAll(download.body)).toEqual(payload);
    // note: resolves only once the client has dropped the 302's connection: its body was cancelled, not drained.
    await redirect.closed;
    expect(fake.storage).toHaveLength(1);
  });

  it("item 14: getArtifactDownloadUrl returns Location although the 302's body stalls", async () => {
    const redirect = redirectWithBody("stalled");
    fake = await startDownloadFake({ body: payload, downloadAnswer: redirect.answer });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const url = await getArtifactDownloadUrl(gh, ref);
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.storageUrl}/artifacts/1.zip`);
    await redirect.closed;
    expect(fake.storage).toHaveLength(0);
  });

  it("item 14: a 302 without Location is a GitHubApiError, without waiting for its (stalled) body", async () => {
    const redirect = redirectWithBody("stalled", { location: false });
    fake = await startDownloadFake({ body: payload, downloadAnswer: redirect.answer });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const error = await downloadArtifact(gh, ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ status: 302, message: expect.stringContaining("with a Location, got HTTP 302") });
    await redirect.closed;
    expect(fake.storage).toHaveLength(0);
  });

  it("item 14: a relative Location resolves against the API's URL, and storage there gets no token", async () => {
    // note: the API host answers the relative URL itself, as storage: one origin for both.
    fake = await startDownloadFake({
      body: payload,
      downloadAnswer: () =>
        new Response("<html>moved</html>", { status: 302, headers: { location: "/blob/1.zip?sig=rel" } }),
      apiAnswers: {
        "/blob/1.zip": () =>
          new Response(new Uint8Array(payload), { headers: { "content-length": String(payload.length) } }),
      },
    });
    const gh = createArtifactsClient({ baseUrl: fake.url, token: "ghp_secret", retry: false });
    const download = await downloadArtifact(gh, ref);
    expect(download.url.href).toBe(`${fake.url}/blob/1.zip?sig=rel`);
    expect(await readAll(download.body)).toEqual(payload);
    expect(fake.received.map((r) => r.headers.get("authorization"))).toEqual(["Bearer ghp_secret", null]);
  });
});

describe("the browser's followed redirect", () => {
  it("item 22: carries neither X-GitHub-Api-Version nor If-None-Match (no CORS preflight at storage); Accept stays", async () => {
    simulateBrowser();
    fake = await startDownloadFake({ body: payload });
    // note: a store that knows every URL, so the ETag cache would add If-None-Match to any GET.
    const cache = { get: () => ({ etag: '"cached"', body: "{}", headers: {} }), set: () => undefined };
    const gh = createArtifactsClient({
      baseUrl: fake.url,
      token: "t",
      retry: false,
      cache: createEtagCache(cache),
    });
    const download = await downloadArtifact(gh, ref);
    expect(await readAll(download.body)).toEqual(payload);
    expect(fake.storage).toHaveLength(1);
    const headers = fake.received.find((r) => new URL(r.url).origin === fake!.storageUrl)!.headers;
    expect(headers.get("x-github-api-version")).toBeNull();
    expect(headers.get("if-none-match")).toBeNull();
    expect(headers.get("authorization")).toBeNull();
    expect(headers.get("accept")).toBe(ACCEPT);
  });

  it("item 22: getArtifactDownloadUrl's followed request carries none of those headers either", async () => {
    simulateBrowser();
    fake = await startDownloadFake({ body: payload });
    const cache = { get: () => ({ etag: '"cached"', body: "{}", headers: {} }), set: () => undefined };
    const gh = createArtifactsClient({
      baseUrl: fake.url,
      token: "t",
      retry: false,
      cache: createEtagCache(cache),
    });
    const url = await getArtifactDownloadUrl(gh, ref);
    expect(url.origin).toBe(fake.storageUrl);
    const headers = fake.received.find((r) => new URL(r.url).origin === fake!.storageUrl)!.headers;
    expect([headers.get("x-github-api-version"), headers.get("if-none-match"), headers.get("authorization")]).toEqual([
      null,
      null,
      null,
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
    fake = await startDownloadFake({
      body: payload,
      downloadAnswer: () => new Response(null, { status: 302, headers: { location } }),
    });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: { retries: 2, baseDelayMs: 0, maxDelayMs: 0 } });
    for (location of locations) {
      const before = fake.received.length;
      const error = await downloadArtifact(gh, ref).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsafeRedirectError);
      expect(isRetryable(error)).toBe(false);
      expect(`${(error as Error).stack}${JSON.stringify(error)}`).not.toMatch(/SECRET|UEsFBg/);
      await expect(getArtifactDownloadUrl(gh, ref)).rejects.toBeInstanceOf(UnsafeRedirectError);
      // note: one request per call: no retry, and nothing fetched from where the Location points.
      expect(fake.received.length - before).toBe(2);
    }
  });
});
