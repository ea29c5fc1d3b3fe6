import {
  type ArtifactKind,
  type ArtifactRef,
  type ArtifactsClient,
  type DownloadProgress,
  downloadArtifact,
  safeFileName,
} from "@gh-artifacts/client";
import { artifactDownloadHref } from "./artifactDownloadHref.js";
import { clickDownloadLink } from "./clickDownloadLink.js";
import { saveBlob } from "./saveBlob.js";
import { throttle } from "./throttle.js";
import type { ArtifactsError } from "./types.js";

/** Where a download stands; a user's `cancel()` ends in `"cancelled"`, never in `"error"`. */
export type DownloadStatus = "idle" | "downloading" | "success" | "error" | "cancelled";

/** Options of `createDownloadController`. */
export interface DownloadControllerOptions {
  /** Offer the finished download to the user as a file (object URL and `<a download>`). Default: `true` where `document` exists. */
  save?: boolean | undefined;
}

/** What to download, with the client's parameter names. */
export interface DownloadArtifactRequest extends ArtifactRef {
  /**
   * The artifact's `name` (from a listing): the saved file is named after it by `artifactFileName` (`build` →
   * `build.zip`, `report.html` stays, `.git` → `_git.zip`). Default: the name the storage answer gives, else
   * `artifact-<artifact_id>` (`.zip` for a zip).
   */
  name?: string | undefined;
  /** A file name of your own, made safe by `safeFileName` (an unusable one falls back to the default). Default: the download's `fileName` (see `name`). */
  filename?: string | undefined;
  /** Reported as `progress.total` when the server sends no `Content-Length` (e.g. `size_in_bytes`). Default: none. */
  expectedSize?: number | undefined;
  /**
   * Stream the bytes into this sink (e.g. from `showSaveFilePicker()`) instead of collecting a Blob; it is closed
   * on success and aborted on any failure or cancel. Default: none.
   */
  to?: WritableStream<Uint8Array> | undefined;
}

/** What to save by navigation (`navigate`), with the client's parameter names. */
export interface NavigateArtifactRequest extends ArtifactRef {
  /**
   * The file name asked of the browser, made safe by `safeFileName`; a `Content-Disposition` name of the answer wins,
   * and a cross-origin answer ignores it. Default: the answer's name.
   */
  filename?: string | undefined;
}

/**
 * What a download turned out to be, known once its headers (and, when they do not tell the kind, its first bytes)
 * arrived: GitHub's listing does not say.
 */
export interface DownloadedArtifact {
  /** `"zip"` for an archive, `"file"` for one file uploaded as it is (`archive: false`). */
  kind: ArtifactKind;
  /** The `Content-Type` the bytes came with (`""` when none): the server's word, to show as text, never to render. */
  contentType: string;
  /** The safe file name it is saved under. */
  fileName: string;
}

/** Where a controller's download stands: a new object on every change, so it can be compared by identity. */
export interface DownloadState {
  /** `"idle"` until the first `download()`. */
  status: DownloadStatus;
  /** Bytes received and expected (`total` is `undefined` when unknown). */
  progress: DownloadProgress;
  /** The client's typed error when `status` is `"error"`, else `null`. */
  error: ArtifactsError | null;
  /** What the latest `download()` turned out to be, as soon as that is known (before its end); `null` until then. */
  downloaded: DownloadedArtifact | null;
}

/** What `createDownloadController` returns: a small store of one download at a time, for any framework. */
export interface DownloadController {
  /** The state now; the same object until the next change. */
  getState(): DownloadState;
  /** Calls `listener` with the new state after each change; returns the function that stops it. */
  subscribe(listener: (state: DownloadState) => void): () => void;
  /**
   * Starts a download (cancelling one in progress) and resolves to its bytes as a Blob (`application/zip` or
   * `application/octet-stream`), or `undefined` when they were streamed `to` a sink, or it was cancelled or failed
   * (see `error`); it never rejects.
   */
  download(request: DownloadArtifactRequest): Promise<Blob | undefined>;
  /**
   * Saves an artifact through the browser's own download (an `<a download>` click on the client's download URL): no
   * fetch, so no CORS rule, no progress, no Blob in memory; the state is left alone. The URL has no token, so it
   * needs the client's `baseUrl` to be a proxy that holds one (`createArtifactsProxy`, either `download` mode).
   * Throws `InvalidInputError` for a bad `owner`, `repo` or `artifact_id`.
   */
  navigate(request: NavigateArtifactRequest): void;
  /** Aborts the download in progress, if any (`status` becomes `"cancelled"`). */
  cancel(): void;
  /** Aborts the download in progress, if any, and goes back to `"idle"` with no progress, error or result. */
  reset(): void;
}

const IDLE: DownloadState = {
  status: "idle",
  progress: { loaded: 0, total: undefined },
  error: null,
  downloaded: null,
};

/** At most this often (ms) does progress change the state while bytes arrive. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Downloads an artifact (a zip archive, or a single file uploaded as it is) with progress and cancellation, through
 * the client's streaming download (the token never reaches the storage host), or saves it by navigation
 * (`navigate`). The bytes are held once, in the Blob handed back or saved, whose type is `application/zip` or
 * `application/octet-stream`: never the server's own (a `text/html` Blob URL would render). Framework adapters
 * subscribe to it (React: `useSyncExternalStore`; Vue: a `shallowRef`).
 */
export function createDownloadController(
  client: ArtifactsClient,
  options: DownloadControllerOptions = {},
): DownloadController {
  const save = options.save ?? typeof document !== "undefined";
  const listeners = new Set<(state: DownloadState) => void>();
  let state = IDLE;
  let current: AbortController | null = null;
  // note: the bytes received by the download in progress (or the last one), unthrottled: whatever ends a download
  // (success, failure, cancel) shows this count, not one the throttle has not passed on yet.
  let latest: DownloadProgress = IDLE.progress;

  const set = (next: DownloadState) => {
    state = next;
    for (const listener of listeners) listener(next);
  };
  const update = (change: Partial<DownloadState>) => set({ ...state, ...change });

  const download = async ({ filename, expectedSize, to, name, ...ref }: DownloadArtifactRequest) => {
    current?.abort();
    const controller = new AbortController();
    const { signal } = controller;
    current = controller;
    const live = () => current === controller;
    latest = { loaded: 0, total: expectedSize };
    set({ ...IDLE, status: "downloading", progress: latest });
    const show = throttle((progress: DownloadProgress) => {
      if (live()) update({ progress });
    }, PROGRESS_INTERVAL_MS);
    try {
      const {
        body,
        kind,
        contentType,
        fileName: named,
      } = await downloadArtifact(client, {
        ...ref,
        name,
        expectedSize,
        signal,
        onProgress: (progress) => {
          if (!live()) return;
          latest = { ...progress };
          show(latest);
        },
      });
      const fileName = filename === undefined ? named : safeFileName(filename, named);
      if (live()) update({ downloaded: { kind, contentType, fileName } });
      let blob: Blob | undefined;
      if (to) await body.pipeTo(to, { signal });
      // note: the identity pipe carries the abort to the stream `Response` reads, which takes no signal itself. The
      // Blob's type is ours, from the kind: the storage host's (`text/html`, …) would be rendered from a Blob URL.
      else {
        const type = kind === "zip" ? "application/zip" : "application/octet-stream";
        const piped = body.pipeThrough(new TransformStream(), { signal });
        blob = await new Response(piped, { headers: { "content-type": type } }).blob();
      }
      if (!live()) return undefined;
      // note: a save that throws (no `document` in a worker) fails this download below; it must not be left
      // "downloading", so it is still the live one until saved.
      if (blob && save) saveBlob(blob, fileName);
      current = null;
      update({ status: "success", progress: latest });
      return blob;
    } catch (error) {
      // note: `pipeTo` aborts the sink itself once it runs; before that (no archive, cancelled early) the sink
      // is ours to end, or a file from `showSaveFilePicker()` stays open. An ended or errored sink ignores it.
      if (to && !to.locked) to.abort(error).catch(() => undefined);
      // note: a user's cancel (or a newer download) is not a failure; `cancel` already set the state.
      if (signal.aborted || !live()) return undefined;
      current = null;
      update({ status: "error", error: error as ArtifactsError, progress: latest });
      return undefined;
    } finally {
      show.cancel();
    }
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    download,
    navigate({ filename, ...ref }) {
      const href = artifactDownloadHref(client, ref);
      clickDownloadLink(href, filename === undefined ? "" : safeFileName(filename, `artifact-${ref.artifact_id}`));
    },
    cancel() {
      if (!current) return;
      current.abort();
      current = null;
      update({ status: "cancelled", error: null, progress: latest });
    },
    reset() {
      current?.abort();
      current = null;
      set(IDLE);
    },
  };
}
