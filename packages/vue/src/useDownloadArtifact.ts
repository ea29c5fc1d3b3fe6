import type { DownloadProgress } from "@gh-artifacts/client";
import {
  type ArtifactsError,
  createDownloadController,
  type DownloadArtifactRequest,
  type DownloadedArtifact,
  type DownloadStatus,
  type NavigateArtifactRequest,
} from "@gh-artifacts/query";
import { computed, getCurrentScope, onScopeDispose, type Ref, shallowRef } from "vue";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** Options of `useDownloadArtifact`. */
export interface UseDownloadArtifactOptions {
  /**
   * Offer the finished download to the user as a file (object URL and `<a download>`); read once, when the component
   * sets up. Default: `true` where `document` exists.
   */
  save?: boolean | undefined;
}

/** What `useDownloadArtifact` returns: the state as readonly refs, and what to do. */
export interface UseDownloadArtifactResult {
  /** `"idle"` until the first `download()`; a `cancel()` ends in `"cancelled"`, never in `"error"`. */
  status: Readonly<Ref<DownloadStatus>>;
  /** Bytes received and expected (`total` is `undefined` when unknown), updated at most every 100 ms. */
  progress: Readonly<Ref<DownloadProgress>>;
  /** The client's typed error when `status` is `"error"`, else `null`. */
  error: Readonly<Ref<ArtifactsError | null>>;
  /**
   * What the latest `download()` turned out to be (kind, content type, safe file name) once known; `null` until
   * then.
   */
  downloaded: Readonly<Ref<DownloadedArtifact | null>>;
  /**
   * Starts a download (cancelling one in progress) and resolves to its bytes as a Blob (`application/zip` or
   * `application/octet-stream`), or `undefined` when they were streamed `to` a sink, or it was cancelled or failed
   * (see `error`); it never rejects.
   */
  download: (request: DownloadArtifactRequest) => Promise<Blob | undefined>;
  /**
   * Saves an artifact through the browser's own download (an `<a download>` click on the client's download URL, which
   * has no token: the client's `baseUrl` must be a proxy that holds one). Throws `InvalidInputError` for bad input.
   */
  navigate: (request: NavigateArtifactRequest) => void;
  /** Aborts the download in progress, if any; the end of the component (its effect scope) does the same. */
  cancel: () => void;
  /** Back to `"idle"`, forgetting the last download's state (a download in progress is cancelled). */
  reset: () => void;
}

/**
 * Downloads an artifact (a zip archive, or a single file uploaded as it is) with progress and cancellation, through
 * the client's streaming download (the token never reaches the storage host), or saves it by navigation (`navigate`).
 */
export function useDownloadArtifact(options: UseDownloadArtifactOptions = {}): UseDownloadArtifactResult {
  const controller = createDownloadController(useArtifactsClient(), options);
  // note: the controller hands out a new state object on each change, so a shallow ref is enough.
  const state = shallowRef(controller.getState());
  const unsubscribe = controller.subscribe(() => {
    state.value = controller.getState();
  });
  if (getCurrentScope()) {
    // note: cancelled before unsubscribing, so refs still held elsewhere end on "cancelled", not "downloading".
    onScopeDispose(() => {
      controller.cancel();
      unsubscribe();
    });
  }
  return {
    status: computed(() => state.value.status),
    progress: computed(() => state.value.progress),
    error: computed(() => state.value.error),
    downloaded: computed(() => state.value.downloaded),
    download: (request) => controller.download(request),
    navigate: (request) => controller.navigate(request),
    cancel: () => controller.cancel(),
    reset: () => controller.reset(),
  };
}
