import { NotFoundError } from "@gh-artifacts/client";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { type UseDownloadArtifactOptions, useDownloadArtifact } from "../src/index.js";
import { Providers, repoRef, setup } from "./helpers/render.js";

function renderDownload(options: UseDownloadArtifactOptions = { save: false }) {
  const ctx = setup({ count: 2 });
  const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
  return { ...ctx, ...renderHook(() => useDownloadArtifact(options), { wrapper }) };
}

describe("useDownloadArtifact", () => {
  it("should report progress as bytes arrive and resolve to the archive", async () => {
    const { github, result } = renderDownload();
    const archive = github.archive(1, 10);
    let done: Promise<Blob | undefined> | undefined;
    act(() => {
      done = result.current.download({ ...repoRef, artifact_id: 1 });
    });
    expect(result.current.status).toBe("downloading");
    await waitFor(() => expect(result.current.progress).toEqual({ loaded: 0, total: 10 }));
    act(() => archive.push(4));
    await waitFor(() => expect(result.current.progress).toEqual({ loaded: 4, total: 10 }));
    act(() => {
      archive.push(6);
      archive.close();
    });
    const blob = await act(() => done);
    expect(blob?.size).toBe(10);
    expect(result.current.status).toBe("success");
    expect(result.current.progress).toEqual({ loaded: 10, total: 10 });
    expect(result.current.error).toBeNull();
  });

  it("should cancel: the stream is aborted, the status is cancelled and there is no error", async () => {
    const { github, result } = renderDownload();
    const archive = github.archive(1, 100);
    let done: Promise<Blob | undefined> | undefined;
    act(() => {
      done = result.current.download({ ...repoRef, artifact_id: 1 });
    });
    act(() => archive.push(10));
    await waitFor(() => expect(result.current.progress.loaded).toBe(10));
    act(() => result.current.cancel());
    expect(await act(() => done)).toBeUndefined();
    expect(result.current.status).toBe("cancelled");
    expect(result.current.error).toBeNull();
    await waitFor(() => expect(archive.cancelled).toBe(true));
  });

  it("should abort a download in progress on unmount", async () => {
    const { github, result, unmount } = renderDownload();
    const archive = github.archive(2);
    act(() => void result.current.download({ ...repoRef, artifact_id: 2 }));
    act(() => archive.push(1));
    await waitFor(() => expect(result.current.progress.loaded).toBe(1));
    unmount();
    await waitFor(() => expect(archive.cancelled).toBe(true));
  });

  it("should surface the client's typed error", async () => {
    const { result } = renderDownload();
    await act(() => result.current.download({ ...repoRef, artifact_id: 42 }));
    expect(result.current.status).toBe("error");
    expect(result.current.error).toBeInstanceOf(NotFoundError);
  });

  it("should hand the user a file through an object URL, then revoke it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const createObjectURL = vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:artifact");
    const revokeObjectURL = vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe("logs.zip");
      expect(this.href).toBe("blob:artifact");
    });
    const { github, result } = renderDownload({});
    const archive = github.archive(1, 3);
    archive.push(3);
    archive.close();
    const blob = await act(() => result.current.download({ ...repoRef, artifact_id: 1, filename: "logs.zip" }));
    expect(createObjectURL).toHaveBeenCalledWith(blob);
    expect(click).toHaveBeenCalledOnce();
    vi.runAllTimers();
    expect(revokeObjectURL).toHaveBeenCalledWith("blob:artifact");
    vi.useRealTimers();
  });
});

/** A sink like the one `showSaveFilePicker()` gives: it records what happened to it. */
function createSink() {
  const sink = { written: 0, closed: false, aborted: undefined as unknown, ended: false };
  let ended!: () => void;
  const end = new Promise<void>((resolve) => (ended = resolve));
  const stream = new WritableStream<Uint8Array>({
    write: (chunk) => {
      sink.written += chunk.byteLength;
    },
    close: () => {
      sink.closed = true;
      ended();
    },
    abort: (reason) => {
      sink.aborted = reason ?? "aborted";
      ended();
    },
  });
  return { sink, stream, end };
}

describe("useDownloadArtifact with a `to` sink", () => {
  it("item 21: a download that fails before any byte (404) aborts the sink with the typed error", async () => {
    const { result } = renderDownload();
    const { sink, stream, end } = createSink();
    await act(() => result.current.download({ ...repoRef, artifact_id: 42, to: stream }));
    await end;
    expect(result.current.status).toBe("error");
    expect(sink.aborted).toBeInstanceOf(NotFoundError);
    expect(sink.closed).toBe(false);
  });

  it("item 21: a cancel before the archive answers aborts the sink", async () => {
    const { github, result } = renderDownload();
    github.archive(1, 10);
    const { sink, stream, end } = createSink();
    const release = github.hold("GET");
    let done: Promise<Blob | undefined> | undefined;
    act(() => {
      done = result.current.download({ ...repoRef, artifact_id: 1, to: stream });
    });
    await waitFor(() => expect(github.requests).toHaveLength(1));
    act(() => result.current.cancel());
    release();
    expect(await act(() => done)).toBeUndefined();
    await end;
    expect(result.current.status).toBe("cancelled");
    expect(sink.aborted).toBeDefined();
    expect(sink.closed).toBe(false);
  });

  it("item 21: unmounting before the archive answers aborts the sink", async () => {
    const { github, result, unmount } = renderDownload();
    github.archive(1, 10);
    const { sink, stream, end } = createSink();
    const release = github.hold("GET");
    act(() => void result.current.download({ ...repoRef, artifact_id: 1, to: stream }));
    await waitFor(() => expect(github.requests).toHaveLength(1));
    unmount();
    release();
    await end;
    expect(sink.aborted).toBeDefined();
    expect(sink.closed).toBe(false);
  });

  it("item 21: a newer download aborts the sink of the one it replaces", async () => {
    const { github, result } = renderDownload();
    github.archive(1, 10);
    const first = createSink();
    const release = github.hold("GET");
    act(() => void result.current.download({ ...repoRef, artifact_id: 1, to: first.stream }));
    await waitFor(() => expect(github.requests).toHaveLength(1));
    const second = createSink();
    const archive = github.archive(2, 2);
    archive.push(2);
    archive.close();
    await act(() => result.current.download({ ...repoRef, artifact_id: 2, to: second.stream }));
    release();
    await first.end;
    expect(first.sink.aborted).toBeDefined();
    expect(second.sink).toMatchObject({ written: 2, closed: true, aborted: undefined });
  });

  it("should abort the sink when the transfer ends early, and close it when the archive is complete", async () => {
    const { github, result } = renderDownload();
    const short = github.archive(1, 10);
    short.push(4);
    short.close();
    const broken = createSink();
    await act(() => result.current.download({ ...repoRef, artifact_id: 1, to: broken.stream }));
    await broken.end;
    expect(result.current.status).toBe("error");
    expect(result.current.error?.name).toBe("IncompleteDownloadError");
    expect(broken.sink).toMatchObject({ written: 4, closed: false });
    expect(broken.sink.aborted).toBe(result.current.error);

    const whole = github.archive(2, 3);
    whole.push(3);
    whole.close();
    const good = createSink();
    expect(await act(() => result.current.download({ ...repoRef, artifact_id: 2, to: good.stream }))).toBeUndefined();
    await good.end;
    expect(result.current.status).toBe("success");
    expect(good.sink).toMatchObject({ written: 3, closed: true, aborted: undefined });
  });
});
