"use client";
import { type ArtifactRef, type DownloadProgress, downloadArtifact } from "@gh-artifacts/client";
import { useCallback, useEffect, useRef, useState } from "react";
import { saveBlob } from "./saveBlob.js";
import { throttle } from "./throttle.js";
import type { ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** Where a download stands; a user's `cancel()` ends in `"cancelled"`, never in `"error"`. */
export type DownloadStatus = "idle" | "downloading" | "success" | "error" | "cancelled";

/** Options of `useDownloadArtifact`. */
export interface UseDownloadArtifactOptions {
  /** Offer the finished archive to the user as a file (object URL and `<a download>`). Default: `true` where `document` exists. */
  save?: boolean | undefined;
}

/** What to download, with the client's parameter names. */
export interface DownloadArtifactRequest extends ArtifactRef {
  /** The file name offered when saving. Default: `artifact-<artifact_id>.zip`. */
  filename?: string | undefined;
  /** Reported as `progress.total` when the server sends no `Content-Length` (e.g. `size_in_bytes`). Default: none. */
  expectedSize?: number | undefined;
  /**
   * Stream the archive into this sink (e.g. from `showSaveFilePicker()`) instead of collecting a Blob; it is closed
   * on success and aborted on any failure or cancel. Default: none.
   */
  to?: WritableStream<Uint8Array> | undefined;
}

/** What `useDownloadArtifact` returns. */
export interface UseDownloadArtifactResult {
  /**
   * Starts a download (cancelling one in progress) and resolves to the archive as a Blob, or `undefined` when it
   * was streamed `to` a sink, cancelled or failed (see `error`); it never rejects.
   */
  download: (request: DownloadArtifactRequest) => Promise<Blob | undefined>;
  /** Bytes received and expected (`total` is `undefined` when unknown). */
  progress: DownloadProgress;
  /** `"idle"` until the first `download()`. */
  status: DownloadStatus;
  /** The client's typed error when `status` is `"error"`, else `null`. */
  error: ArtifactsError | null;
  /** Aborts the download in progress, if any; unmounting does the same. */
  cancel: () => void;
}

interface State {
  status: DownloadStatus;
  progress: DownloadProgress;
  error: ArtifactsError | null;
}

const IDLE: State = { status: "idle", progress: { loaded: 0, total: undefined }, error: null };

/** At most this often (ms) does progress re-render the component while bytes arrive. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Downloads an artifact's zip archive with progress and cancellation, through the client's streaming download
 * (the token never reaches the storage host). The bytes are held once, in the Blob handed back or saved.
 */
export function useDownloadArtifact(options: UseDownloadArtifactOptions = {}): UseDownloadArtifactResult {
  const client = useArtifactsClient();
  const save = options.save ?? typeof document !== "undefined";
  const [state, setState] = useState<State>(IDLE);
  const current = useRef<AbortController | null>(null);

  useEffect(() => () => current.current?.abort(), []);

  const cancel = useCallback(() => {
    const controller = current.current;
    if (!controller) return;
    current.current = null;
    controller.abort();
    setState((previous) => ({ ...previous, status: "cancelled", error: null }));
  }, []);

  const download = useCallback(
    async ({ filename, expectedSize, to, ...ref }: DownloadArtifactRequest) => {
      current.current?.abort();
      const controller = new AbortController();
      const { signal } = controller;
      current.current = controller;
      const live = () => current.current === controller;
      setState({ status: "downloading", progress: { loaded: 0, total: expectedSize }, error: null });
      let latest: DownloadProgress = { loaded: 0, total: expectedSize };
      const show = throttle((progress: DownloadProgress) => {
        if (live()) setState((previous) => ({ ...previous, progress }));
      }, PROGRESS_INTERVAL_MS);
      try {
        const { body } = await downloadArtifact(client, {
          ...ref,
          expectedSize,
          signal,
          onProgress: (progress) => {
            latest = { ...progress };
            show(latest);
          },
        });
        let blob: Blob | undefined;
        if (to) await body.pipeTo(to, { signal });
        // note: the identity pipe carries the abort to the stream `Response` reads, which takes no signal itself.
        else blob = await new Response(body.pipeThrough(new TransformStream(), { signal })).blob();
        if (!live()) return undefined;
        current.current = null;
        if (blob && save) saveBlob(blob, filename ?? `artifact-${ref.artifact_id}.zip`);
        // note: the last chunk's progress may still wait in the throttle; success always shows the final count.
        setState((previous) => ({ ...previous, status: "success", progress: latest }));
        return blob;
      } catch (error) {
        // note: `pipeTo` aborts the sink itself once it runs; before that (no archive, cancelled early) the sink
        // is ours to end, or a file from `showSaveFilePicker()` stays open. An ended or errored sink ignores it.
        if (to && !to.locked) to.abort(error).catch(() => undefined);
        // note: a user's cancel (or a newer download) is not a failure; `cancel` already set the state.
        if (signal.aborted || !live()) return undefined;
        current.current = null;
        setState((previous) => ({ ...previous, status: "error", error: error as ArtifactsError }));
        return undefined;
      } finally {
        show.cancel();
      }
    },
    [client, save],
  );

  return { download, progress: state.progress, status: state.status, error: state.error, cancel };
}
