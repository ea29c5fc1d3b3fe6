"use client";
import type { DownloadProgress } from "@gh-artifacts/client";
import {
  createDownloadController,
  type DownloadArtifactRequest,
  type DownloadedArtifact,
  type DownloadStatus,
  type NavigateArtifactRequest,
} from "@gh-artifacts/query";
import { useEffect, useMemo, useSyncExternalStore } from "react";
import type { ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

export type {
  DownloadArtifactRequest,
  DownloadedArtifact,
  DownloadStatus,
  NavigateArtifactRequest,
} from "@gh-artifacts/query";

/** Options of `useDownloadArtifact`. */
export interface UseDownloadArtifactOptions {
  /** Offer the finished download to the user as a file (object URL and `<a download>`). Default: `true` where `document` exists. */
  save?: boolean | undefined;
}

/** What `useDownloadArtifact` returns. */
export interface UseDownloadArtifactResult {
  /**
   * Starts a download (cancelling one in progress) and resolves to its bytes as a Blob (`application/zip` or
   * `application/octet-stream`), or `undefined` when they were streamed `to` a sink, or it was cancelled or failed
   * (see `error`); it never rejects.
   */
  download: (request: DownloadArtifactRequest) => Promise<Blob | undefined>;
  /** Bytes received and expected (`total` is `undefined` when unknown). */
  progress: DownloadProgress;
  /** `"idle"` until the first `download()`. */
  status: DownloadStatus;
  /** The client's typed error when `status` is `"error"`, else `null`. */
  error: ArtifactsError | null;
  /** What the latest `download()` turned out to be, as soon as that is known (before its end); `null` until then. */
  downloaded: DownloadedArtifact | null;
  /** Aborts the download in progress, if any; unmounting does the same. */
  cancel: () => void;
  /**
   * Saves an artifact through the browser's own download (an `<a download>` click on the client's download URL): no
   * fetch, so no CORS rule, no progress, no Blob in memory; `status` and `progress` are left alone. The URL has no
   * token, so it needs the client's `baseUrl` to be a proxy that holds one (`createArtifactsProxy`, either `download`
   * mode). Throws `InvalidInputError` for a bad `owner`, `repo` or `artifact_id`.
   */
  navigate: (request: NavigateArtifactRequest) => void;
}

/**
 * Downloads an artifact (a zip archive, or a single file uploaded as it is) with progress and cancellation, through
 * the client's streaming download (the token never reaches the storage host), or saves it by navigation
 * (`navigate`). The bytes are held once, in the Blob handed back or saved, whose type is `application/zip` or
 * `application/octet-stream`: never the server's own (a `text/html` Blob URL would render).
 */
export function useDownloadArtifact(options: UseDownloadArtifactOptions = {}): UseDownloadArtifactResult {
  const client = useArtifactsClient();
  const { save } = options;
  // note: `@gh-artifacts/query`'s controller does the work; the hook is a subscription to it.
  const controller = useMemo(() => createDownloadController(client, { save }), [client, save]);
  const state = useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
  useEffect(() => controller.cancel, [controller]);
  const { download, navigate, cancel } = controller;
  return { download, navigate, cancel, ...state };
}
