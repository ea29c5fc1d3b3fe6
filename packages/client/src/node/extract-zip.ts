import { createWriteStream, type Stats } from "node:fs";
import { lstat, mkdir, mkdtemp, rename, rm, rmdir, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import { UnsafeArchiveEntryError } from "../errors.js";
import { validateInteger } from "../validate.js";

/** Bounds of an extraction; an archive that passes one is refused with `UnsafeArchiveEntryError`. */
export interface ExtractLimits {
  /** Most bytes written in all: declared sizes are checked first, then bytes are counted as written. Default: 10 GiB. */
  maxBytes?: number | undefined;
  /** Most entries (files and folders) in the archive, checked before anything is written. Default: `100_000`. */
  maxEntries?: number | undefined;
  /** Largest ratio of an entry's size to its compressed size (deflate tops out near 1032). Default: `1000`. */
  maxCompressionRatio?: number | undefined;
}

/** Options of `extractZip`. */
export interface ExtractZipOptions extends ExtractLimits {
  /** Stops the extraction between or during entries; what was written is removed. */
  signal?: AbortSignal | undefined;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** The limits with their defaults, or `InvalidInputError` for a bad one (thrown before any request or write). */
export function checkExtractLimits(limits: ExtractLimits = {}): Required<ExtractLimits> {
  const checked = {
    maxBytes: limits.maxBytes ?? 10 * 1024 ** 3,
    maxEntries: limits.maxEntries ?? 100_000,
    maxCompressionRatio: limits.maxCompressionRatio ?? 1000,
  };
  for (const [field, value] of Object.entries(checked)) validateInteger(field, value, 1, Number.MAX_SAFE_INTEGER);
  return checked;
}

/** Where `fileName` lands under `root`, or the reason it may not be written. */
function placeOf(root: string, fileName: string): string {
  if (fileName.includes("\0")) throw new UnsafeArchiveEntryError(fileName, "contains a NUL character");
  const problem = yauzl.validateFileName(fileName);
  if (problem) throw new UnsafeArchiveEntryError(fileName, problem.split(":")[0] ?? problem);
  const place = resolve(root, fileName);
  const rel = relative(root, place);
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || isAbsolute(rel)) {
    throw new UnsafeArchiveEntryError(fileName, "escapes the target folder");
  }
  return place;
}

const lstatOrNone = (path: string): Promise<Stats | undefined> =>
  lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });

/**
 * Unzips `zipPath` into `targetDir`, streamed (memory stays flat), in two steps: every entry is first written to a
 * staging folder inside `targetDir` and checked, and only then renamed into place, so a refused or corrupt archive
 * leaves `targetDir` as it was, and no existing file is ever truncated. Refuses, with `UnsafeArchiveEntryError`,
 * entries that would land outside `targetDir` (zip-slip) or pass through a symbolic link already there, symbolic
 * link entries, an entry that would replace the archive itself, and archives beyond the `ExtractLimits`. On failure
 * whatever it created is removed; yauzl checks each entry's real size against its declared one.
 */
export async function extractZip(zipPath: string, targetDir: string, options: ExtractZipOptions = {}): Promise<void> {
  const { maxBytes, maxEntries, maxCompressionRatio } = checkExtractLimits(options);
  const { signal } = options;
  const root = resolve(targetDir);
  // note: decodeStrings is off so that a bad name reaches us, to be refused with a typed error, instead of
  // failing inside yauzl with a plain Error.
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  const created: Array<{ path: string; folder: boolean }> = [];
  let madeRoot: string | undefined;
  let staging: string | undefined;
  try {
    // note: refused before anything is written, from the count the end-of-central-directory record states.
    if (zip.entryCount > maxEntries)
      throw new UnsafeArchiveEntryError("", `archive has more than ${maxEntries} entries`);
    const archive = await stat(zipPath);
    madeRoot = await mkdir(root, { recursive: true });
    staging = await mkdtemp(join(root, ".gh-artifacts-"));
    const moves: Array<{ name: string; place: string; temp?: string }> = [];
    let declared = 0;
    let written = 0;
    for (;;) {
      signal?.throwIfAborted();
      const entry = await nextEntry(zip);
      if (!entry) break;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      const place = placeOf(root, name);
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        throw new UnsafeArchiveEntryError(name, "is a symbolic link");
      }
      declared += entry.uncompressedSize;
      if (declared > maxBytes) throw new UnsafeArchiveEntryError(name, `archive declares more than ${maxBytes} bytes`);
      if (entry.uncompressedSize > maxCompressionRatio * Math.max(entry.compressedSize, 1)) {
        throw new UnsafeArchiveEntryError(name, `compression ratio above ${maxCompressionRatio}`);
      }
      if (name.endsWith("/")) {
        moves.push({ name, place });
        continue;
      }
      const temp = join(staging, String(moves.length));
      // note: bytes are counted as they are written, so overlapping entries (many central-directory records
      // pointing at the same data) stop at `maxBytes` even where declared sizes would not add up.
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          written += chunk.length;
          if (written <= maxBytes) callback(null, chunk);
          else callback(new UnsafeArchiveEntryError(name, `archive holds more than ${maxBytes} bytes`));
        },
      });
      const stream = await zip.openReadStreamPromise(entry);
      await pipeline(stream, counter, createWriteStream(temp, { flags: "wx" }), signal ? { signal } : {});
      moves.push({ name, place, temp });
    }
    // note: the target folder is touched only now, once every entry is out and passed every check.
    const folders = new Set([root]);
    const prepare = async (name: string, folder: string) => {
      let current = root;
      for (const part of relative(root, folder).split(sep)) {
        if (part === "") continue;
        current = join(current, part);
        if (folders.has(current)) continue;
        const found = await lstatOrNone(current);
        if (found?.isSymbolicLink()) throw new UnsafeArchiveEntryError(name, "passes through a symbolic link");
        if (found && !found.isDirectory()) throw new UnsafeArchiveEntryError(name, "a file is in the way");
        if (!found) {
          await mkdir(current);
          created.push({ path: current, folder: true });
        }
        folders.add(current);
      }
    };
    for (const { name, place, temp } of moves) {
      signal?.throwIfAborted();
      if (temp === undefined) {
        await prepare(name, place);
        continue;
      }
      await prepare(name, dirname(place));
      const found = await lstatOrNone(place);
      if (found && found.ino === archive.ino && found.dev === archive.dev) {
        throw new UnsafeArchiveEntryError(name, "would replace the archive being extracted");
      }
      // note: rename replaces a symbolic link at `place` itself, never the file it points to.
      await rename(temp, place);
      if (!found) created.push({ path: place, folder: false });
    }
  } catch (error) {
    for (const { path, folder } of created.reverse()) await (folder ? rmdir(path) : rm(path)).catch(() => undefined);
    if (madeRoot !== undefined) await rm(madeRoot, { recursive: true, force: true });
    throw error;
  } finally {
    zip.close();
    if (staging !== undefined) await rm(staging, { recursive: true, force: true });
  }
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolvePromise, reject) => {
    const cleanup = () => {
      zip.off("entry", onEntry);
      zip.off("end", onEnd);
      zip.off("error", onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolvePromise(entry);
    };
    const onEnd = () => {
      cleanup();
      resolvePromise(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    zip.on("entry", onEntry);
    zip.on("end", onEnd);
    zip.on("error", onError);
    zip.readEntry();
  });
}

/**
 * Whether `path` reads as a whole zip archive: its end-of-central-directory record and every central-directory
 * entry are there. A truncated download lacks them.
 */
export async function isCompleteZip(path: string): Promise<boolean> {
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, autoClose: false });
    while (await nextEntry(zip));
    return true;
  } catch {
    return false;
  } finally {
    zip?.close();
  }
}
