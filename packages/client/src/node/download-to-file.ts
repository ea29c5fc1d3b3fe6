import { randomUUID } from "node:crypto";
import { type FileHandle, open, rename, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { ArtifactsClient } from "../create-client.js";
import { type DownloadProgress, downloadArtifact } from "../download.js";
import { DigestMismatchError, IncompleteDownloadError, InvalidInputError, UnverifiableDigestError } from "../errors.js";
import { checkExtractLimits, type ExtractLimits, extractZip, isCompleteZip } from "./extract-zip.js";
import { createHashingWriter, type HashingWriter } from "./hashing-writer.js";

/** Options of `downloadArtifactToFile`. */
export interface DownloadArtifactToFileOptions {
  owner: string;
  repo: string;
  artifact_id: number;
  /** Where the zip archive ends up; it appears there only once complete (and verified). */
  path: string;
  /** Compare the SHA-256 of the bytes with the artifact's `digest` when GitHub gives one. Default: `true`. */
  verifyDigest?: boolean | undefined;
  /** Fail with `UnverifiableDigestError` when the artifact has no `digest` (older artifacts lack one). Default: `false`. */
  requireDigest?: boolean | undefined;
  /** A folder to unzip the archive into after it is verified. Default: none (keep the zip only). */
  extractTo?: string | undefined;
  /** Bounds of the extraction into `extractTo`. Default: `extractZip`'s (10 GiB, 100,000 entries, ratio 1000). */
  extractLimits?: ExtractLimits | undefined;
  /** Called with `{ loaded, total }` as bytes arrive. */
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** Cancels the download; the temporary file is removed. */
  signal?: AbortSignal | undefined;
}

/** What `downloadArtifactToFile` wrote. */
export interface DownloadArtifactToFileResult {
  /** The absolute path of the archive. */
  path: string;
  /** Bytes written. */
  bytes: number;
  /** The SHA-256 of the archive, lowercase hex. */
  sha256: string;
  /** `true` when the archive matched the artifact's `digest`; `false` when it had none or `verifyDigest` was off. */
  verified: boolean;
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

/**
 * Downloads an artifact's archive to `path`: streamed to a temporary file beside it (same folder, so the final
 * rename is atomic), hashed on the way, checked against `digest` and the announced length, then renamed into place.
 * On any error or abort the temporary file is removed: `path` never holds a partial or corrupt archive.
 */
export async function downloadArtifactToFile(
  gh: ArtifactsClient,
  options: DownloadArtifactToFileOptions,
): Promise<DownloadArtifactToFileResult> {
  const { owner, repo, artifact_id, signal, onProgress, extractTo } = options;
  const verifyDigest = options.verifyDigest ?? true;
  const requireDigest = options.requireDigest ?? false;
  if (typeof options.path !== "string" || options.path === "") {
    throw new InvalidInputError("path", "must be a non-empty file path");
  }
  if (requireDigest && !verifyDigest) throw new InvalidInputError("requireDigest", "needs verifyDigest");
  if (extractTo !== undefined && (typeof extractTo !== "string" || extractTo === "")) {
    throw new InvalidInputError("extractTo", "must be a non-empty folder path");
  }
  const limits = checkExtractLimits(options.extractLimits);
  const target = resolve(options.path);
  const artifact = await gh.getArtifact({ owner, repo, artifact_id, signal });
  // note: checked before any byte is fetched: an unverifiable digest is an error, not `verified: false`.
  const expected = verifyDigest ? expectedSha256(digestOf(artifact), requireDigest) : undefined;
  // note: a fixed-length name: the target's own name may already be near the 255-byte limit of a file name.
  const temp = join(dirname(target), `.gh-artifacts-${randomUUID()}.partial`);
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
    });
    // note: an abort also ends a wait for room in the writer's queue, where no read is pending to notice it.
    signal?.addEventListener("abort", stop, { once: true });
    const reader = download.body.getReader();
    try {
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
    // note: without a digest, a body that ended cleanly but early (no Content-Length, or a proxy that dropped it)
    // is caught by the zip's own structure: its end-of-central-directory record comes last.
    if (expected === undefined && !(await isCompleteZip(temp))) throw new IncompleteDownloadError(undefined, bytes);
    await rename(temp, target);
    if (extractTo !== undefined) await extractZip(target, extractTo, { ...limits, signal });
    return { path: target, bytes, sha256, verified: expected !== undefined };
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
