import { InvalidInputError, NotFoundError } from "@gh-artifacts/client";
import { describe, expect, it, vi } from "vitest";
import { h } from "vue";
import { useDownloadArtifact } from "../src/index.js";
import { mountComposable, owner, REPO, repo, setup } from "./helpers.js";

describe("useDownloadArtifact", () => {
  it("renders the state refs as the download moves from idle to success", async () => {
    const ctx = setup();
    const artifact = ctx.world.addArtifact({ repo: REPO, name: "report.html", kind: "file", bytes: new Uint8Array(9) });
    const { result, wrapper } = mountComposable(
      ctx,
      () => useDownloadArtifact({ save: false }),
      (file) => h("p", `${file.status.value} ${file.progress.value.loaded} ${file.downloaded.value?.fileName ?? "-"}`),
    );
    expect(wrapper.text()).toBe("idle 0 -");
    const blob = await result.download({ owner, repo, artifact_id: artifact.id, name: artifact.name });
    expect(blob?.size).toBe(9);
    expect(blob?.type).toBe("application/octet-stream");
    await vi.waitFor(() => expect(wrapper.text()).toBe("success 9 report.html"));
  });

  it("reports a failed download in `error` with the client's typed error, and reset() forgets it", async () => {
    const ctx = setup();
    const { result } = mountComposable(ctx, () => useDownloadArtifact({ save: false }));
    expect(await result.download({ owner, repo, artifact_id: 999 })).toBeUndefined();
    expect(result.status.value).toBe("error");
    expect(result.error.value).toBeInstanceOf(NotFoundError);
    result.reset();
    expect(result.status.value).toBe("idle");
    expect(result.error.value).toBeNull();
  });

  it("unmounting the component cancels the download in progress", async () => {
    const ctx = setup();
    const artifact = ctx.world.addArtifact({ repo: REPO, name: "big", bytes: new Uint8Array(4096) });
    ctx.world.behave({ storage: { stallAfterBytes: 1024 } });
    const { result, wrapper } = mountComposable(ctx, () => useDownloadArtifact({ save: false }));
    const pending = result.download({ owner, repo, artifact_id: artifact.id });
    await vi.waitFor(() => expect(ctx.world.requests.some((r) => r.host === "storage")).toBe(true));
    wrapper.unmount();
    // note: without the cancel the stalled body would never end and this would time out.
    expect(await pending).toBeUndefined();
    expect(result.status.value).toBe("cancelled");
    expect(result.error.value).toBeNull();
  });

  it("offers a finished download as a file by default in a browser", async () => {
    const ctx = setup();
    const artifact = ctx.world.addArtifact({ repo: REPO, name: "build" });
    const createObjectURL = vi.spyOn(URL, "createObjectURL").mockImplementation(() => "blob:test");
    vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
    const clicks: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this.download);
    });
    const { result } = mountComposable(ctx, () => useDownloadArtifact());
    await result.download({ owner, repo, artifact_id: artifact.id, name: artifact.name });
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    expect(clicks).toEqual(["build.zip"]);
  });

  it("navigate() refuses a bad artifact id before any request", () => {
    const ctx = setup();
    const { result } = mountComposable(ctx, () => useDownloadArtifact({ save: false }));
    expect(() => result.navigate({ owner, repo, artifact_id: -1 })).toThrow(InvalidInputError);
    expect(ctx.world.requests).toHaveLength(0);
  });
});
