import { existsSync } from "node:fs";
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snapshotTree } from "@gh-artifacts/test-utils/snapshot-tree";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createArtifactsClient, InvalidInputError, UnsafeArchiveEntryError } from "../../src/index.js";
import { downloadArtifactToFile, extractZip } from "../../src/node/index.js";
import { type DownloadFake, startDownloadFake } from "../download-fake.js";
import { makeZip, sha256 } from "../node/zip-fixtures.js";
import { asUnprivileged, declareSize, overlappingBomb, renameEntry } from "./extract-zips.js";

let dir: string;
let out: string;
let fake: DownloadFake | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gh-artifacts-extract-"));
  out = join(dir, "out");
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function zipFile(zip: Buffer, name = "a.zip"): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, zip);
  return path;
}

const refused = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe("extraction never writes through what is already there", () => {
  it("item 18: an entry under a symbolic link already in the target is refused; nothing lands where it points", async () => {
    const outside = join(dir, "outside");
    await mkdir(outside);
    await mkdir(out);
    await symlink(outside, join(out, "link"));
    const zip = await zipFile(await makeZip({ "link/x.txt": "through the link" }));
    const error = await refused(extractZip(zip, out));
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect(error).toMatchObject({ entryName: "link/x.txt", reason: "passes through a symbolic link" });
    expect(await readdir(outside)).toEqual([]);
  });

  it("item 18: a file entry named like a symbolic link in the target replaces the link, not the file it points to", async () => {
    const secret = join(dir, "secret.txt");
    await writeFile(secret, "keep");
    await mkdir(out);
    await symlink(secret, join(out, "link.txt"));
    await extractZip(await zipFile(await makeZip({ "link.txt": "new" })), out);
    expect(await readFile(secret, "utf8")).toBe("keep");
    expect((await lstat(join(out, "link.txt"))).isFile()).toBe(true);
    expect(await readFile(join(out, "link.txt"), "utf8")).toBe("new");
  });

  it("item 18: a corrupt entry leaves the existing file of that name as it was, and no temporary file", async () => {
    await mkdir(out);
    await writeFile(join(out, "report.txt"), "previous");
    const zip = await zipFile(declareSize(await makeZip({ "report.txt": "new content" }), "report.txt", 1000));
    await expect(extractZip(zip, out)).rejects.toThrow();
    expect(await readFile(join(out, "report.txt"), "utf8")).toBe("previous");
    expect(await readdir(out)).toEqual(["report.txt"]);
  });

  it("item 18: an entry that would replace the archive being read is refused; the archive stays intact", async () => {
    const bytes = await makeZip({ "other.txt": "x", "a.zip": "not the archive" });
    const zip = await zipFile(bytes);
    const error = await refused(extractZip(zip, dir));
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect(error).toMatchObject({ entryName: "a.zip", reason: "would replace the archive being extracted" });
    expect(sha256(await readFile(zip))).toBe(sha256(bytes));
    expect((await readdir(dir)).sort()).toEqual(["a.zip"]);
  });
});

/**
 * A target folder with something of every kind in it: files (one with unusual permissions), a nested folder, a
 * symbolic link to a file and one to a folder outside; `outside` holds a file the links lead to.
 */
async function crowdedTarget(): Promise<void> {
  const outside = join(dir, "outside");
  await mkdir(outside);
  await writeFile(join(outside, "secret.txt"), "outside");
  await mkdir(join(out, "docs", "old"), { recursive: true });
  await writeFile(join(out, "a.txt"), "old a");
  await chmod(join(out, "a.txt"), 0o640);
  await writeFile(join(out, "docs", "old", "notes.md"), "old notes");
  await symlink("a.txt", join(out, "s"));
  await symlink(outside, join(out, "lib"));
}

describe("extraction is all or nothing", () => {
  it.each([
    ["a folder where a file must go", { "a.txt": "new a", docs: "a file" }, "docs", "a folder is in the way"],
    [
      "a file where a folder must go",
      { "a.txt": "new a", "docs/old/notes.md/x": "x" },
      "docs/old/notes.md/x",
      "a file is in the way",
    ],
    [
      "a symbolic link where a folder must go",
      { "a.txt": "new a", "lib/x.js": "x" },
      "lib/x.js",
      "passes through a symbolic link",
    ],
    [
      "a symbolic link to a folder where a folder entry goes",
      { "a.txt": "new a", "lib/": "" },
      "lib/",
      "passes through a symbolic link",
    ],
  ])(
    "item 18: %s is refused before any file is replaced; the folder stays byte for byte",
    async (_, files, entry, reason) => {
      await crowdedTarget();
      const before = await snapshotTree(dir);
      const error = await refused(extractZip(await zipFile(await makeZip(files)), out));
      expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
      expect(error).toMatchObject({ entryName: entry, reason });
      expect(await snapshotTree(dir)).toEqual({ ...before, "a.zip": expect.anything() });
    },
  );

  it.each([
    [
      "a file, then a path under it",
      { "a.txt": "new a", b: "file", "b/c": "under" },
      "b/c",
      "needs a folder where entry b is a file",
    ],
    [
      "a path, then a file above it",
      { "a.txt": "new a", "b/c": "under", b: "file" },
      "b",
      "is a file where entry b/c needs a folder",
    ],
    [
      "a folder entry, then a file of its name",
      { "a.txt": "new a", "b/": "", b: "file" },
      "b",
      "is a file where entry b/ needs a folder",
    ],
  ])("item 18: entries that clash (%s) are refused before any file is replaced", async (_, files, entry, reason) => {
    await crowdedTarget();
    const before = await snapshotTree(out);
    const error = await refused(extractZip(await zipFile(await makeZip(files)), out));
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect(error).toMatchObject({ entryName: entry, reason });
    expect(await snapshotTree(out)).toEqual(before);
  });

  it("item 18: the same file twice in an archive is refused (which one wins differs between tools)", async () => {
    await crowdedTarget();
    const before = await snapshotTree(out);
    const zip = await makeZip({ "a.txt": "new a", "b.txt": "first", "c.txt": "second" });
    const error = await refused(extractZip(await zipFile(renameEntry(zip, "c.txt", "b.txt")), out));
    expect(error).toMatchObject({
      name: "UnsafeArchiveEntryError",
      entryName: "b.txt",
      reason: "is in the archive twice",
    });
    expect(await snapshotTree(out)).toEqual(before);
  });

  it("item 18: names that differ only in case are two files (as on Linux), not a clash", async () => {
    await extractZip(await zipFile(await makeZip({ Makefile: "upper", makefile: "lower" })), out);
    expect(await readFile(join(out, "Makefile"), "utf8")).toBe("upper");
    expect(await readFile(join(out, "makefile"), "utf8")).toBe("lower");
  });

  it("item 18: a limit passed after entries that would replace files leaves the folder byte for byte", async () => {
    await crowdedTarget();
    const before = await snapshotTree(out);
    const zip = await zipFile(
      await makeZip({ "a.txt": "new a", "docs/old/notes.md": "new", "big.bin": "x".repeat(5000) }),
    );
    const error = await refused(extractZip(zip, out, { maxBytes: 4096 }));
    expect(error).toMatchObject({ name: "UnsafeArchiveEntryError", entryName: "big.bin" });
    expect(await snapshotTree(out)).toEqual(before);
  });

  it("item 18: a rename that fails midway (EACCES in a read-only folder) puts back every replaced file and removes what it created", async () => {
    await crowdedTarget();
    await mkdir(join(out, "locked"));
    await writeFile(join(out, "locked", "kept.txt"), "kept");
    // note: everything the extraction touches is open to an ordinary user, except `locked`, which is read-only.
    await chmod(dir, 0o755);
    await chmod(out, 0o777);
    await chmod(join(out, "docs", "old"), 0o777);
    await chmod(join(out, "locked"), 0o555);
    const zip = await zipFile(
      await makeZip({
        "a.txt": "new a",
        s: "a file where a link was",
        "docs/old/notes.md": "new notes",
        "fresh/deeper/x.txt": "new folder",
        "locked/b.txt": "cannot be written",
      }),
    );
    const before = await snapshotTree(dir);
    const error = await asUnprivileged(() => refused(extractZip(zip, out)));
    expect(error).toMatchObject({ code: "EACCES" });
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it("item 18: the same archive extracts whole once the folder is writable (the failure above was the lock alone)", async () => {
    await crowdedTarget();
    await mkdir(join(out, "locked"));
    const zip = await zipFile(
      await makeZip({
        "a.txt": "new a",
        s: "a file where a link was",
        "fresh/deeper/x.txt": "new folder",
        "locked/b.txt": "b",
      }),
    );
    await extractZip(zip, out);
    const after = await snapshotTree(out);
    expect(after["a.txt"]).toMatchObject({ type: "file", bytes: "new a" });
    expect(after.s).toMatchObject({ type: "file", bytes: "a file where a link was" });
    expect(after["fresh/deeper/x.txt"]).toMatchObject({ type: "file", bytes: "new folder" });
    expect(after["locked/b.txt"]).toMatchObject({ type: "file", bytes: "b" });
    expect(after["docs/old/notes.md"]).toMatchObject({ bytes: "old notes" });
    expect(await readFile(join(dir, "outside", "secret.txt"), "utf8")).toBe("outside");
    expect(Object.keys(after).filter((path) => path.includes(".gh-artifacts-"))).toEqual([]);
  });
});

describe("extraction cleans up when it fails", () => {
  it("item 18: entries written before a refused one are removed; files that were there stay", async () => {
    await mkdir(out);
    await writeFile(join(out, "keep.txt"), "mine");
    const zip = await makeZip({ "a.txt": "1", "b/c/d.txt": "2", "e/": "", xxxxxxxxxxx: "pwned" });
    const path = await zipFile(renameEntry(zip, "xxxxxxxxxxx", "../evil.txt"));
    const error = await refused(extractZip(path, out));
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect(await readdir(out)).toEqual(["keep.txt"]);
    expect(existsSync(join(dir, "evil.txt"))).toBe(false);
  });

  it("item 18: a target folder the extraction created is removed again when it fails", async () => {
    const target = join(out, "nested", "deeper");
    const zip = await makeZip({ "a.txt": "1", xxxxxxxxxxx: "pwned" });
    const path = await zipFile(renameEntry(zip, "xxxxxxxxxxx", "../evil.txt"));
    await expect(extractZip(path, target)).rejects.toBeInstanceOf(UnsafeArchiveEntryError);
    expect(existsSync(out)).toBe(false);
  });

  it("item 18: an abort between entries leaves nothing behind", async () => {
    const controller = new AbortController();
    controller.abort();
    const path = await zipFile(await makeZip({ "a.txt": "1" }));
    const error = await refused(extractZip(path, out, { signal: controller.signal }));
    expect((error as Error).name).toBe("AbortError");
    expect(existsSync(out)).toBe(false);
  });
});

describe("extraction limits", () => {
  it("item 18: maxEntries refuses an archive with more entries before writing anything", async () => {
    const path = await zipFile(await makeZip({ "1.txt": "1", "2.txt": "2", "3.txt": "3", "4.txt": "4" }));
    const error = await refused(extractZip(path, out, { maxEntries: 3 }));
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect((error as UnsafeArchiveEntryError).reason).toBe("archive has more than 3 entries");
    expect(existsSync(out)).toBe(false);
  });

  it("item 18: maxCompressionRatio refuses an entry that inflates too much", async () => {
    const path = await zipFile(await makeZip({ "zeros.bin": "\0".repeat(1024 * 1024) }));
    const error = await refused(extractZip(path, out, { maxCompressionRatio: 100 }));
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect((error as UnsafeArchiveEntryError).reason).toBe("compression ratio above 100");
    expect(existsSync(out)).toBe(false);
  });

  it("item 18: an overlapping-entry zip bomb (200 × 1 MiB over one entry's data) stops at maxBytes, nothing left", async () => {
    const path = await zipFile(await overlappingBomb(200, 1024 * 1024));
    const error = await refused(extractZip(path, out, { maxBytes: 8 * 1024 * 1024, maxCompressionRatio: 1e6 }));
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect((error as UnsafeArchiveEntryError).entryName).toBe("k0008");
    expect(existsSync(out)).toBe(false);
  });

  it("item 18: the bomb's first entries extract fine under a limit they fit in (the fixture is a working zip)", async () => {
    const path = await zipFile(await overlappingBomb(3, 1024));
    await extractZip(path, out);
    expect((await readdir(out)).sort()).toEqual(["k0000", "k0001", "k0002"]);
    expect(await readFile(join(out, "k0002"))).toEqual(Buffer.alloc(1024));
  });

  it.each([
    ["maxBytes", -1],
    ["maxEntries", 0],
    ["maxCompressionRatio", 1.5],
  ])("item 18: %s = %s is an InvalidInputError naming it", async (field, value) => {
    const path = await zipFile(await makeZip({ "a.txt": "1" }));
    const error = await refused(extractZip(path, out, { [field]: value }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field });
    expect(existsSync(out)).toBe(false);
  });
});

describe("downloadArtifactToFile's extraction", () => {
  const ref = { owner: "o", repo: "r", artifact_id: 1 };

  it("item 18: takes extractLimits; a refused extraction keeps the verified zip at path", async () => {
    const zip = await makeZip({ "1.txt": "1", "2.txt": "2", "3.txt": "3" });
    fake = await startDownloadFake({ body: zip, digest: `sha256:${sha256(zip)}` });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const path = join(dir, "a.zip");
    const error = await refused(
      downloadArtifactToFile(gh, { ...ref, path, extractTo: out, extractLimits: { maxEntries: 2 } }),
    );
    expect(error).toBeInstanceOf(UnsafeArchiveEntryError);
    expect(await readFile(path)).toEqual(zip);
    expect(existsSync(out)).toBe(false);
  });

  it("item 18: a bad extractLimits is an InvalidInputError before any request", async () => {
    fake = await startDownloadFake({ body: Buffer.alloc(0) });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false });
    const error = await refused(
      downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip"), extractTo: out, extractLimits: { maxBytes: 0 } }),
    );
    expect(error).toMatchObject({ name: "InvalidInputError", field: "maxBytes" });
    expect(fake.api).toHaveLength(0);
  });
});
