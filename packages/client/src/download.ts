import type { paths } from "@gh-artifacts/types";
import type { Client, Middleware } from "openapi-fetch";
import { kindFromBytes, kindFromHeaders, lastPathSegment, SIGNATURE_BYTES } from "./artifact-kind.js";
import { dispositionFileName } from "./content-disposition.js";
import type { ArtifactCallParams, ArtifactsClient } from "./create-client.js";
import { GitHubApiError, IncompleteDownloadError, InvalidInputError } from "./errors.js";
import { type ClientInternals, internalsOf } from "./internals.js";
import { errorFromResponse } from "./middleware/error-mapping.js";
import { isBrowser } from "./platform.js";
import { rawClient } from "./raw-client.js";
import { readErrorText } from "./read-body.js";
import { redirectTarget } from "./redirect-target.js";
import { type ArtifactKind, artifactFileName } from "./safe-file-name.js";
import { validateInteger, validateParams } from "./validate.js";

/** What the download functions read of a client: its `rawClient` and its internals. */
interface DownloadContext extends ClientInternals {
  raw: Client<paths>;
}

/** Progress of a download. */
export interface DownloadProgress {
  /** Bytes received so far. */
  loaded: number;
  /** Bytes expected, from `Content-Length` or the artifact's `size_in_bytes`; `undefined` when unknown. */
  total: number | undefined;
}

/** A download in progress: read `body` to receive the artifact's bytes (a zip archive, or a single file). */
export interface ArtifactDownload {
  /** The bytes; it errors with `IncompleteDownloadError` if the connection ends early. */
  body: ReadableStream<Uint8Array>;
  /** The expected size in bytes, when known. */
  size: number | undefined;
  /** Where the bytes come from (a signed storage URL that expires in about a minute). */
  url: URL;
  /**
   * `"zip"` for a zip archive, `"file"` for an artifact uploaded as one file (`archive: false`): a zip
   * `Content-Type` or a `.zip` URL path means a zip, otherwise the first bytes decide (`PK\x03\x04`, `PK\x05\x06`).
   */
  kind: ArtifactKind;
  /** The storage host's `Content-Type` as sent (`""` when none): the server's word, never to be rendered as is. */
  contentType: string;
  /**
   * A safe file name to save the bytes under (`artifactFileName`): from `name` if given, else the answer's
   * `Content-Disposition`, else the URL's last path segment; `.zip` is added to a zip that lacks it.
   */
  fileName: string;
}

export interface ArtifactRef {
  owner: string;
  repo: string;
  artifact_id: number;
}

const DOWNLOAD_PATH = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}";
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Per-request middleware of the download request. A 3xx is handed on without its body: openapi-fetch awaits
 * `response.text()` of every non-2xx answer, and a redirect's body (endless, or 200 MB) must not delay or bloat the
 * download. An error answer becomes its typed error from at most `ERROR_BODY_LIMIT` bytes of its body.
 */
function downloadMiddleware(ctx: DownloadContext, follow: boolean): Middleware {
  return {
    onRequest({ request }) {
      // note: the followed request reaches the storage host in browsers; a non-safelisted header there would cost a
      // CORS preflight that storage hosts refuse. `Authorization` is dropped by the browser on the cross-origin hop.
      if (follow) for (const name of ["x-github-api-version", "if-none-match"]) request.headers.delete(name);
      return request;
    },
    async onResponse({ request, response }) {
      const { status } = response;
      if (status >= 400) throw failure(ctx, response, await readErrorText(response));
      if (status < 300) return undefined;
      response.body?.cancel().catch(ignore);
      // note: the body-less copy keeps the URL that a relative Location resolves against.
      return Object.defineProperty(new Response(null, response), "url", { value: response.url || request.url });
    },
  };
}

const ignore = () => undefined;

function request(ctx: DownloadContext, ref: ArtifactRef, redirect: RequestRedirect, signal?: AbortSignal) {
  const { owner, repo, artifact_id } = ref;
  const follow = redirect === "follow";
  return ctx.raw.GET(DOWNLOAD_PATH, {
    params: { path: { owner, repo, artifact_id, archive_format: "zip" } },
    redirect,
    parseAs: "stream",
    signal,
    middleware: [downloadMiddleware(ctx, follow)],
    // note: a followed answer is the archive itself, and so is a proxy's answer in "stream" mode: the storage fetch
    // streams it instead of reading it into memory.
    fetch: ctx.storageFetch,
  });
}

/**
 * Asks GitHub where the archive is without following the 302, so the token is never sent along. Returns `"opaque"`
 * when the platform hides the redirect (a browser's `opaqueredirect`) and the caller has to follow, and the answer
 * itself when it is the archive: a proxy in front of GitHub (`createArtifactsProxy` with `download: "stream"`)
 * serves the bytes at the download path instead of redirecting.
 */
async function locate(
  ctx: DownloadContext,
  ref: ArtifactRef,
  signal?: AbortSignal,
): Promise<URL | "opaque" | Response> {
  if (isBrowser()) return "opaque";
  const { response } = await request(ctx, ref, "manual", signal);
  if (response.type === "opaqueredirect" || response.status === 0) return "opaque";
  if (response.status === 200) return response;
  const location = response.headers.get("location");
  if (REDIRECTS.has(response.status) && location) {
    return redirectTarget(response.status, location, response.url || `${ctx.baseUrl}/`, ctx.baseUrl);
  }
  await response.body?.cancel();
  throw new GitHubApiError({
    status: response.status,
    message: `Expected a redirect to the archive with a Location, got HTTP ${response.status}`,
    requestId: response.headers.get("x-github-request-id") ?? undefined,
  });
}

/** The URL an answer came from (a relative baseUrl's answers in browsers always know theirs). */
const urlOf = (ctx: DownloadContext, response: Response) =>
  new URL(response.url || `${ctx.baseUrl}/`, `${ctx.baseUrl}/`);

/**
 * The signed URL of the archive (or, behind a proxy that streams archives, the proxy's own download URL).
 * note: in browsers a manual redirect is opaque, so the redirect is followed (the browser drops `Authorization`
 * on the cross-origin hop, per the Fetch standard) and the transfer is cancelled as soon as the headers arrive.
 */
async function locateArchive(ctx: DownloadContext, ref: ArtifactRef, signal?: AbortSignal) {
  const located = await locate(ctx, ref, signal);
  if (located instanceof URL) return located;
  const response = located === "opaque" ? (await request(ctx, ref, "follow", signal)).response : located;
  await response.body?.cancel();
  return urlOf(ctx, response);
}

/**
 * The typed error for an error answer (from GitHub or storage), `body` as read by `readErrorText`.
 * note: the URL's query is a storage signature; it stays out of errors and logs.
 */
function failure(ctx: DownloadContext, response: Response, body: unknown) {
  return errorFromResponse(response, body, ctx.redact, { method: "GET", url: response.url });
}

function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get("content-encoding");
  // note: with a content-coding, Content-Length counts compressed bytes, which fetch never shows us.
  if (encoding && encoding !== "identity") return undefined;
  const raw = response.headers.get("content-length");
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/**
 * The archive's bytes as they arrive, with progress, the length check, an idle timeout and typed errors: a
 * connection that drops (undici's `TypeError: terminated`) is an `IncompleteDownloadError`.
 * note: the idle timer is one timer per stream, not per chunk: each chunk only notes the time. It runs while a read
 * is pending; a slow consumer is not the server's fault.
 */
function track(
  body: ReadableStream<Uint8Array> | null,
  length: number | undefined,
  total: number | undefined,
  idleMs: number,
  onProgress?: (progress: DownloadProgress) => void,
): ReadableStream<Uint8Array> {
  let loaded = 0;
  let waiting = false;
  let since = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stream: ReadableStreamDefaultController<Uint8Array>;
  onProgress?.({ loaded, total });
  const reader = (body ?? (new Response("").body as ReadableStream<Uint8Array>)).getReader();
  const check = () => {
    const left = since + idleMs - Date.now();
    timer = waiting && left > 0 ? setTimeout(check, left) : undefined;
    if (waiting && left <= 0) {
      const error = new DOMException(`No data for ${idleMs} ms`, "TimeoutError");
      stream.error(error);
      reader.cancel(error).catch(ignore);
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        stream = controller;
      },
      async pull(controller) {
        if (idleMs) {
          since = Date.now();
          waiting = true;
          timer ??= setTimeout(check, idleMs);
        }
        // note: once the timer errored the stream, whatever this pull does is ignored.
        const { done, value } = await reader
          .read()
          .catch((error) => {
            clearTimeout(timer);
            // note: undici ends a dropped connection with `TypeError: terminated`.
            throw error instanceof TypeError
              ? Object.assign(new IncompleteDownloadError(length, loaded), { cause: error })
              : error;
          })
          .finally(() => {
            waiting = false;
          });
        if (done) {
          clearTimeout(timer);
          if (length !== undefined && loaded !== length) throw new IncompleteDownloadError(length, loaded);
          controller.close();
          return;
        }
        loaded += value.byteLength;
        controller.enqueue(value);
        onProgress?.({ loaded, total });
      },
      cancel(reason) {
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

export interface DownloadOptions {
  /** Called with `{ loaded, total }` as bytes arrive (and once with `loaded: 0` before the first). */
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** Cancels the request and errors `body`. */
  signal?: AbortSignal | undefined;
  /** The size to report as `total` when the server sends no `Content-Length` (e.g. the artifact's `size_in_bytes`). */
  expectedSize?: number | undefined;
  /** The artifact's `name` (from a listing), for `fileName`. Default: the answer's file name, else the URL's. */
  name?: string | undefined;
}

/**
 * The first `SIGNATURE_BYTES` of `body` (fewer if it is shorter) and a stream of every byte, those included: the
 * kind of an artifact whose headers do not tell is read from its first bytes.
 */
async function peek(body: ReadableStream<Uint8Array>): Promise<{ head: Uint8Array; body: ReadableStream<Uint8Array> }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < SIGNATURE_BYTES) {
    const read = await reader.read();
    if (read.done) {
      done = true;
      break;
    }
    chunks.push(read.value);
    length += read.value.byteLength;
  }
  const head = new Uint8Array(Math.min(length, SIGNATURE_BYTES));
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= head.length) break;
    head.set(chunk.subarray(0, head.length - offset), offset);
    offset += Math.min(chunk.byteLength, head.length - offset);
  }
  const rest = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        if (done) controller.close();
      },
      async pull(controller) {
        const read = await reader.read();
        if (read.done) controller.close();
        else controller.enqueue(read.value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return { head, body: rest };
}

async function startDownload(
  ctx: DownloadContext,
  ref: ArtifactRef,
  options: DownloadOptions,
): Promise<ArtifactDownload> {
  const { signal, onProgress, expectedSize, name } = options;
  const located = await locate(ctx, ref, signal);
  let response: Response;
  let url: URL;
  if (located instanceof URL) {
    url = located;
    response = await ctx.storageFetch(new Request(url, { signal: signal ?? null, redirect: "follow" }));
    if (!response.ok) throw failure(ctx, response, await readErrorText(response));
  } else {
    response = located === "opaque" ? (await request(ctx, ref, "follow", signal)).response : located;
    url = urlOf(ctx, response);
  }
  const length = declaredLength(response);
  const total = length ?? expectedSize;
  const contentType = response.headers.get("content-type") ?? "";
  const proposed = name ?? dispositionFileName(response.headers.get("content-disposition")) ?? lastPathSegment(url);
  let body = track(response.body, length, total, ctx.idleTimeoutMs, onProgress);
  let kind = kindFromHeaders(contentType, url);
  if (kind === undefined) {
    const peeked = await peek(body);
    body = peeked.body;
    kind = kindFromBytes(peeked.head, proposed);
  }
  const fileName = artifactFileName({ id: ref.artifact_id, name: proposed }, kind, contentType);
  return { body, size: total, url, kind, contentType, fileName };
}

/** The client's layers for a download, after the parameters passed the spec's checks. */
function contextOf(client: ArtifactsClient, params: ArtifactCallParams): DownloadContext {
  const internals = internalsOf(client);
  validateParams("actions/download-artifact", { ...params, archive_format: "zip" });
  return { ...internals, raw: rawClient(client) };
}

/**
 * The signed URL of an artifact's zip archive; it expires about a minute after it is issued. Behind a proxy that
 * streams archives (`createArtifactsProxy` with `download: "stream"`), the proxy's own download URL.
 */
export async function getArtifactDownloadUrl(client: ArtifactsClient, params: ArtifactCallParams): Promise<URL> {
  return locateArchive(contextOf(client, params), params, params.signal);
}

/**
 * Starts downloading an artifact (a zip archive, or a single file: see `kind`) with `client`; the token is never sent
 * to the storage host. Resolves once the headers (and, when they do not tell the kind, the first bytes) arrived.
 * An imported function rather than a method, so that a bundle which never downloads does not ship this code.
 */
export async function downloadArtifact(
  client: ArtifactsClient,
  params: ArtifactRef & DownloadOptions,
): Promise<ArtifactDownload> {
  const ctx = contextOf(client, params);
  if (params.expectedSize !== undefined) {
    validateInteger("expectedSize", params.expectedSize, 0, Number.MAX_SAFE_INTEGER);
  }
  if (params.name !== undefined && typeof params.name !== "string") {
    throw new InvalidInputError("name", "must be a string (the artifact's name)");
  }
  return startDownload(ctx, params, params);
}
