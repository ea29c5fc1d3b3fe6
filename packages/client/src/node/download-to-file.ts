import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { ArtifactsClient } from "../create-client.js";
import type { DownloadProgress } from "../download.js";
import { DigestMismatchError, InvalidInputError } from "../errors.js";
import { extractZip } from "./extract-zip.js";

/** Options of `downloadArtifactToFile`. */
export interface DownloadArtifactToFileOptions {
  owner: string;
  repo: string;
  artifact_id: number;
  /** Where the zip archive ends up; it appears there only once complete (and verified). */
  path: string;
  /** Compare the SHA-256 of the bytes with the artifact's `digest` when GitHub gives one. Default: `true`. */
  verifyDigest?: boolean | undefined;
  /** A folder to unzip the archive into after it is verified. Default: none (keep the zip only). */
  extractTo?: string | undefined;
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
  /** `true` when the archive matched the artifact's `digest`; `false` when there was none to compare or `verifyDigest` was off. */
  verified: boolean;
}

const SHA256_DIGEST = /^sha256:([0-9a-f]{64})$/i;

/**
 * Downloads an artifact's archive to `path`: streamed to a temporary file beside it (same folder, so the final
 * rename is atomic), hashed on the way, checked against `digest` and the announced length, then renamed into place.
 * On any error or abort the temporary file is removed: `path` never holds a partial or corrupt archive.
 */
export async function downloadArtifactToFile(
  gh: ArtifactsClient,
  options: DownloadArtifactToFileOptions,
): Promise<DownloadArtifactToFileResult> {
  const { owner, repo, artifact_id, signal, onProgress } = options;
  const verifyDigest = options.verifyDigest ?? true;
  if (typeof options.path !== "string" || options.path === "") {
    throw new InvalidInputError("path", "must be a non-empty file path");
  }
  const target = resolve(options.path);
  const artifact = await gh.getArtifact({ owner, repo, artifact_id, signal });
  const download = await gh.downloadArtifact({
    owner,
    repo,
    artifact_id,
    signal,
    onProgress,
    expectedSize: artifact.size_in_bytes,
  });

  const temp = join(dirname(target), `.${basename(target)}.${randomUUID()}.partial`);
  const hash = createHash("sha256");
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  try {
    // note: pipeline gives backpressure (memory stays flat) and destroys every stream on error or abort.
    await pipeline(
      Readable.fromWeb(download.body as NodeReadableStream<Uint8Array>),
      meter,
      createWriteStream(temp, { flags: "wx" }),
      signal ? { signal } : {},
    );
    // note: a body shorter than its Content-Length already failed above (IncompleteDownloadError from
    // `download.body`). size_in_bytes is not compared: for older artifacts it is not the size of the zip.
    const sha256 = hash.digest("hex");
    const expected = verifyDigest ? SHA256_DIGEST.exec(artifact.digest ?? "")?.[1]?.toLowerCase() : undefined;
    if (expected !== undefined && expected !== sha256) {
      throw new DigestMismatchError(`sha256:${expected}`, `sha256:${sha256}`);
    }
    await rename(temp, target);
    if (options.extractTo !== undefined) await extractZip(target, options.extractTo, { signal });
    return { path: target, bytes, sha256, verified: expected !== undefined };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
