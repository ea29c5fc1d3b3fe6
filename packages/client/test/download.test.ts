import { afterEach, describe, expect, it } from "vitest";
import {
  ArtifactExpiredError,
  createArtifactsClient,
  downloadArtifact,
  getArtifactDownloadUrl,
  IncompleteDownloadError,
  InvalidInputError,
} from "../src/index.js";
import { type DownloadFake, startDownloadFake } from "./download-fake.js";
import { observedClient, readAll, simulateBrowser } from "./helpers.js";

const ref = { owner: "o", repo: "r", artifact_id: 1 };
const payload = Buffer.from("PK\u0003\u0004 pretend zip ".repeat(5000));

let fake: DownloadFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("downloads over loopback", () => {
  it("reads Location itself and fetches the cross-origin storage URL without Authorization", async () => {
    fake = await startDownloadFake({ body: payload });
    const gh = createArtifactsClient({ baseUrl: fake.url, token: "ghp_secret" });
    const download = await downloadArtifact(gh, ref);
    expect(await readAll(download.body)).toEqual(payload);
    expect(download.url.origin).toBe(fake.storageUrl);
    expect(download.size).toBe(payload.length);
    expect(fake.api[0]).toMatchObject({ authorization: "token" });
    expect(fake.api[0]!.headers).toContain("x-github-api-version");
    expect(fake.storage).toHaveLength(1);
    expect(fake.storage[0]!.headers).not.toContain("authorization");
    expect(fake.storage[0]!.headers).not.toContain("x-github-api-version");
    expect(fake.storage[0]!.status).toBe(200);
  });

  it("getArtifactDownloadUrl returns Location without touching storage", async () => {
    fake = await startDownloadFake({ body: payload });
    const gh = createArtifactsClient({ baseUrl: fake.url, token: "t" });
    const url = await getArtifactDownloadUrl(gh, ref);
    expect(url.origin).toBe(fake.storageUrl);
    expect(url.pathname).toBe("/artifacts/1.zip");
    expect(url.searchParams.get("sig")).toMatch(/^[0-9a-f]{43}$/);
    expect(fake.storage).toHaveLength(0);
  });

  it("reports progress as bytes arrive, ending at the total", async () => {
    fake = await startDownloadFake({ body: payload });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    const events: Array<{ loaded: number; total: number | undefined }> = [];
    const download = await downloadArtifact(gh, { ...ref, onProgress: (p) => events.push(p) });
    await readAll(download.body);
    expect(events[0]).toEqual({ loaded: 0, total: payload.length });
    expect(events.at(-1)).toEqual({ loaded: payload.length, total: payload.length });
    const loaded = events.map((e) => e.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it("maps 410 to ArtifactExpiredError", async () => {
    fake = await startDownloadFake({ body: payload, expired: true });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    await expect(downloadArtifact(gh, ref)).rejects.toBeInstanceOf(ArtifactExpiredError);
  });

  it("errors the body when the connection drops before Content-Length bytes", async () => {
    fake = await startDownloadFake({ body: payload, storage: { cutAfterBytes: Math.floor(payload.length / 2) } });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const download = await downloadArtifact(gh, ref);
    await expect(readAll(download.body)).rejects.toThrow();
  });

  it("an abort mid-transfer errors the body with AbortError", async () => {
    fake = await startDownloadFake({ body: payload, storage: { stallAfterBytes: Math.floor(payload.length / 2) } });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    const controller = new AbortController();
    const download = await downloadArtifact(gh, {
      ...ref,
      signal: controller.signal,
      onProgress: ({ loaded }) => loaded > 0 && controller.abort(),
    });
    await expect(readAll(download.body)).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("what was downloaded: a zip or a single file", () => {
  const html = Buffer.from("<!doctype html><script>window.ran = true</script>");
  const wheel = Buffer.from("PK\u0003\u0004 a wheel is a zip in disguise");

  it("a zip Content-Type means a zip, whatever the URL; the name gets .zip", async () => {
    // note: a file named "abc" in the world: its storage URL does not end in .zip.
    fake = await startDownloadFake({ body: payload, kind: "file", name: "abc", contentType: "application/zip" });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    const download = await downloadArtifact(gh, { ...ref, name: "build" });
    expect(download).toMatchObject({ kind: "zip", contentType: "application/zip", fileName: "build.zip" });
    expect(await readAll(download.body)).toEqual(payload);
  });

  it("application/x-zip-compressed is a zip too", async () => {
    fake = await startDownloadFake({
      body: html,
      kind: "file",
      name: "b",
      contentType: "application/x-zip-compressed",
    });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    expect((await downloadArtifact(gh, ref)).kind).toBe("zip");
  });

  it("a .zip path in the storage URL means a zip when the type says nothing", async () => {
    fake = await startDownloadFake({ body: html, contentType: "application/octet-stream" });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    const download = await downloadArtifact(gh, ref);
    expect(download.kind).toBe("zip");
    expect(download.fileName).toBe("1.zip");
  });

  it("a single file keeps its type and its own name, and its bytes arrive whole", async () => {
    fake = await startDownloadFake({ body: html, kind: "file", name: "report.html", contentType: "text/html" });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    const download = await downloadArtifact(gh, { ...ref, name: "report.html" });
    expect(download).toMatchObject({ kind: "file", contentType: "text/html", fileName: "report.html" });
    expect(await readAll(download.body)).toEqual(html);
  });

  it("without a telling type or path, the first bytes decide: PK\\x03\\x04 is a zip", async () => {
    fake = await startDownloadFake({ body: wheel, kind: "file", name: "x" });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    const download = await downloadArtifact(gh, { ...ref, name: "dist" });
    expect(download.kind).toBe("zip");
    expect(download.fileName).toBe("dist.zip");
    // note: the peeked bytes are handed on, not lost.
    expect(await readAll(download.body)).toEqual(wheel);
  });

  it("a zip-based format uploaded as one file (a wheel, a jar) stays a file under its own name", async () => {
    fake = await startDownloadFake({ body: wheel, kind: "file", name: "x" });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    for (const name of ["app-1.2.0.whl", "tool.JAR", "notes.docx"]) {
      const download = await downloadArtifact(gh, { ...ref, name });
      expect(download).toMatchObject({ kind: "file", fileName: name });
      expect(await readAll(download.body)).toEqual(wheel);
    }
  });

  it("an empty zip's end record (PK\\x05\\x06) is a zip; other bytes, or none, are a file", async () => {
    const empty = Buffer.from([0x50, 0x4b, 5, 6, ...new Array(18).fill(0)]);
    for (const [body, kind] of [
      [empty, "zip"],
      [Buffer.from("%PDF-1.7"), "file"],
      [Buffer.from("PK"), "file"],
      [Buffer.alloc(0), "file"],
    ] as const) {
      fake = await startDownloadFake({ body, kind: "file", name: "x" });
      const gh = createArtifactsClient({ baseUrl: fake.url });
      const download = await downloadArtifact(gh, ref);
      expect(download.kind).toBe(kind);
      expect(await readAll(download.body)).toEqual(body);
      await fake.close();
      fake = undefined;
    }
  });

  it("takes the file name from Content-Disposition (filename* first), made safe", async () => {
    const disposition = "attachment; filename=\"fallback.txt\"; filename*=UTF-8''..%2F.git%2Fconfig";
    fake = await startDownloadFake({ body: html, kind: "file", name: "x", contentType: "text/plain", disposition });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    const download = await downloadArtifact(gh, ref);
    expect(download.fileName).toBe("__.git_config");
  });

  it("a hostile name never becomes the file name as it is", async () => {
    fake = await startDownloadFake({ body: payload });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    expect((await downloadArtifact(gh, { ...ref, name: ".git" })).fileName).toBe("_git.zip");
    expect((await downloadArtifact(gh, { ...ref, name: ".." })).fileName).toBe("artifact-1.zip");
  });

  it("refuses a name that is not a string before any request", async () => {
    fake = await startDownloadFake({ body: payload });
    const gh = createArtifactsClient({ baseUrl: fake.url });
    await expect(downloadArtifact(gh, { ...ref, name: 42 as unknown as string })).rejects.toThrow(
      expect.objectContaining({ name: "InvalidInputError", field: "name" }),
    );
    expect(fake.api).toHaveLength(0);
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
