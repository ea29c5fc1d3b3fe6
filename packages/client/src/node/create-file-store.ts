import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { InvalidInputError } from "../errors.js";
import type { CacheEntry, CacheStore } from "../middleware/etag-cache.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/** Options of `createFileStore`. */
export interface FileStoreOptions {
  /** Entries larger than this many bytes of JSON are not written (a later request is then unconditional). Default: `33_554_432` (32 MiB). */
  maxEntryBytes?: number | undefined;
}

/** The file of an entry: a hash of its key, so no URL or scope ever becomes a path. */
const fileOf = (dir: string, key: string) => join(dir, `${createHash("sha256").update(key).digest("hex")}.json`);

/**
 * An ETag cache store on disk for `createEtagCache(store)`, so that conditional requests outlive the process: a
 * second run of a scan is answered with 304s, which GitHub does not count against the primary rate limit. One JSON
 * file per URL and identity in `dir` (created when first written, readable by its owner only, as the bodies may
 * describe private repositories), named by a SHA-256 of the key; each file is replaced whole, never half written.
 * A file that is missing, unreadable or not an entry of that key reads as no entry. Nothing is ever evicted:
 * delete the folder to start over.
 */
export function createFileStore(dir: string, options: FileStoreOptions = {}): CacheStore {
  if (typeof dir !== "string" || !dir) throw new InvalidInputError("dir", "must be a non-empty path");
  const maxEntryBytes = options.maxEntryBytes ?? 32 * 1024 * 1024;
  if (!Number.isSafeInteger(maxEntryBytes) || maxEntryBytes < 1) {
    throw new InvalidInputError("maxEntryBytes", "must be an integer >= 1");
  }
  const root = resolve(dir);
  return {
    async get(key) {
      let text: string;
      try {
        text = await readFile(fileOf(root, key), "utf8");
      } catch {
        return undefined;
      }
      try {
        const stored = JSON.parse(text) as { key?: unknown; entry?: CacheEntry };
        // note: the key is kept inside and compared, so a file copied or renamed by hand never answers another URL.
        return stored.key === key ? stored.entry : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, entry) {
      const text = JSON.stringify({ key, entry });
      if (Buffer.byteLength(text) > maxEntryBytes) return;
      await writeFileAtomic(fileOf(root, key), text);
    },
  };
}
