import { constants } from "node:fs";
import { copyFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UnsafeArchiveEntryError } from "../errors.js";
import { lstatOrNone, placeOf, putInPlace } from "./put-in-place.js";

/** Options of `placeFile`. */
export interface PlaceFileOptions {
  /** Largest file placed, in bytes (`ExtractLimits.maxBytes`). */
  maxBytes: number;
  /** Stops the placement; nothing is left behind. */
  signal?: AbortSignal | undefined;
}

/**
 * Puts a copy of the file at `source` at `targetDir/fileName` (a single-file artifact's "extraction"), the way
 * `extractZip` puts an entry: staged in a folder inside `targetDir`, checked, then renamed into place (an existing file
 * is replaced atomically and put back if that fails; a folder in the way is refused). Returns the file's path; when
 * that is `source` itself, nothing is written. A file larger than `maxBytes` is refused before anything is written.
 */
export async function placeFile(
  source: string,
  targetDir: string,
  fileName: string,
  options: PlaceFileOptions,
): Promise<string> {
  const root = resolve(targetDir);
  const place = placeOf(root, fileName);
  const { size, ino, dev } = await stat(source);
  const found = await lstatOrNone(place);
  if (found && found.ino === ino && found.dev === dev) return place;
  if (size > options.maxBytes) {
    throw new UnsafeArchiveEntryError(fileName, `file holds more than ${options.maxBytes} bytes`);
  }
  await putInPlace(
    root,
    async (staging) => {
      const temp = join(staging, "0");
      options.signal?.throwIfAborted();
      // note: a copy-on-write clone where the file system has them (instant, no extra space), else a plain copy.
      await copyFile(source, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
      return [{ name: fileName, place, temp }];
    },
    { signal: options.signal },
  );
  return place;
}
