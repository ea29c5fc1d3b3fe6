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
