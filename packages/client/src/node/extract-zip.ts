import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import { UnsafeArchiveEntryError } from "../errors.js";
import { validateInteger } from "../validate.js";
import { type Move, placeOf, putInPlace } from "./put-in-place.js";

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

/**
 * Unzips `zipPath` into `targetDir`, streamed (memory stays flat), all or nothing: every entry is first written to a
 * staging folder inside `targetDir`; then every check runs (entries that clash with each other, a symbolic link, a
 * file or a folder in the way) before the first file of `targetDir` is touched; only then are entries renamed into
 * place, each file already there moved aside first, so that a rename that still fails puts everything back. A
 * refused, corrupt, aborted or failed extraction leaves `targetDir` as it was, and no existing file is ever
 * truncated. Refuses, with `UnsafeArchiveEntryError`, entries that would land outside `targetDir` (zip-slip) or pass
 * through a symbolic link already there, symbolic link entries, an entry that would replace the archive itself, and
 * archives beyond the `ExtractLimits`; yauzl checks each entry's real size against its declared one.
 */
export async function extractZip(zipPath: string, targetDir: string, options: ExtractZipOptions = {}): Promise<void> {
  const { maxBytes, maxEntries, maxCompressionRatio } = checkExtractLimits(options);
  const { signal } = options;
  // note: decodeStrings is off so that a bad name reaches us, to be refused with a typed error, instead of
  // failing inside yauzl with a plain Error.
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  try {
    // note: refused before anything is written, from the count the end-of-central-directory record states.
    if (zip.entryCount > maxEntries)
      throw new UnsafeArchiveEntryError("", `archive has more than ${maxEntries} entries`);
    const keep = await stat(zipPath);
    await putInPlace(
      targetDir,
      async (staging, root) => {
        const moves: Move[] = [];
        let declared = 0;
        let written = 0;
        for (;;) {
          signal?.throwIfAborted();
          const entry = await nextEntry(zip);
          if (!entry) return moves;
          const name = yauzl.getFileNameLowLevel(
            entry.generalPurposeBitFlag,
            entry.fileNameRaw,
            entry.extraFields,
            false,
          );
          const place = placeOf(root, name);
          if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
            throw new UnsafeArchiveEntryError(name, "is a symbolic link");
          }
          declared += entry.uncompressedSize;
          if (declared > maxBytes) {
            throw new UnsafeArchiveEntryError(name, `archive declares more than ${maxBytes} bytes`);
          }
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
      },
      { keep, signal },
    );
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
