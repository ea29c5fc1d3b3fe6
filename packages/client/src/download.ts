import type { paths } from "@gh-artifacts/types";
import type { Client } from "openapi-fetch";
import { GitHubApiError, IncompleteDownloadError } from "./errors.js";
import { errorFromResponse } from "./middleware/error-mapping.js";
import type { RetryingFetch } from "./middleware/retry.js";
import { isBrowser } from "./platform.js";
import { readErrorText } from "./read-body.js";
import type { Redact } from "./redact.js";

/** Progress of a download. */
export interface DownloadProgress {
  /** Bytes received so far. */
  loaded: number;
  /** Bytes expected, from `Content-Length` or the artifact's `size_in_bytes`; `undefined` when unknown. */
  total: number | undefined;
}

/** A download in progress: read `body` to receive the zip archive. */
export interface ArtifactDownload {
  /** The archive's bytes; it errors with `IncompleteDownloadError` if the connection ends early. */
  body: ReadableStream<Uint8Array>;
  /** The expected size in bytes, when known. */
  size: number | undefined;
  /** Where the bytes come from (a signed storage URL that expires in about a minute). */
  url: URL;
}

export interface DownloadContext {
  raw: Client<paths>;
  /**
   * Fetch with retries and timeouts but without GitHub's headers (storage URLs never see the token), and which
   * leaves the body unread: archives are streamed, never buffered.
   */
  storageFetch: RetryingFetch;
  redact: Redact;
  /** Resolves a relative `Location` when the response does not know its own URL. */
  baseUrl: string;
}

export interface ArtifactRef {
  owner: string;
  repo: string;
  artifact_id: number;
}

const DOWNLOAD_PATH = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}";
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function request(ctx: DownloadContext, ref: ArtifactRef, redirect: RequestRedirect, signal?: AbortSignal) {
  const { owner, repo, artifact_id } = ref;
  return ctx.raw.GET(DOWNLOAD_PATH, {
    params: { path: { owner, repo, artifact_id, archive_format: "zip" } },
    redirect,
    parseAs: "stream",
    signal,
  });
}

/**
 * Asks GitHub where the archive is without following the 302, so the token is never sent along. Returns the
 * response itself when the platform hides the redirect (a browser's `opaqueredirect`) and the caller has to follow.
 */
async function locate(ctx: DownloadContext, ref: ArtifactRef, signal?: AbortSignal): Promise<URL | "opaque"> {
  if (isBrowser()) return "opaque";
  const { response, error } = await request(ctx, ref, "manual", signal);
  if (response.type === "opaqueredirect" || response.status === 0) return "opaque";
  if (response.status >= 400) throw failure(ctx, response, error);
  const location = response.headers.get("location");
  if (REDIRECTS.has(response.status) && location) return new URL(location, response.url || `${ctx.baseUrl}/`);
  await response.body?.cancel();
  throw new GitHubApiError({
    status: response.status,
    message: `Expected a redirect to the archive, got HTTP ${response.status}`,
    requestId: response.headers.get("x-github-request-id") ?? undefined,
  });
}

/**
 * The signed URL of the archive.
 * note: in browsers a manual redirect is opaque, so the redirect is followed (the browser drops `Authorization`
 * on the cross-origin hop, per the Fetch standard) and the transfer is cancelled as soon as the headers arrive.
 */
export async function getArtifactDownloadUrl(ctx: DownloadContext, ref: ArtifactRef, signal?: AbortSignal) {
  const located = await locate(ctx, ref, signal);
  if (located !== "opaque") return located;
  const { response, error } = await request(ctx, ref, "follow", signal);
  if (response.status >= 400) throw failure(ctx, response, error);
  await response.body?.cancel();
  return new URL(response.url);
}

/**
 * The typed error for an error answer (from GitHub or storage), `body` as read by openapi-fetch or `readErrorText`.
 * note: the URL's query is a storage signature; it stays out of errors and logs.
 */
function failure(ctx: DownloadContext, response: Response, body: unknown) {
  const url = response.url ? new URL(response.url) : undefined;
  return errorFromResponse(response, body, ctx.redact, { method: "GET", url: url ? url.origin + url.pathname : "" });
}

function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get("content-encoding");
  // note: with a content-coding, Content-Length counts compressed bytes, which fetch never shows us.
  if (encoding && encoding !== "identity") return undefined;
  const raw = response.headers.get("content-length");
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

function track(
  body: ReadableStream<Uint8Array> | null,
  length: number | undefined,
  total: number | undefined,
  onProgress?: (progress: DownloadProgress) => void,
): ReadableStream<Uint8Array> {
  let loaded = 0;
  onProgress?.({ loaded, total });
  const source = body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        controller.enqueue(chunk);
        onProgress?.({ loaded, total });
      },
      flush() {
        if (length !== undefined && loaded !== length) throw new IncompleteDownloadError(length, loaded);
      },
    }),
  );
}

export interface DownloadOptions {
  /** Called with `{ loaded, total }` as bytes arrive (and once with `loaded: 0` before the first). */
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** Cancels the request and errors `body`. */
  signal?: AbortSignal | undefined;
  /** The size to report as `total` when the server sends no `Content-Length` (e.g. the artifact's `size_in_bytes`). */
  expectedSize?: number | undefined;
}

export async function downloadArtifact(
  ctx: DownloadContext,
  ref: ArtifactRef,
  options: DownloadOptions,
): Promise<ArtifactDownload> {
  const { signal, onProgress, expectedSize } = options;
  const located = await locate(ctx, ref, signal);
  let response: Response;
  let url: URL;
  if (located === "opaque") {
    const result = await request(ctx, ref, "follow", signal);
    response = result.response;
    if (response.status >= 400) throw failure(ctx, response, result.error);
    url = new URL(response.url);
  } else {
    url = located;
    response = await ctx.storageFetch(new Request(url, { signal: signal ?? null, redirect: "follow" }));
    if (!response.ok) throw failure(ctx, response, await readErrorText(response));
  }
  const length = declaredLength(response);
  const total = length ?? expectedSize;
  return { body: track(response.body, length, total, onProgress), size: total, url };
}
