import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snapshotTree } from "@gh-artifacts/test-utils/snapshot-tree";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createArtifactsClient,
  DigestMismatchError,
  IncompleteDownloadError,
  InvalidInputError,
  UnsafeArchiveEntryError,
} from "../../src/index.js";
import { type DownloadInfo, downloadArtifactToFile } from "../../src/node/index.js";
import { chunkedBody, type DownloadFake, endChunkedAfter, startDownloadFake } from "../download-fake.js";
import { makeZip, sha256 } from "./zip-fixtures.js";

const ref = { owner: "o", repo: "r", artifact_id: 1 };
const html = Buffer.from("<!doctype html><h1>Coverage 93%</h1>\n");
/** A wheel: a zip inside, a file to its users (`PK\x03\x04` first, like any zip). */
const wheel = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(300, 0x2a)]);
const pdf = Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n", "latin1");

/** Serves `body` as `type` without any length (chunked), ending cleanly: a cut would go unseen but for a digest. */
const chunkedFile = (type: string) => ({
  storageAnswer: (body: Uint8Array) => new Response(chunkedBody(body), { headers: { "content-type": type } }),
});
/** Serves `body` whole as `type`, with its length. */
const serveFile = (contentType: string) => ({ contentType });

let dir: string;
let fake: DownloadFake | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gh-artifacts-file-"));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A fake serving `body` as the single-file artifact `name` (digest: its SHA-256 unless given). */
async function serve(
  name: string,
  body: Buffer,
  how: { contentType?: string; storageAnswer?: (body: Uint8Array) => Response },
  digest?: string | null,
) {
  fake = await startDownloadFake({
    body,
    kind: "file",
    name,
    digest: digest === undefined ? `sha256:${sha256(body)}` : digest,
    ...how,
  });
  return createArtifactsClient({ baseUrl: fake.url, retry: false });
}

describe("downloadArtifactToFile with a single-file artifact (archive: false)", () => {
  it.each([
    ["an HTML report", "report.html", html, "text/html; charset=utf-8"],
    ["a wheel sent as octet-stream, PK\\x03\\x04 first", "app-1.2.0.whl", wheel, "application/octet-stream"],
    ["a PDF", "manual.pdf", pdf, "application/pdf"],
  ])("%s is saved under its own name in dir, bytes and digest checked", async (_, name, body, type) => {
    const gh = await serve(name, body, serveFile(type));
    const result = await downloadArtifactToFile(gh, { ...ref, dir });
    const path = join(dir, name);
    expect(result).toEqual({
      path,
      bytes: body.length,
      sha256: sha256(body),
      verified: true,
      kind: "file",
      fileName: name,
      extracted: null,
    });
    expect(await readFile(path)).toEqual(body);
    expect(await readdir(dir)).toEqual([name]);
  });

  it("a zip artifact in dir gets its name plus .zip", async () => {
    const zip = await makeZip({ "a.txt": "1" });
    fake = await startDownloadFake({ body: zip, name: "dist", digest: `sha256:${sha256(zip)}` });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const result = await downloadArtifactToFile(gh, { ...ref, dir });
    expect(result).toMatchObject({ path: join(dir, "dist.zip"), kind: "zip", fileName: "dist.zip", verified: true });
    expect(await readdir(dir)).toEqual(["dist.zip"]);
  });

  it("a hostile name never chooses the folder: it becomes a safe file name in dir", async () => {
    const gh = await serve("../../.bashrc", html, serveFile("text/html"));
    const result = await downloadArtifactToFile(gh, { ...ref, dir });
    expect(result.fileName).toBe("__.._.bashrc");
    expect(await readdir(dir)).toEqual(["__.._.bashrc"]);
  });

  it("the digest of a single file is its own SHA-256: a mismatch is DigestMismatchError and nothing is kept", async () => {
    const gh = await serve("report.html", html, serveFile("text/html"), `sha256:${"1".repeat(64)}`);
    await writeFile(join(dir, "report.html"), "previous report");
    const error = await downloadArtifactToFile(gh, { ...ref, dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect(await readFile(join(dir, "report.html"), "utf8")).toBe("previous report");
    expect(await readdir(dir)).toEqual(["report.html"]);
  });

  it("the zip end-record check is for zips only: a wheel with no digest and no length is kept as it came", async () => {
    const gh = await serve("app-1.2.0.whl", wheel, chunkedFile("application/octet-stream"), null);
    const result = await downloadArtifactToFile(gh, { ...ref, dir });
    expect(result).toMatchObject({ kind: "file", verified: false, bytes: wheel.length });
    expect(await readFile(join(dir, "app-1.2.0.whl"))).toEqual(wheel);
  });

  it("the same bytes sent as a zip (application/zip) are refused as an incomplete zip", async () => {
    const gh = await serve("bundle", wheel, { storageAnswer: endChunkedAfter(wheel.length) }, null);
    const error = await downloadArtifactToFile(gh, { ...ref, dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IncompleteDownloadError);
    expect(await readdir(dir)).toEqual([]);
  });

  it("path and dir exclude each other; one is needed: InvalidInputError before any request", async () => {
    const gh = await serve("report.html", html, serveFile("text/html"));
    const both = { ...ref, dir, path: join(dir, "a") } as unknown as Parameters<typeof downloadArtifactToFile>[1];
    await expect(downloadArtifactToFile(gh, both)).rejects.toMatchObject({ name: "InvalidInputError", field: "path" });
    const neither = ref as unknown as Parameters<typeof downloadArtifactToFile>[1];
    await expect(downloadArtifactToFile(gh, neither)).rejects.toBeInstanceOf(InvalidInputError);
    await expect(downloadArtifactToFile(gh, { ...ref, dir: "" })).rejects.toMatchObject({ field: "dir" });
    expect(fake!.api).toHaveLength(0);
  });
});

describe("extractTo with a single file", () => {
  it("places the file at extractTo/<fileName>; the download stays at path", async () => {
    const gh = await serve("report.html", html, serveFile("text/html"));
    const path = join(dir, "download.bin");
    const out = join(dir, "site", "reports");
    const result = await downloadArtifactToFile(gh, { ...ref, path, extractTo: out });
    expect(result.extracted).toEqual({ kind: "file", path: join(out, "report.html") });
    expect(await readFile(join(out, "report.html"))).toEqual(html);
    expect(await readFile(path)).toEqual(html);
    expect(await readdir(out)).toEqual(["report.html"]);
  });

  it("replaces a file of that name (and a symbolic link, not what it points to), atomically", async () => {
    const gh = await serve("report.html", html, serveFile("text/html"));
    const out = join(dir, "out");
    await mkdir(out);
    await writeFile(join(dir, "secret"), "keep");
    await symlink(join(dir, "secret"), join(out, "report.html"));
    await downloadArtifactToFile(gh, { ...ref, path: join(dir, "x"), extractTo: out });
    expect(await readFile(join(out, "report.html"))).toEqual(html);
    expect(await readFile(join(dir, "secret"), "utf8")).toBe("keep");
    expect(await readdir(out)).toEqual(["report.html"]);
  });

  it("with dir and extractTo the same folder, the download is the placed file: nothing more is written", async () => {
    const gh = await serve("app-1.2.0.whl", wheel, serveFile("application/octet-stream"));
    const result = await downloadArtifactToFile(gh, { ...ref, dir, extractTo: dir });
    expect(result.extracted).toEqual({ kind: "file", path: join(dir, "app-1.2.0.whl") });
    expect(await readdir(dir)).toEqual(["app-1.2.0.whl"]);
  });

  it("a folder in the way is refused; the target stays byte for byte", async () => {
    const gh = await serve("report.html", html, serveFile("text/html"));
    const out = join(dir, "out");
    await mkdir(join(out, "report.html"), { recursive: true });
    await writeFile(join(out, "report.html", "index.html"), "mine");
    const before = await snapshotTree(out);
    const error = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "x"), extractTo: out }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect(error).toMatchObject({ entryName: "report.html", reason: "a folder is in the way" });
    expect(await snapshotTree(out)).toEqual(before);
  });

  it("extractLimits.maxBytes bounds a single file too, refused before anything is written", async () => {
    const gh = await serve("report.html", html, serveFile("text/html"));
    const out = join(dir, "out");
    const error = await downloadArtifactToFile(gh, {
      ...ref,
      path: join(dir, "x"),
      extractTo: out,
      extractLimits: { maxBytes: 10 },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "UnsafeArchiveEntryError", reason: "file holds more than 10 bytes" });
    expect(await readdir(dir)).toEqual(["x"]);
  });

  it("a function extractTo is told the kind and file name before any byte is written, and may refuse", async () => {
    const gh = await serve("report.html", html, serveFile("text/html"));
    const seen: DownloadInfo[] = [];
    const error = await downloadArtifactToFile(gh, {
      ...ref,
      dir,
      extractTo: (download) => {
        seen.push(download);
        throw new Error("not here");
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "not here" });
    expect(seen).toEqual([{ kind: "file", fileName: "report.html" }]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("a function extractTo chooses by kind: a zip's folder", async () => {
    const zip = await makeZip({ "index.html": "<p>hi</p>" });
    fake = await startDownloadFake({ body: zip, name: "site", digest: `sha256:${sha256(zip)}` });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const result = await downloadArtifactToFile(gh, {
      ...ref,
      dir,
      extractTo: ({ kind, fileName }) => (kind === "zip" ? join(dir, fileName.replace(/\.zip$/, "")) : dir),
    });
    expect(result.extracted).toEqual({ kind: "zip", path: join(dir, "site") });
    expect(await readFile(join(dir, "site", "index.html"), "utf8")).toBe("<p>hi</p>");
    expect((await readdir(dir)).sort()).toEqual(["site", "site.zip"]);
  });
});
