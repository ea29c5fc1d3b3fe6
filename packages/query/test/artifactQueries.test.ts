import { type ArtifactList, NotFoundError } from "@gh-artifacts/client";
import { CancelledError, InfiniteQueryObserver } from "@tanstack/query-core";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ArtifactPages,
  artifactKeys,
  artifactQueries,
  latestArtifactQueryOptions,
  selectedArtifactsQueryOptions,
  shouldRetryArtifactsError,
} from "../src/index.js";
import { addArtifact, deferred, repoRef, startWorld, type TestWorld } from "./helpers.js";

let fake: TestWorld | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const ids = (list: ArtifactList | undefined) => list?.artifacts.map((a) => a.id);

describe("artifactQueries with a bare QueryClient", () => {
  it("should fetch a page into the key artifactKeys builds, with the retry policy set", async () => {
    fake = await startWorld(3);
    const { client, queryClient } = fake;
    const options = artifactQueries.listForRepo(client, { ...repoRef, per_page: 2 });
    expect(options.queryKey).toEqual(artifactKeys.list(client, { ...repoRef, per_page: 2 }));
    expect(options.retry).toBe(shouldRetryArtifactsError);
    const page = await queryClient.fetchQuery(options);
    expect(ids(page)).toEqual([3, 2]);
    expect(page.total_count).toBe(3);
    expect(queryClient.getQueryData(options.queryKey)).toBe(page);
  });

  it("should fetch one artifact, and reject with the client's typed error for a missing one", async () => {
    fake = await startWorld(2);
    const { client, queryClient } = fake;
    const one = await queryClient.fetchQuery(artifactQueries.detail(client, { ...repoRef, artifact_id: 2 }));
    expect(one.name).toBe("artifact-2");
    const missing = queryClient.fetchQuery(artifactQueries.detail(client, { ...repoRef, artifact_id: 9 }));
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
  });

  it("should fetch a workflow run's artifacts under the run's key", async () => {
    fake = await startWorld(2);
    const { client, queryClient, world } = fake;
    const runId = world.artifact(2)?.run?.id ?? 0;
    const options = artifactQueries.listForRun(client, { ...repoRef, run_id: runId });
    expect(ids(await queryClient.fetchQuery(options))).toEqual([2]);
    expect(options.queryKey.slice(0, 8)).toEqual(artifactKeys.runs(client, { ...repoRef, run_id: runId }));
  });

  it("should pass the query's signal to the client, so cancelling the query aborts its request", async () => {
    fake = await startWorld(1);
    const { client, queryClient } = fake;
    const arrived = deferred();
    let aborted: Promise<void> | undefined;
    fake.intercept = (request, next) => {
      aborted = new Promise((resolve) => request.signal.addEventListener("abort", () => resolve()));
      arrived.release();
      return aborted.then(() => next(request));
    };
    const options = artifactQueries.listForRepo(client, repoRef);
    const fetching = queryClient.fetchQuery(options).catch((error: unknown) => error);
    await arrived.promise;
    await queryClient.cancelQueries({ queryKey: options.queryKey });
    await aborted;
    expect(await fetching).toBeInstanceOf(CancelledError);
  });

  it("should prefetch an infinite list's first page and stop paging at total_count", async () => {
    fake = await startWorld(3);
    const { client, queryClient } = fake;
    const options = artifactQueries.infiniteListForRepo(client, { ...repoRef, per_page: 2 });
    await queryClient.prefetchInfiniteQuery(options);
    const data = queryClient.getQueryData(options.queryKey);
    expect(data?.pages.map(ids)).toEqual([[3, 2]]);
    expect(data?.pageParams).toEqual([1]);
    const observer = new InfiniteQueryObserver(queryClient, options);
    const stop = observer.subscribe(() => undefined);
    const next = await observer.fetchNextPage();
    expect(next.data?.pages.map(ids)).toEqual([[3, 2], [1]]);
    expect(next.hasNextPage).toBe(false);
    stop();
  });

  it("should show each artifact once when an upload between two pages shifts one onto the next page", async () => {
    fake = await startWorld(4);
    const { client, queryClient, world } = fake;
    const options = artifactQueries.infiniteListForRepo(client, { ...repoRef, per_page: 2 });
    await queryClient.prefetchInfiniteQuery(options);
    // note: newest first: a new artifact pushes 3 from page 1 to page 2, which the server now sends again.
    addArtifact(world, 5);
    const observer = new InfiniteQueryObserver(queryClient, options);
    const stop = observer.subscribe(() => undefined);
    const result = await observer.fetchNextPage();
    expect(queryClient.getQueryData<ArtifactPages>(options.queryKey)?.pages.map(ids)).toEqual([
      [4, 3],
      [3, 2],
    ]);
    expect(result.data?.pages.map(ids)).toEqual([[4, 3], [2]]);
    stop();
  });

  it("should run the caller's select on the de-duplicated pages", async () => {
    fake = await startWorld(4);
    const { client, queryClient, world } = fake;
    const select = (data: ArtifactPages) => data.pages.flatMap((page) => page.artifacts.map((a) => a.name));
    const options = artifactQueries.infiniteListForRun(
      client,
      { ...repoRef, run_id: world.artifact(4)?.run?.id ?? 0, per_page: 1 },
      { select },
    );
    await queryClient.prefetchInfiniteQuery(options);
    const observer = new InfiniteQueryObserver(queryClient, options);
    const stop = observer.subscribe(() => undefined);
    expect(observer.getCurrentResult().data).toEqual(["artifact-4"]);
    stop();
  });

  it("should find the latest artifact a selector names, and null when none matches", async () => {
    fake = await startWorld(3);
    const { client, queryClient } = fake;
    const latest = await queryClient.fetchQuery(
      latestArtifactQueryOptions(client, { ...repoRef, pattern: "artifact-*" }),
    );
    expect(latest?.id).toBe(3);
    const none = await queryClient.fetchQuery(latestArtifactQueryOptions(client, { ...repoRef, name: "nothing" }));
    expect(none).toBeNull();
    const selected = await queryClient.fetchQuery(
      selectedArtifactsQueryOptions(client, { ...repoRef, name: "artifact-2" }),
    );
    expect(selected.map((a) => a.id)).toEqual([2]);
  });
});
