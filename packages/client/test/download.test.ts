import { afterEach, describe, expect, it } from "vitest";
import {
  ArtifactExpiredError,
  createArtifactsClient,
  downloadArtifact,
  getArtifactDownloadUrl,
  IncompleteDownloadError,
  InvalidInputError,
} from "../src/index.js";
import { type FakeGitHub, serveStalling, serveTruncated, startFakeGitHub } from "./fake-github.js";
import { observedClient, readAll, simulateBrowser } from "./helpers.js";

const ref = { owner: "o", repo: "r", artifact_id: 1 };
const payload = Buffer.from("PK\u0003\u0004 pretend zip ".repeat(5000));

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("downloads over loopback", () => {
  it("reads Location itself and fetches the cross-origin storage URL without Authorization", async () => {
    fake = await startFakeGitHub({ body: payload });
    const gh = createArtifactsClient({ baseUrl: fake.api.url, token: "ghp_secret" });
    const download = await downloadArtifact(gh, ref);
    expect(await readAll(download.body)).toEqual(payload);
    expect(download.url.origin).toBe(fake.storage.url);
    expect(download.size).toBe(payload.length);
    expect(fake.api.requests[0]!.headers.authorization).toBe("Bearer ghp_secret");
    expect(fake.storage.requests).toHaveLength(1);
    expect(fake.storage.requests[0]!.headers.authorization).toBeUndefined();
    expect(fake.storage.requests[0]!.headers["x-github-api-version"]).toBeUndefined();
  });

  it("getArtifactDownloadUrl returns Location without touching storage", async () => {
    fake = await startFakeGitHub({ body: payload });
    const gh = createArtifactsClient({ baseUrl: fake.api.url, token: "t" });
    const url = await getArtifactDownloadUrl(gh, ref);
    expect(url.href).toBe(`${fake.storage.url}/blob/1.zip?sig=abc`);
    expect(fake.storage.requests).toHaveLength(0);
  });

  it("reports progress as bytes arrive, ending at the total", async () => {
    fake = await startFakeGitHub({ body: payload });
    const gh = createArtifactsClient({ baseUrl: fake.api.url });
    const events: Array<{ loaded: number; total: number | undefined }> = [];
    const download = await downloadArtifact(gh, { ...ref, onProgress: (p) => events.push(p) });
    await readAll(download.body);
    expect(events[0]).toEqual({ loaded: 0, total: payload.length });
    expect(events.at(-1)).toEqual({ loaded: payload.length, total: payload.length });
    const loaded = events.map((e) => e.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it("maps 410 to ArtifactExpiredError", async () => {
    fake = await startFakeGitHub({ body: payload, expired: true });
    const gh = createArtifactsClient({ baseUrl: fake.api.url });
    await expect(downloadArtifact(gh, ref)).rejects.toBeInstanceOf(ArtifactExpiredError);
  });

  it("errors the body when the connection drops before Content-Length bytes", async () => {
    fake = await startFakeGitHub({ body: payload, storage: serveTruncated });
    const gh = createArtifactsClient({ baseUrl: fake.api.url, retry: false });
    const download = await downloadArtifact(gh, ref);
    await expect(readAll(download.body)).rejects.toThrow();
  });

  it("an abort mid-transfer errors the body with AbortError", async () => {
    fake = await startFakeGitHub({ body: payload, storage: serveStalling });
    const gh = createArtifactsClient({ baseUrl: fake.api.url });
    const controller = new AbortController();
    const download = await downloadArtifact(gh, {
      ...ref,
      signal: controller.signal,
      onProgress: ({ loaded }) => loaded > 0 && controller.abort(),
    });
    await expect(readAll(download.body)).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("downloads as imported functions", () => {
  it("are not methods of the client, and refuse anything but a client before any request", async () => {
    const { gh, requests } = observedClient(() => new Response(null, { status: 500 }));
    expect("downloadArtifact" in gh).toBe(false);
    expect("getArtifactDownloadUrl" in gh).toBe(false);
    const copy = { ...gh };
    await expect(downloadArtifact(copy, ref)).rejects.toThrow(
      /^Invalid client: must be a client made by createArtifactsClient$/,
    );
    await expect(getArtifactDownloadUrl({} as never, ref)).rejects.toThrow(InvalidInputError);
    expect(requests).toHaveLength(0);
  });
});

describe("downloads with an injected fetch", () => {
  it("fails with IncompleteDownloadError when fewer bytes than Content-Length arrive", async () => {
    const { gh } = observedClient((request) =>
      request.url.startsWith("https://storage.test/")
        ? new Response("12345", { headers: { "content-length": "10" } })
        : new Response(null, { status: 302, headers: { location: "https://storage.test/a.zip" } }),
    );
    const download = await downloadArtifact(gh, ref);
    const error = await readAll(download.body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDownloadError);
    expect(error).toMatchObject({ expected: 10, received: 5 });
  });

  it("uses expectedSize as total when there is no Content-Length", async () => {
    const { gh } = observedClient((request) =>
      request.url.startsWith("https://storage.test/")
        ? new Response(new Blob(["abc"]).stream())
        : new Response(null, { status: 302, headers: { location: "https://storage.test/a.zip" } }),
    );
    const events: Array<{ loaded: number; total: number | undefined }> = [];
    const download = await downloadArtifact(gh, { ...ref, expectedSize: 3, onProgress: (p) => events.push(p) });
    expect(download.size).toBe(3);
    await readAll(download.body);
    expect(events.at(-1)).toEqual({ loaded: 3, total: 3 });
  });

  it("lets the platform follow when a manual redirect comes back opaque (browsers)", async () => {
    const { gh, requests } = observedClient((request) => {
      if (request.redirect === "manual") {
        const opaque = new Response(null, { status: 200 });
        Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
        return opaque;
      }
      const followed = new Response("zipbytes", { headers: { "content-type": "application/zip" } });
      Object.defineProperty(followed, "url", { value: "https://storage.test/a.zip?sig=1" });
      return followed;
    });
    const download = await downloadArtifact(gh, ref);
    expect(await readAll(download.body)).toEqual(Buffer.from("zipbytes"));
    expect(download.url.href).toBe("https://storage.test/a.zip?sig=1");
    expect(requests.map((r) => r.redirect)).toEqual(["manual", "follow"]);
  });

  it("in a browser-like environment follows straight away", async () => {
    simulateBrowser();
    const { gh, requests } = observedClient(() => {
      const followed = new Response("zip");
      Object.defineProperty(followed, "url", { value: "https://storage.test/b.zip" });
      return followed;
    });
    await expect(getArtifactDownloadUrl(gh, ref)).resolves.toEqual(new URL("https://storage.test/b.zip"));
    expect(requests).toHaveLength(1);
    expect(requests[0]!.redirect).toBe("follow");
  });
});
