import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import { UnsafeArchiveEntryError } from "../errors.js";

/** Options of `extractZip`. */
export interface ExtractZipOptions {
  /** Stops the extraction between or during entries. */
  signal?: AbortSignal | undefined;
  /** Refuse archives whose entries declare more than this many bytes in total. Default: 10 GiB. */
  maxTotalBytes?: number | undefined;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

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

/**
 * Unzips `zipPath` into `targetDir` entry by entry (streamed: memory stays flat). Refuses, with
 * `UnsafeArchiveEntryError`, entries that would land outside `targetDir` (zip-slip), symbolic links, and archives
 * whose declared sizes exceed `maxTotalBytes`; yauzl checks each entry's real size against its declared one.
 */
export async function extractZip(zipPath: string, targetDir: string, options: ExtractZipOptions = {}): Promise<void> {
  const root = resolve(targetDir);
  const maxTotal = options.maxTotalBytes ?? 10 * 1024 ** 3;
  // note: decodeStrings is off so that a bad name reaches us, to be refused with a typed error, instead of
  // failing inside yauzl with a plain Error.
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  let declared = 0;
  try {
    await mkdir(root, { recursive: true });
    for (;;) {
      options.signal?.throwIfAborted();
      const entry = await nextEntry(zip);
      if (!entry) return;
      const raw = entry.fileNameRaw;
      const fileName = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
      const place = placeOf(root, fileName);
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        throw new UnsafeArchiveEntryError(fileName, "is a symbolic link");
      }
      declared += entry.uncompressedSize;
      if (declared > maxTotal)
        throw new UnsafeArchiveEntryError(fileName, `archive declares more than ${maxTotal} bytes`);
      if (fileName.endsWith("/")) {
        await mkdir(place, { recursive: true });
        continue;
      }
      await mkdir(resolve(place, ".."), { recursive: true });
      const stream = await zip.openReadStreamPromise(entry);
      await pipeline(stream, createWriteStream(place), options.signal ? { signal: options.signal } : {});
    }
  } finally {
    zip.close();
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
