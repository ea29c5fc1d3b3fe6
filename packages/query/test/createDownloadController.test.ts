import { NotFoundError } from "@gh-artifacts/client";
import { afterEach, describe, expect, it } from "vitest";
import { createDownloadController, type DownloadState } from "../src/index.js";
import { REPO, repoRef, startWorld, type TestWorld } from "./helpers.js";

let fake: TestWorld | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const SIZE = 300_000;

/** A world with one artifact (id 1, `SIZE` bytes) and a controller on its client that saves nothing. */
async function setup() {
  fake = await startWorld();
  fake.world.addArtifact({ repo: REPO, id: 1, name: "build", bytes: new Uint8Array(SIZE).fill(7) });
  const controller = createDownloadController(fake.client, { save: false });
  const states: DownloadState[] = [];
  controller.subscribe((state) => states.push(state));
  /** Resolves with the first state (from now on) that `test` accepts. */
  const until = (test: (state: DownloadState) => boolean) =>
    new Promise<DownloadState>((resolve) => {
      const stop = controller.subscribe((state) => {
        if (!test(state)) return;
        stop();
        resolve(state);
      });
    });
  return { world: fake.world, controller, states, until };
}

describe("createDownloadController", () => {
  it("should start idle, then download the bytes as a zip Blob named after the artifact, ending with the full count", async () => {
    const { controller, states } = await setup();
    expect(controller.getState()).toEqual({
      status: "idle",
      progress: { loaded: 0, total: undefined },
      error: null,
      downloaded: null,
    });
    const blob = await controller.download({ ...repoRef, artifact_id: 1, name: "build" });
    expect(blob?.size).toBe(SIZE);
    expect(blob?.type).toBe("application/zip");
    const state = controller.getState();
    expect(state.status).toBe("success");
    expect(state.progress).toEqual({ loaded: SIZE, total: SIZE });
    expect(state.downloaded).toEqual({ kind: "zip", contentType: "application/zip", fileName: "build.zip" });
    expect(states[0]?.status).toBe("downloading");
    expect(states.at(-1)).toBe(state);
    // note: a new object on each change, so a framework comparing snapshots by identity sees every one.
    expect(new Set(states).size).toBe(states.length);
  });

  it("should name the file by the caller's filename, made safe", async () => {
    const { controller } = await setup();
    await controller.download({ ...repoRef, artifact_id: 1, filename: "../../etc/passwd" });
    expect(controller.getState().downloaded?.fileName).not.toContain("/");
  });

  it("should report progress while bytes arrive, and end in cancelled (not error) when the user cancels", async () => {
    const { world, controller, until } = await setup();
    // note: storage sends part of the body, then nothing until the client gives up: only cancel() ends it.
    world.behave({ storage: { stallAfterBytes: 64 * 1024 } });
    const downloading = controller.download({ ...repoRef, artifact_id: 1 });
    const partway = await until((state) => state.progress.loaded > 0);
    expect(partway.status).toBe("downloading");
    expect(partway.progress.total).toBe(SIZE);
    controller.cancel();
    expect(await downloading).toBeUndefined();
    expect(controller.getState()).toMatchObject({ status: "cancelled", error: null });
  });

  it("should end in error with the client's typed error, and abort a sink it was given", async () => {
    const { controller } = await setup();
    let aborted: unknown;
    const to = new WritableStream<Uint8Array>({
      abort(reason) {
        aborted = reason;
      },
    });
    expect(await controller.download({ ...repoRef, artifact_id: 9, to })).toBeUndefined();
    const state = controller.getState();
    expect(state.status).toBe("error");
    expect(state.error).toBeInstanceOf(NotFoundError);
    expect(aborted).toBe(state.error);
  });

  it("should let a newer download replace one in progress without calling it cancelled or failed", async () => {
    const { world, controller, until } = await setup();
    world.addArtifact({ repo: REPO, id: 2, name: "small", files: { "a.txt": "a" } });
    world.behave({ storage: { stallAfterBytes: 64 * 1024 } }, { repo: REPO });
    const first = controller.download({ ...repoRef, artifact_id: 1 });
    await until((state) => state.progress.loaded > 0);
    world.behave({ storage: {} }, { repo: REPO });
    const second = await controller.download({ ...repoRef, artifact_id: 2, name: "small" });
    expect(await first).toBeUndefined();
    expect(second?.size).toBeGreaterThan(0);
    expect(controller.getState()).toMatchObject({ status: "success", error: null });
    expect(controller.getState().downloaded?.fileName).toBe("small.zip");
  });

  it("should go back to idle on reset, aborting a download in progress", async () => {
    const { world, controller, until, states } = await setup();
    world.behave({ storage: { stallAfterBytes: 64 * 1024 } });
    const downloading = controller.download({ ...repoRef, artifact_id: 1 });
    await until((state) => state.progress.loaded > 0);
    controller.reset();
    expect(await downloading).toBeUndefined();
    expect(controller.getState()).toMatchObject({ status: "idle", downloaded: null, progress: { loaded: 0 } });
    expect(states.map((s) => s.status)).not.toContain("cancelled");
  });

  it("should stop calling a listener once it unsubscribed", async () => {
    const { controller } = await setup();
    const seen: string[] = [];
    const stop = controller.subscribe((state) => seen.push(state.status));
    stop();
    await controller.download({ ...repoRef, artifact_id: 1 });
    expect(seen).toEqual([]);
  });
});

describe("createDownloadController's final state", () => {
  it("should show every byte received when a download fails partway, not the throttled count", async () => {
    const { world, controller } = await setup();
    // note: the body ends after 200 000 of its 300 000 bytes, in several chunks within one throttle interval.
    world.behave({ storage: { cutAfterBytes: 200_000 } });
    expect(await controller.download({ ...repoRef, artifact_id: 1 })).toBeUndefined();
    expect(controller.getState().status).toBe("error");
    expect(controller.getState().progress.loaded).toBe(200_000);
  });

  it("should show every byte received when the user cancels, not the throttled count", async () => {
    const { world, controller } = await setup();
    world.behave({ storage: { stallAfterBytes: 200_000 } });
    let written = 0;
    let reached!: () => void;
    const stalled = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const to = new WritableStream<Uint8Array>({
      write(chunk) {
        written += chunk.byteLength;
        if (written >= 200_000) reached();
      },
    });
    const downloading = controller.download({ ...repoRef, artifact_id: 1, to });
    await stalled;
    controller.cancel();
    expect(await downloading).toBeUndefined();
    expect(controller.getState()).toMatchObject({ status: "cancelled", progress: { loaded: 200_000 } });
  });

  it("should end in error, not stay downloading, when saving the finished download throws", async () => {
    fake = await startWorld();
    fake.world.addArtifact({ repo: REPO, id: 1, name: "build", bytes: new Uint8Array(10) });
    // note: asked to save where there is no `document` (a worker, a server): the `<a download>` click throws.
    const controller = createDownloadController(fake.client, { save: true });
    expect(await controller.download({ ...repoRef, artifact_id: 1 })).toBeUndefined();
    expect(controller.getState().status).toBe("error");
    expect(controller.getState().error).toBeInstanceOf(Error);
  });
});
