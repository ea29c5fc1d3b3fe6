import { type ArtifactsClient, createArtifactsClient, ForbiddenError, NotFoundError } from "@gh-artifacts/client";
import { type ArtifactsWorld, createArtifactsFetch, createArtifactsWorld } from "@gh-artifacts/testing";
import { afterEach, describe, expect, it } from "vitest";
import type { AdapterDriver, Mounted } from "./driver.js";

const owner = "octo";
const repo = "hello";
const REPO = `${owner}/${repo}`;

/** A gate a test closes on one method: requests with it wait until the test opens it. */
interface Gate {
  method: string;
  open: () => void;
  opened: Promise<void>;
}

/**
 * The one list of behaviours every adapter of `@gh-artifacts/query` shows, run for `driver`: each test builds a fresh
 * world of the one fake GitHub (`@gh-artifacts/testing`), a real client on it, and mounts one small screen.
 */
export function describeAdapterBehaviours(driver: AdapterDriver): void {
  describe(`${driver.name}: the shared adapter behaviours`, () => {
    let world: ArtifactsWorld;
    let client: ArtifactsClient;
    let gate: Gate | undefined;
    const mounted: Mounted<unknown, unknown>[] = [];

    /** A fresh world and a client on it; requests of a held method wait for the gate. */
    function setup(): void {
      world = createArtifactsWorld();
      world.addRepository({ owner, name: repo });
      gate = undefined;
      const fetch = createArtifactsFetch(world, {
        intercept: async (request, next) => {
          const held = gate;
          if (held && request.method === held.method) await held.opened;
          return next(request);
        },
      });
      client = createArtifactsClient({ token: "test-token", fetch, retry: false });
    }

    /** Holds the next requests of `method` until the returned function is called. */
    function hold(method: string): () => void {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { method, open, opened };
      return open;
    }

    function track<T extends Mounted<unknown, unknown>>(screen: T): T {
      mounted.push(screen);
      return screen;
    }

    afterEach(() => {
      gate?.open();
      for (const screen of mounted.splice(0)) screen.unmount();
    });

    it("lists a repository's artifacts, newest first", async () => {
      setup();
      for (const name of ["build", "logs", "coverage"]) world.addArtifact({ repo: REPO, name });
      const screen = track(driver.list(client, { owner, repo }));
      expect(screen.view().status).toBe("pending");
      await driver.waitFor(() => expect(screen.view().status).toBe("success"));
      expect(screen.view().data?.total_count).toBe(3);
      expect(screen.view().data?.artifacts.map((a) => a.name)).toEqual(world.artifacts(REPO).map((a) => a.name));
    });

    it("refetches when its parameters change", async () => {
      setup();
      for (const name of ["build", "logs", "build"]) world.addArtifact({ repo: REPO, name });
      const screen = track(driver.list(client, { owner, repo }));
      await driver.waitFor(() => expect(screen.view().data?.total_count).toBe(3));
      screen.controls.setParams({ owner, repo, name: "logs" });
      await driver.waitFor(() => expect(screen.view().data?.total_count).toBe(1));
      expect(screen.view().data?.artifacts.map((a) => a.name)).toEqual(["logs"]);
      const lists = world.requests.filter((r) => r.method === "GET" && r.path.endsWith("/actions/artifacts"));
      expect(lists.map((r) => r.query.get("name"))).toEqual([null, "logs"]);
    });

    it("surfaces an API error as the client's typed error", async () => {
      setup();
      world.behave({ error: { status: 404 } });
      const screen = track(driver.list(client, { owner, repo }));
      await driver.waitFor(() => expect(screen.view().status).toBe("error"));
      expect(screen.view().error).toBeInstanceOf(NotFoundError);
      expect(screen.view().data).toBeUndefined();
    });

    it("removes a deleted artifact at once, and it stays gone after the refetch", async () => {
      setup();
      const [first, second] = ["build", "logs"].map((name) => world.addArtifact({ repo: REPO, name }));
      const screen = track(driver.list(client, { owner, repo }));
      await driver.waitFor(() => expect(screen.view().data?.total_count).toBe(2));
      const release = hold("DELETE");
      const removed = screen.controls.remove({ owner, repo, artifact_id: first!.id });
      // note: the DELETE is still held by the server: what the screen shows is the optimistic cache.
      await driver.waitFor(() => expect(screen.view().data?.artifacts.map((a) => a.id)).toEqual([second!.id]));
      expect(screen.view().data?.total_count).toBe(1);
      expect(world.artifact(first!.id)).toBeDefined();
      release();
      await removed;
      await driver.waitFor(() => expect(screen.view().removal.status).toBe("success"));
      await driver.waitFor(() => expect(screen.view().isFetching).toBe(false));
      expect(world.artifact(first!.id)).toBeUndefined();
      expect(screen.view().data?.artifacts.map((a) => a.id)).toEqual([second!.id]);
    });

    it("brings a refused delete back where it was, with the typed error", async () => {
      setup();
      world.addArtifact({ repo: REPO, name: "build" });
      const kept = world.addArtifact({ repo: REPO, name: "protected", deletable: false });
      world.addArtifact({ repo: REPO, name: "logs" });
      const screen = track(driver.list(client, { owner, repo }));
      await driver.waitFor(() => expect(screen.view().data?.total_count).toBe(3));
      const before = screen.view().data?.artifacts.map((a) => a.id);
      await screen.controls.remove({ owner, repo, artifact_id: kept.id });
      await driver.waitFor(() => expect(screen.view().removal.status).toBe("error"));
      expect(screen.view().removal.error).toBeInstanceOf(ForbiddenError);
      await driver.waitFor(() => expect(screen.view().data?.artifacts.map((a) => a.id)).toEqual(before));
      expect(screen.view().data?.total_count).toBe(3);
    });

    it("counts a delete answered 404 (someone deleted it first) as done", async () => {
      setup();
      const gone = world.addArtifact({ repo: REPO, name: "build" });
      world.addArtifact({ repo: REPO, name: "logs" });
      const screen = track(driver.list(client, { owner, repo }));
      await driver.waitFor(() => expect(screen.view().data?.total_count).toBe(2));
      world.deleteArtifact(gone.id);
      await screen.controls.remove({ owner, repo, artifact_id: gone.id });
      await driver.waitFor(() => expect(screen.view().removal.status).toBe("success"));
      expect(screen.view().removal.error).toBeNull();
      await driver.waitFor(() => expect(screen.view().data?.artifacts.map((a) => a.name)).toEqual(["logs"]));
    });

    it("pages an infinite list to its end, each artifact once", async () => {
      setup();
      for (let i = 1; i <= 5; i++) world.addArtifact({ repo: REPO, name: `a${i}` });
      const screen = track(driver.infinite(client, { owner, repo, per_page: 2 }));
      await driver.waitFor(() => expect(screen.view().status).toBe("success"));
      expect(screen.view().hasNextPage).toBe(true);
      await screen.controls.fetchNextPage();
      await driver.waitFor(() => expect(screen.view().data?.pages).toHaveLength(2));
      await screen.controls.fetchNextPage();
      await driver.waitFor(() => expect(screen.view().data?.pages).toHaveLength(3));
      expect(screen.view().hasNextPage).toBe(false);
      const ids = screen.view().data?.pages.flatMap((p) => p.artifacts.map((a) => a.id)) ?? [];
      expect(ids).toEqual(world.artifacts(REPO).map((a) => a.id));
    });

    it("finds the latest artifact of a name, and null when there is none", async () => {
      setup();
      world.addArtifact({ repo: REPO, name: "build", createdAt: "2026-01-10T00:00:00Z" });
      const newest = world.addArtifact({ repo: REPO, name: "build", createdAt: "2026-01-12T00:00:00Z" });
      world.addArtifact({ repo: REPO, name: "logs", createdAt: "2026-01-13T00:00:00Z" });
      const latest = track(driver.latest(client, { owner, repo, name: "build" }));
      const none = track(driver.latest(client, { owner, repo, name: "missing" }));
      await driver.waitFor(() => expect(latest.view().status).toBe("success"));
      expect(latest.view().data?.id).toBe(newest.id);
      await driver.waitFor(() => expect(none.view().status).toBe("success"));
      expect(none.view().data).toBeNull();
    });

    it("downloads an artifact's bytes with its progress and a safe file name", async () => {
      setup();
      const artifact = world.addArtifact({ repo: REPO, name: "build", files: { "app.js": "console.log(1)" } });
      const screen = track(driver.download(client));
      expect(screen.view().status).toBe("idle");
      const blob = await screen.controls.download({ owner, repo, artifact_id: artifact.id, name: artifact.name });
      expect(new Uint8Array((await blob?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(artifact.bytes);
      expect(blob?.type).toBe("application/zip");
      await driver.waitFor(() => expect(screen.view().status).toBe("success"));
      expect(screen.view().progress.loaded).toBe(artifact.bytes.length);
      expect(screen.view().downloaded).toMatchObject({ kind: "zip", fileName: "build.zip" });
      expect(screen.view().error).toBeNull();
    });

    it("cancels a download in progress, without an error", async () => {
      setup();
      const artifact = world.addArtifact({ repo: REPO, name: "big", bytes: new Uint8Array(4096).fill(7) });
      // note: storage sends some bytes, then nothing more until the client gives up.
      world.behave({ storage: { stallAfterBytes: 1024 } });
      const screen = track(driver.download(client));
      const result = screen.controls.download({ owner, repo, artifact_id: artifact.id });
      await driver.waitFor(() => expect(screen.view().status).toBe("downloading"));
      await driver.waitFor(() => expect(world.requests.some((r) => r.host === "storage")).toBe(true));
      screen.controls.cancel();
      expect(await result).toBeUndefined();
      await driver.waitFor(() => expect(screen.view().status).toBe("cancelled"));
      expect(screen.view().error).toBeNull();
    });
  });
}
