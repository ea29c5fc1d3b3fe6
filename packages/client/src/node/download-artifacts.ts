import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import type { Artifact } from "@gh-artifacts/types";
import type { ArtifactsClient } from "../create-client.js";
import type { DownloadProgress } from "../download.js";
import { InvalidInputError } from "../errors.js";
import { fitFileName, MAX_FILE_NAME_BYTES, safeFileName } from "../safe-file-name.js";
import { validateInteger } from "../validate.js";
import {
  type DownloadArtifactToFileResult,
  type DownloadInfo,
  downloadArtifactToFile,
  type ExtractedArtifact,
} from "./download-to-file.js";
import type { ExtractLimits } from "./extract-zip.js";

/** The fields of an artifact `downloadArtifacts` reads: GitHub's `Artifact` has them. */
export type DownloadableArtifact = Pick<Artifact, "id" | "name">;

/** Options of `downloadArtifacts`. */
export interface DownloadArtifactsOptions {
  /** The repository's owner. Required. */
  owner: string;
  /** The repository's name. Required. */
  repo: string;
  /** An existing folder: each artifact gets its own place in it (see `downloadArtifacts`). Required. */
  dir: string;
  /** Downloads in flight at once, 1 to 16. Default: `3`. */
  concurrency?: number | undefined;
  /** Also unzip each zip into `dir/<name>/`, all or nothing, after verification. Default: `false`. */
  extract?: boolean | undefined;
  /**
   * With `extract`, called with the folder a zip is about to be unzipped into, before any byte of it is downloaded;
   * throw to refuse it (that artifact fails, the others go on). Default: none (a folder that exists is merged into).
   */
  checkExtractFolder?: ((folder: string, artifact: DownloadableArtifact) => void | Promise<void>) | undefined;
  /** Compare each download's SHA-256 with its artifact's `digest` when GitHub gives one. Default: `true`. */
  verifyDigest?: boolean | undefined;
  /** Fail an artifact that has no `digest` with `UnverifiableDigestError`. Default: `false`. */
  requireDigest?: boolean | undefined;
  /** Bounds of each extraction. Default: 10 GiB, 100,000 entries, ratio 1000. */
  extractLimits?: ExtractLimits | undefined;
  /** Called as bytes arrive, with the artifact they belong to. Default: none. */
  onProgress?: ((progress: DownloadProgress & { artifact: DownloadableArtifact }) => void) | undefined;
  /** Cancels every download; what is not complete is removed. Default: none. */
  signal?: AbortSignal | undefined;
}

/** One artifact `downloadArtifacts` wrote. */
export interface DownloadedArtifact extends DownloadArtifactToFileResult {
  /** The artifact, as it was given. */
  artifact: DownloadableArtifact;
}

/** One artifact `downloadArtifacts` could not write, and why. */
export interface FailedArtifactDownload {
  /** The artifact, as it was given. */
  artifact: DownloadableArtifact;
  /** What it failed with (a typed error of this package, an abort, a file system error). */
  error: unknown;
}

/** What `downloadArtifacts` did: every artifact is in exactly one of the two lists, in the order given. */
export interface DownloadArtifactsResult {
  downloaded: DownloadedArtifact[];
  failed: FailedArtifactDownload[];
}

const MAX_CONCURRENCY = 16;
const ZIP = ".zip";
/** An extension kept after a suffix: a dot, then up to 16 letters or digits (`.html`, `.gz`). */
const EXTENSION = /\.[\p{L}\p{N}]{1,16}$/u;

/**
 * The name every place of an artifact starts with: its safe name, `.zip` left out (a zip gets it back), cut so that
 * `.zip` fits after it. note: cut before comparing, so two long names that differ only past the cut count as one.
 */
const stemOf = (a: DownloadableArtifact) =>
  fitFileName(
    safeFileName(safeFileName(a.name, `artifact-${a.id}`).replace(/\.zip$/iu, ""), `artifact-${a.id}`),
    "",
    MAX_FILE_NAME_BYTES - ZIP.length,
  ) || `artifact-${a.id}`;

/**
 * The stem of each artifact's place: its safe name, or, when two artifacts of the list would share one (the same
 * name, names that only differ in case or in what `safeFileName` replaces), `name (id)` for each of them.
 * note: compared without case: on macOS and Windows `Build` and `build` are one file.
 */
function stems(artifacts: readonly DownloadableArtifact[]): Map<number, string> {
  const count = new Map<string, number>();
  const key = (a: DownloadableArtifact) => stemOf(a).normalize("NFC").toLowerCase();
  for (const a of artifacts) count.set(key(a), (count.get(key(a)) ?? 0) + 1);
  return new Map(
    artifacts.map((a) => {
      const stem = stemOf(a);
      // note: the stem is cut before the id goes after it (and `.zip` still fits), so the id always survives.
      const own = fitFileName(stem, ` (${a.id})`, MAX_FILE_NAME_BYTES - ZIP.length);
      return [a.id, (count.get(key(a)) ?? 0) > 1 ? own : stem];
    }),
  );
}

/** The file name of an artifact's bytes: `<stem>.zip` for a zip, the stem for a single file (its extension kept). */
function placeName(stem: string, artifact: DownloadableArtifact, download: DownloadInfo, shared: boolean): string {
  if (download.kind === "zip") return `${stem}${ZIP}`;
  // note: a single file's name is its own (`report.html`); a shared one gets the id before its extension.
  if (!shared) return download.fileName;
  const extension = EXTENSION.exec(download.fileName)?.[0] ?? "";
  const base = download.fileName.slice(0, download.fileName.length - extension.length);
  return fitFileName(base, ` (${artifact.id})${extension}`);
}

function checkOptions(artifacts: readonly DownloadableArtifact[], options: DownloadArtifactsOptions): number {
  if (!Array.isArray(artifacts)) throw new InvalidInputError("artifacts", "must be an array");
  const ids = new Set<number>();
  for (const a of artifacts) {
    validateInteger("artifacts[].id", a?.id, 1, Number.MAX_SAFE_INTEGER);
    if (ids.has(a.id)) throw new InvalidInputError("artifacts", `holds artifact ${a.id} twice`);
    ids.add(a.id);
  }
  if (options === null || typeof options !== "object") throw new InvalidInputError("options", "must be an object");
  if (typeof options.dir !== "string" || options.dir === "") {
    throw new InvalidInputError("dir", "must be a non-empty folder path");
  }
  if (options.checkExtractFolder !== undefined && typeof options.checkExtractFolder !== "function") {
    throw new InvalidInputError("checkExtractFolder", "must be a function");
  }
  const concurrency = options.concurrency ?? 3;
  validateInteger("concurrency", concurrency, 1, MAX_CONCURRENCY);
  return concurrency;
}

/**
 * Downloads several artifacts of one repository into `dir`, `concurrency` at a time, each as
 * `downloadArtifactToFile` does (streamed, checked against its digest, all or nothing): a zip to
 * `dir/<name>.zip` (with `extract`, also unzipped into `dir/<name>/`), a single file to `dir/<its name>`, names made
 * safe by `safeFileName`. Two artifacts that would share a place (the same name from two runs, names that differ only
 * in case) each get theirs as `<name> (<id>)`. Each download goes to a staging folder inside `dir` first and is
 * renamed into place once verified. One failure does not stop or undo the others: the result lists what was
 * written and what failed (and why), in the order given. Bad options reject with `InvalidInputError` before any
 * request.
 */
export async function downloadArtifacts(
  gh: ArtifactsClient,
  artifacts: readonly DownloadableArtifact[],
  options: DownloadArtifactsOptions,
): Promise<DownloadArtifactsResult> {
  const concurrency = checkOptions(artifacts, options);
  const { owner, repo, extract, checkExtractFolder, verifyDigest, requireDigest, extractLimits, onProgress, signal } =
    options;
  const dir = resolve(options.dir);
  const places = stems(artifacts);
  const shared = new Set(artifacts.filter((a) => places.get(a.id) !== stemOf(a)).map((a) => a.id));
  // note: one staging folder for the batch, inside `dir` (so each rename into place stays on one file system).
  const staging = await mkdtemp(join(dir, ".gh-artifacts-"));
  const outcomes: ({ ok: true; value: DownloadedArtifact } | { ok: false; value: FailedArtifactDownload })[] = [];

  async function one(artifact: DownloadableArtifact, index: number): Promise<void> {
    const stem = places.get(artifact.id) as string;
    try {
      signal?.throwIfAborted();
      const own = join(staging, String(artifact.id));
      await mkdir(own);
      let folder: string | undefined;
      const result = await downloadArtifactToFile(gh, {
        owner,
        repo,
        artifact_id: artifact.id,
        dir: own,
        verifyDigest,
        requireDigest,
        extractLimits,
        signal,
        onProgress: onProgress && ((progress) => onProgress({ ...progress, artifact })),
        // note: decided once the kind is known, before any byte is written: a zip gets its folder, a single file is
        // left where it is (its "extraction" is the file itself).
        extractTo: extract
          ? async (download) => {
              if (download.kind === "file") return own;
              folder = join(dir, stem);
              await checkExtractFolder?.(folder, artifact);
              return folder;
            }
          : undefined,
      });
      const path = join(dir, placeName(stem, artifact, result, shared.has(artifact.id)));
      await rename(result.path, path);
      const extracted: ExtractedArtifact | null =
        result.extracted === null ? null : { kind: result.extracted.kind, path: folder ?? path };
      outcomes[index] = {
        ok: true,
        value: { ...result, artifact, path, fileName: basename(path), extracted },
      };
    } catch (error) {
      outcomes[index] = { ok: false, value: { artifact, error } };
    }
  }

  try {
    let next = 0;
    const worker = async () => {
      while (next < artifacts.length) {
        const index = next++;
        await one(artifacts[index] as DownloadableArtifact, index);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, artifacts.length) }, worker));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const downloaded: DownloadedArtifact[] = [];
  const failed: FailedArtifactDownload[] = [];
  for (const outcome of outcomes) {
    if (outcome.ok) downloaded.push(outcome.value);
    else failed.push(outcome.value);
  }
  return { downloaded, failed };
}
