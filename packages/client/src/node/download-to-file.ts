import { randomUUID } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { ArtifactsClient } from "../create-client.js";
import { type DownloadProgress, downloadArtifact } from "../download.js";
import { DigestMismatchError, IncompleteDownloadError, InvalidInputError, UnverifiableDigestError } from "../errors.js";
import type { ArtifactKind } from "../safe-file-name.js";
import { checkExtractLimits, type ExtractLimits, extractZip, isCompleteZip } from "./extract-zip.js";
import { createHashingWriter, type HashingWriter } from "./hashing-writer.js";
import { placeFile } from "./place-file.js";

/** What a download turned out to be, known once its headers (or first bytes) arrived. */
export interface DownloadInfo {
  /** `"zip"` for a zip archive, `"file"` for an artifact uploaded as one file (`archive: false`). */
  kind: ArtifactKind;
  /** The safe file name of its bytes (`artifactFileName`): the artifact's name, `.zip` added to a zip that lacks it. */
  fileName: string;
}

/** Where `downloadArtifactToFile` saves the bytes: a file `path`, or a folder `dir` (one of the two). */
export type DownloadDestination =
  | {
      /** Where the bytes (the zip archive, or the single file) end up, only once complete and verified. */
      path: string;
      /** Not with `path`. */
      dir?: undefined;
    }
  | {
      /** An existing folder to save the bytes in, as `dir/<fileName>` (see `DownloadInfo`), instead of `path`. */
      dir: string;
      /** Not with `dir`. */
      path?: undefined;
    };

/** Options of `downloadArtifactToFile`: a `DownloadDestination` and these. */
export type DownloadArtifactToFileOptions = DownloadArtifactToFileBaseOptions & DownloadDestination;

/** Options of `downloadArtifactToFile` besides where it saves. */
export interface DownloadArtifactToFileBaseOptions {
  owner: string;
  repo: string;
  artifact_id: number;
  /** Compare the SHA-256 of the bytes with the artifact's `digest` when GitHub gives one. Default: `true`. */
  verifyDigest?: boolean | undefined;
  /** Fail with `UnverifiableDigestError` when the artifact has no `digest` (older artifacts lack one). Default: `false`. */
  requireDigest?: boolean | undefined;
  /**
   * After verification, a folder to unzip a zip into, or to put a single file in (as `<fileName>`); or a function of
   * the `DownloadInfo` that returns that folder, called before any byte is written (it may throw to refuse).
   * Default: none (keep the downloaded file only).
   */
  extractTo?: string | ((download: DownloadInfo) => string | Promise<string>) | undefined;
  /** Bounds of `extractTo` (`maxBytes` bounds a single file too). Default: 10 GiB, 100,000 entries, ratio 1000. */
  extractLimits?: ExtractLimits | undefined;
  /** Called with `{ loaded, total }` as bytes arrive. */
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** Cancels the download; the temporary file is removed. */
  signal?: AbortSignal | undefined;
}

/** What `extractTo` received. */
export interface ExtractedArtifact {
  /** `"zip"`: a zip was unzipped into `path`, a folder. `"file"`: the single file is at `path`. */
  kind: ArtifactKind;
  /** The absolute path of the folder (zip) or of the file (single file). */
  path: string;
}

/** What `downloadArtifactToFile` wrote. */
export interface DownloadArtifactToFileResult extends DownloadInfo {
  /** The absolute path of the downloaded file (the zip archive, or the single file). */
  path: string;
  /** Bytes written. */
  bytes: number;
  /** The SHA-256 of the bytes, lowercase hex. */
  sha256: string;
  /** `true` when the bytes matched the artifact's `digest`; `false` when it had none or `verifyDigest` was off. */
  verified: boolean;
  /** Where `extractTo` put the artifact's content; `null` without `extractTo`. */
  extracted: ExtractedArtifact | null;
}

/** Archives from this size on (or of unknown size) are hashed and written in a worker thread. */
const OFF_THREAD_BYTES = 8 * 1024 * 1024;

/**
 * The artifact's `digest` as the server sent it, if any.
 * note: read through a widened type because GHES descriptions have no `digest`, so the generated `Artifact` lacks it
 * when the packages are built from one; a server that sends a digest still has it checked either way.
 */
const digestOf = (artifact: object): unknown => (artifact as { digest?: unknown }).digest;

/**
 * The lowercase hex SHA-256 the archive must have, or `undefined` when the artifact has no digest. Anything that
 * cannot be checked (another algorithm, a malformed value) fails closed with `UnverifiableDigestError`.
 */
function expectedSha256(digest: unknown, requireDigest: boolean): string | undefined {
  if (digest === null || digest === undefined) {
    if (requireDigest) throw new UnverifiableDigestError(null, "the artifact has no digest");
    return undefined;
  }
  if (typeof digest !== "string") throw new UnverifiableDigestError(null, "the digest is not a string");
  const colon = digest.indexOf(":");
  if (digest.slice(0, colon).toLowerCase() !== "sha256") {
    throw new UnverifiableDigestError(digest, "unsupported digest algorithm (only sha256 is known)");
  }
  const hex = digest.slice(colon + 1);
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new UnverifiableDigestError(digest, "malformed sha256 digest");
  return hex.toLowerCase();
}

/** The folder `extractTo` names for this download, checked; `undefined` without `extractTo`. */
async function extractFolder(
  extractTo: DownloadArtifactToFileOptions["extractTo"],
  download: DownloadInfo,
): Promise<string | undefined> {
  if (typeof extractTo !== "function") return extractTo;
  const folder = await extractTo({ kind: download.kind, fileName: download.fileName });
  if (typeof folder !== "string" || folder === "") {
    throw new InvalidInputError("extractTo", "must return a non-empty folder path");
  }
  return folder;
}

/** Checks `path`, `dir` and `extractTo`: exactly one of `path` and `dir`, each a non-empty string. */
function checkPlaces(options: DownloadArtifactToFileOptions): void {
  const { path, dir, extractTo } = options;
  if (path !== undefined && dir !== undefined) throw new InvalidInputError("path", "and dir exclude each other");
  if (dir !== undefined) {
    if (typeof dir !== "string" || dir === "") throw new InvalidInputError("dir", "must be a non-empty folder path");
  } else if (typeof path !== "string" || path === "") {
    throw new InvalidInputError("path", "must be a non-empty file path (or give dir)");
  }
  if (
    extractTo !== undefined &&
    typeof extractTo !== "function" &&
    (typeof extractTo !== "string" || extractTo === "")
  ) {
    throw new InvalidInputError("extractTo", "must be a non-empty folder path or a function returning one");
  }
}

/**
 * Downloads an artifact (a zip archive, or a single file uploaded with `archive: false`) to `path`, or to
 * `dir/<fileName>`: streamed to a temporary file beside it (same folder, so the final rename is atomic), hashed on the
 * way, checked against `digest` and the announced length (a zip without a digest also against its own end record),
 * then renamed into place. On any error or abort the temporary file is removed: the target never holds a partial or
 * corrupt download. With `extractTo`, a zip is then unzipped (`extractZip`) and a single file copied in as
 * `<fileName>`, both all or nothing.
 */
export async function downloadArtifactToFile(
  gh: ArtifactsClient,
  options: DownloadArtifactToFileOptions,
): Promise<DownloadArtifactToFileResult> {
  const { owner, repo, artifact_id, signal, onProgress, extractTo } = options;
  const verifyDigest = options.verifyDigest ?? true;
  const requireDigest = options.requireDigest ?? false;
  checkPlaces(options);
  if (requireDigest && !verifyDigest) throw new InvalidInputError("requireDigest", "needs verifyDigest");
  const limits = checkExtractLimits(options.extractLimits);
  const folder = resolve(options.dir ?? dirname(options.path as string));
  const artifact = await gh.getArtifact({ owner, repo, artifact_id, signal });
  // note: checked before any byte is fetched: an unverifiable digest is an error, not `verified: false`.
  const expected = verifyDigest ? expectedSha256(digestOf(artifact), requireDigest) : undefined;
  // note: a fixed-length name: the target's own name may already be near the 255-byte limit of a file name.
  const temp = join(folder, `.gh-artifacts-${randomUUID()}.partial`);
  let file: FileHandle | undefined;
  let writer: HashingWriter | undefined;
  let bytes = 0;
  const stop = () => void writer?.destroy(signal?.reason);
  try {
    file = await open(temp, "wx");
    // note: a worker thread costs some 20 ms to start, more than hashing a small archive here; it starts before
    // the archive is asked for, so that it is ready when the first bytes arrive.
    writer = createHashingWriter(file.fd, (artifact.size_in_bytes ?? Number.POSITIVE_INFINITY) >= OFF_THREAD_BYTES);
    const download = await downloadArtifact(gh, {
      owner,
      repo,
      artifact_id,
      signal,
      onProgress,
      expectedSize: artifact.size_in_bytes,
      // note: the server's value; anything but a string is left out rather than failing as the caller's input.
      name: typeof artifact.name === "string" ? artifact.name : undefined,
    });
    const { kind, fileName } = download;
    const target = options.dir === undefined ? resolve(options.path as string) : join(folder, fileName);
    // note: an abort also ends a wait for room in the writer's queue, where no read is pending to notice it.
    signal?.addEventListener("abort", stop, { once: true });
    const reader = download.body.getReader();
    let into: string | undefined;
    try {
      into = await extractFolder(extractTo, download);
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        bytes += read.value.byteLength;
        const room = writer.write(read.value);
        if (room) await room;
      }
    } catch (error) {
      await reader.cancel(error).catch(() => undefined);
      throw error;
    }
    signal?.throwIfAborted();
    const sha256 = await writer.end();
    await writer.destroy();
    await file.close();
    file = undefined;
    // note: a body shorter than its Content-Length already failed above (IncompleteDownloadError from
    // `download.body`). size_in_bytes is not compared: for older artifacts it is not the size of the zip.
    if (expected !== undefined && expected !== sha256) {
      throw new DigestMismatchError(`sha256:${expected}`, `sha256:${sha256}`);
    }
    // note: without a digest, a zip that ended cleanly but early (no Content-Length, or a proxy that dropped it) is
    // caught by its own structure: its end-of-central-directory record comes last. A single file has no such end.
    if (expected === undefined && kind === "zip" && !(await isCompleteZip(temp))) {
      throw new IncompleteDownloadError(undefined, bytes);
    }
    await rename(temp, target);
    let extracted: ExtractedArtifact | null = null;
    if (into !== undefined && kind === "zip") {
      await extractZip(target, into, { ...limits, signal });
      extracted = { kind, path: resolve(into) };
    } else if (into !== undefined) {
      extracted = { kind, path: await placeFile(target, into, fileName, { maxBytes: limits.maxBytes, signal }) };
    }
    return { path: target, bytes, sha256, verified: expected !== undefined, kind, fileName, extracted };
  } catch (error) {
    // note: the worker is stopped before the file is closed: a write still running must not reach whatever file
    // reuses the descriptor's number.
    await writer?.destroy(error);
    await file?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}
