import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ArtifactExpiredError,
  createArtifactsClient,
  DigestMismatchError,
  UnsafeArchiveEntryError,
} from "../../src/index.js";
import { downloadArtifactToFile, extractZip } from "../../src/node/index.js";
import { type DownloadFake, type DownloadFakeOptions, startDownloadFake } from "../download-fake.js";
import { makeZip, makeZipSlip, sha256 } from "./zip-fixtures.js";

const ref = { owner: "o", repo: "r", artifact_id: 1 };
const files = { "report.txt": "hello", "nested/deep/data.json": '{"a":1}', "empty/": "" };

let dir: string;
let fake: DownloadFake | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gh-artifacts-"));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function setup(options: DownloadFakeOptions) {
  fake = await startDownloadFake(options);
  return createArtifactsClient({ baseUrl: fake.url, token: "t", retry: false });
}

describe("downloadArtifactToFile", () => {
  it("writes the archive, hashes it and verifies the digest", async () => {
    const zip = await makeZip(files);
    const gh = await setup({ body: zip, digest: `sha256:${sha256(zip)}` });
    const path = join(dir, "a.zip");
    const progress: number[] = [];
    const result = await downloadArtifactToFile(gh, { ...ref, path, onProgress: (p) => progress.push(p.loaded) });
    expect(result).toEqual({
      path,
      bytes: zip.length,
      sha256: sha256(zip),
      verified: true,
      kind: "zip",
      fileName: "artifact-1.zip",
      extracted: null,
    });
    expect(await readFile(path)).toEqual(zip);
    expect(await readdir(dir)).toEqual(["a.zip"]);
    expect(progress.at(-1)).toBe(zip.length);
  });

  it("reports verified: false when GitHub gives no digest", async () => {
    const zip = await makeZip(files);
    const gh = await setup({ body: zip, digest: null });
    const result = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") });
    expect(result.verified).toBe(false);
    expect(result.sha256).toBe(sha256(zip));
  });

  it("on a digest mismatch throws DigestMismatchError and leaves no file", async () => {
    const zip = await makeZip(files);
    const wrong = `sha256:${"0".repeat(64)}`;
    const gh = await setup({ body: zip, digest: wrong });
    const path = join(dir, "a.zip");
    const error = await downloadArtifactToFile(gh, { ...ref, path }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect(error).toMatchObject({ expected: wrong, actual: `sha256:${sha256(zip)}` });
    expect(await readdir(dir)).toEqual([]);
  });

  it("skips the comparison with verifyDigest: false", async () => {
    const zip = await makeZip(files);
    const gh = await setup({ body: zip, digest: `sha256:${"0".repeat(64)}` });
    const result = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip"), verifyDigest: false });
    expect(result.verified).toBe(false);
    expect(existsSync(join(dir, "a.zip"))).toBe(true);
  });

  it("on an abort mid-download rejects with AbortError and leaves no file", async () => {
    const zip = Buffer.alloc(256 * 1024, 7);
    const gh = await setup({ body: zip, storage: { stallAfterBytes: Math.floor(zip.length / 2) } });
    const controller = new AbortController();
    const error = await downloadArtifactToFile(gh, {
      ...ref,
      path: join(dir, "a.zip"),
      signal: controller.signal,
      onProgress: ({ loaded }) => loaded > 0 && controller.abort(),
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(await readdir(dir)).toEqual([]);
  });

  it("on a truncated body rejects and leaves no file", async () => {
    const zip = Buffer.alloc(256 * 1024, 7);
    const gh = await setup({ body: zip, storage: { cutAfterBytes: Math.floor(zip.length / 2) } });
    await expect(downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") })).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it("on an expired artifact throws ArtifactExpiredError and leaves no file", async () => {
    const gh = await setup({ body: Buffer.alloc(0), expired: true });
    await expect(downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") })).rejects.toBeInstanceOf(
      ArtifactExpiredError,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("keeps an existing file at path when the download fails", async () => {
    const gh = await setup({ body: Buffer.alloc(1024), storage: { cutAfterBytes: 512 } });
    const path = join(dir, "a.zip");
    await import("node:fs/promises").then((fs) => fs.writeFile(path, "previous"));
    await expect(downloadArtifactToFile(gh, { ...ref, path })).rejects.toThrow();
    expect(await readFile(path, "utf8")).toBe("previous");
    expect(await readdir(dir)).toEqual(["a.zip"]);
  });

  it("extracts into extractTo after verification", async () => {
    const zip = await makeZip(files);
    const gh = await setup({ body: zip, digest: `sha256:${sha256(zip)}` });
    const out = join(dir, "out");
    await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip"), extractTo: out });
    expect(await readFile(join(out, "report.txt"), "utf8")).toBe("hello");
    expect(await readFile(join(out, "nested/deep/data.json"), "utf8")).toBe('{"a":1}');
    expect(existsSync(join(out, "empty"))).toBe(true);
  });

  it("refuses a zip-slip entry with UnsafeArchiveEntryError and writes nothing outside", async () => {
    const zip = await makeZipSlip("../evil.txt");
    const gh = await setup({ body: zip });
    const out = join(dir, "out");
    const error = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip"), extractTo: out }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect((error as UnsafeArchiveEntryError).entryName).toBe("../evil.txt");
    expect(existsSync(join(dir, "evil.txt"))).toBe(false);
  });
});

describe("extractZip", () => {
  it.each(["/abs/evil.txt", "a/../../evil.txt", "C:/evil.txt"])("refuses %s", async (name) => {
    const zipPath = join(dir, "slip.zip");
    await import("node:fs/promises").then(async (fs) => fs.writeFile(zipPath, await makeZipSlip(name)));
    await expect(extractZip(zipPath, join(dir, "out"))).rejects.toBeInstanceOf(UnsafeArchiveEntryError);
    expect(await readdir(dir)).not.toContain("evil.txt");
  });

  it("refuses archives that declare more than maxBytes", async () => {
    const zipPath = join(dir, "big.zip");
    await import("node:fs/promises").then(async (fs) =>
      fs.writeFile(zipPath, await makeZip({ "a.txt": "x".repeat(2000) })),
    );
    await expect(extractZip(zipPath, join(dir, "out"), { maxBytes: 1000 })).rejects.toThrow(/declares more/);
  });
});
