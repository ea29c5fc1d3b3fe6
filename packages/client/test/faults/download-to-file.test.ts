import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createArtifactsClient, downloadArtifact, IncompleteDownloadError } from "../../src/index.js";
import { downloadArtifactToFile } from "../../src/node/index.js";
import {
  type DownloadFake,
  deferred,
  dropChunkedAfter,
  endChunkedAfter,
  stallAfter,
  startDownloadFake,
} from "../download-fake.js";
import { readAll } from "../helpers.js";
import { makeZip } from "../node/zip-fixtures.js";

/** A client whose `timeoutMs` (for downloads: the longest pause between bytes) is `idleTimeoutMs`. */
const clientWithIdleTimeout = (baseUrl: string, idleTimeoutMs: number) =>
  createArtifactsClient({ baseUrl, retry: false, timeoutMs: idleTimeoutMs });

const ref = { owner: "o", repo: "r", artifact_id: 1 };

/** A valid zip around 256 KiB of hard-to-compress content. */
async function bigZip(): Promise<Buffer> {
  const random = Buffer.alloc(256 * 1024);
  for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
  return makeZip({ "data.bin": random.toString("latin1") });
}

let dir: string;
let fake: DownloadFake | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gh-artifacts-faults-"));
});
afterEach(async () => {
  vi.useRealTimers();
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("a download that ends early", () => {
  it("item 16: a connection dropped before Content-Length bytes is an IncompleteDownloadError over a real socket", async () => {
    const body = Buffer.alloc(256 * 1024, 7);
    fake = await startDownloadFake({ body, storage: { cutAfterBytes: Math.floor(body.length / 2) } });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const download = await downloadArtifact(gh, ref);
    const error = await readAll(download.body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDownloadError);
    expect((error as IncompleteDownloadError).expected).toBe(body.length);
    expect((error as IncompleteDownloadError).received).toBeLessThan(body.length);
  });

  it("item 16: a chunked body whose connection drops is an IncompleteDownloadError with no expected size", async () => {
    const body = Buffer.alloc(256 * 1024, 7);
    fake = await startDownloadFake({ body, storageAnswer: dropChunkedAfter(1000) });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const download = await downloadArtifact(gh, ref);
    const error = await readAll(download.body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDownloadError);
    expect((error as IncompleteDownloadError).expected).toBeUndefined();
  });

  it("item 16: no digest, no Content-Length, 1,000 bytes then a clean end: IncompleteDownloadError, the file at path intact", async () => {
    const zip = await bigZip();
    fake = await startDownloadFake({ body: zip, digest: null, storageAnswer: endChunkedAfter(1000) });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const path = join(dir, "a.zip");
    await writeFile(path, "previous good archive");
    const error = await downloadArtifactToFile(gh, { ...ref, path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDownloadError);
    expect(error).toMatchObject({ expected: undefined, received: 1000 });
    expect(await readFile(path, "utf8")).toBe("previous good archive");
    expect(await readdir(dir)).toEqual(["a.zip"]);
  });

  it("item 16: the same archive sent whole without Content-Length or digest is accepted", async () => {
    const zip = await bigZip();
    fake = await startDownloadFake({
      body: zip,
      digest: null,
      storageAnswer: endChunkedAfter(zip.length),
    });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const result = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") });
    expect(result).toMatchObject({ bytes: zip.length, verified: false });
    expect(await readFile(join(dir, "a.zip"))).toEqual(zip);
  });
});

describe("a download that stalls", () => {
  it("item 16: a body that sends nothing for the idle timeout errors with TimeoutError, not before", async () => {
    const body = Buffer.alloc(256 * 1024, 7);
    fake = await startDownloadFake({ body, storageAnswer: stallAfter(1000) });
    const gh = clientWithIdleTimeout(fake.url, 10_000);
    const download = await downloadArtifact(gh, ref);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const reader = download.body.getReader();
    let loaded = 0;
    while (loaded < 1000) loaded += (await reader.read()).value?.byteLength ?? 0;
    let settled = false;
    const next = reader.read().then(
      () => {
        settled = true;
      },
      (error: unknown) => {
        settled = true;
        return error;
      },
    );
    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await next;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("TimeoutError");
  });

  it("item 16: downloadArtifactToFile on a stalled body rejects with TimeoutError and removes the temp file", async () => {
    const body = Buffer.alloc(256 * 1024, 7);
    const sent = deferred();
    fake = await startDownloadFake({ body, storageAnswer: stallAfter(1000, sent.resolve) });
    const gh = clientWithIdleTimeout(fake.url, 10_000);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const arrived = deferred();
    let settled = false;
    const result = downloadArtifactToFile(gh, {
      ...ref,
      path: join(dir, "a.zip"),
      onProgress: ({ loaded }) => loaded >= 1000 && arrived.resolve(),
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    void result.finally(() => {
      settled = true;
    });
    await Promise.all([sent.promise, arrived.promise]);
    // note: the file system is not faked; fake time moves on until the download gives up, however long writes take.
    while (!settled) await vi.advanceTimersByTimeAsync(10_000);
    const error = await result;
    expect((error as Error).name).toBe("TimeoutError");
    expect(await readdir(dir)).toEqual([]);
  });
});
