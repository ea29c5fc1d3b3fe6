import { type ArtifactList, ForbiddenError } from "@gh-artifacts/client";
import { MutationObserver, QueryObserver } from "@tanstack/query-core";
import { afterEach, describe, expect, it } from "vitest";
import { type ArtifactPages, artifactQueries, deleteArtifactMutationOptions } from "../src/index.js";
import { deferred, repoRef, startWorld, type TestWorld } from "./helpers.js";

let fake: TestWorld | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const ids = (list: ArtifactList | undefined) => list?.artifacts.map((a) => a.id);

/** Holds the DELETE of each artifact id listed until the test releases it; tells when it reached the server. */
function holdDeletes(test: TestWorld, ...artifactIds: number[]) {
  const gates = new Map(artifactIds.map((id) => [id, { arrived: deferred(), release: deferred() }]));
  test.intercept = async (request, next) => {
    const id = request.method === "DELETE" ? Number(new URL(request.url).pathname.split("/").pop()) : Number.NaN;
    const gate = gates.get(id);
    if (gate) {
      gate.arrived.release();
      await gate.release.promise;
    }
    return next(request);
  };
  return (id: number) =>
    gates.get(id) as { arrived: ReturnType<typeof deferred>; release: ReturnType<typeof deferred> };
}

/** A mutation observer on the delete options, as an adapter's `useMutation` makes one. */
const deleter = (test: TestWorld) =>
  new MutationObserver(test.queryClient, deleteArtifactMutationOptions(test.client, test.queryClient));

describe("deleteArtifactMutationOptions with a bare QueryClient", () => {
  it("should take the artifact out of every cached list and drop its detail at once, then refetch", async () => {
    fake = await startWorld(3);
    const { client, queryClient } = fake;
    const list = artifactQueries.listForRepo(client, repoRef);
    const pages = artifactQueries.infiniteListForRepo(client, { ...repoRef, per_page: 2 });
    const detail = artifactQueries.detail(client, { ...repoRef, artifact_id: 2 });
    await Promise.all([
      queryClient.fetchQuery(list),
      queryClient.prefetchInfiniteQuery(pages),
      queryClient.fetchQuery(detail),
    ]);
    const observer = new QueryObserver(queryClient, list);
    const stop = observer.subscribe(() => undefined);
    const gate = holdDeletes(fake, 2)(2);
    const deleting = deleter(fake).mutate({ ...repoRef, artifact_id: 2 });
    await gate.arrived.promise;
    // note: the DELETE is still held by the server: what the cache holds now is the optimistic state.
    expect(ids(queryClient.getQueryData(list.queryKey))).toEqual([3, 1]);
    expect(queryClient.getQueryData(list.queryKey)?.total_count).toBe(2);
    expect(queryClient.getQueryData<ArtifactPages>(pages.queryKey)?.pages.map(ids)).toEqual([[3]]);
    expect(queryClient.getQueryData<ArtifactPages>(pages.queryKey)?.pages[0]?.total_count).toBe(2);
    expect(queryClient.getQueryState(detail.queryKey)).toBeUndefined();
    const listGets = fake.requests("GET").length;
    gate.release.release();
    await deleting;
    expect(fake.world.artifact(2)).toBeUndefined();
    // note: the observed list was refetched after the delete (the detail, deleted, was not fetched again).
    expect(fake.requests("GET").length).toBeGreaterThan(listGets);
    expect(ids(queryClient.getQueryData(list.queryKey))).toEqual([3, 1]);
    expect(queryClient.getQueryState(detail.queryKey)).toBeUndefined();
    stop();
  });

  it("should put the artifact back where it was when the server refuses, with the typed error", async () => {
    fake = await startWorld(3);
    const { client, queryClient, world } = fake;
    world.updateArtifact(2, { deletable: false });
    const list = artifactQueries.listForRepo(client, repoRef);
    await queryClient.fetchQuery(list);
    const error = await deleter(fake)
      .mutate({ ...repoRef, artifact_id: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(ids(queryClient.getQueryData(list.queryKey))).toEqual([3, 2, 1]);
    expect(queryClient.getQueryData(list.queryKey)?.total_count).toBe(3);
  });

  it("should roll back only its own artifact when two deletes are in flight, and refetch once both settled", async () => {
    fake = await startWorld(4);
    const { client, queryClient, world } = fake;
    world.updateArtifact(3, { deletable: false });
    const list = artifactQueries.listForRepo(client, repoRef);
    await queryClient.fetchQuery(list);
    const observer = new QueryObserver(queryClient, list);
    const stop = observer.subscribe(() => undefined);
    const gate = holdDeletes(fake, 3, 2);
    const refused = deleter(fake)
      .mutate({ ...repoRef, artifact_id: 3 })
      .catch((e: unknown) => e);
    const accepted = deleter(fake).mutate({ ...repoRef, artifact_id: 2 });
    await Promise.all([gate(3).arrived.promise, gate(2).arrived.promise]);
    expect(ids(queryClient.getQueryData(list.queryKey))).toEqual([4, 1]);
    const gets = fake.requests("GET").length;
    gate(3).release.release();
    expect(await refused).toBeInstanceOf(ForbiddenError);
    // note: 3 is back in its place; 2, whose delete still runs, stays out, and nothing was refetched yet.
    expect(ids(queryClient.getQueryData(list.queryKey))).toEqual([4, 3, 1]);
    expect(queryClient.getQueryData(list.queryKey)?.total_count).toBe(3);
    expect(fake.requests("GET")).toHaveLength(gets);
    gate(2).release.release();
    await accepted;
    expect(fake.requests("GET")).toHaveLength(gets + 1);
    expect(ids(queryClient.getQueryData(list.queryKey))).toEqual([4, 3, 1]);
    stop();
  });

  it("should refetch the lists when the last delete settles after a failed one still refetching its detail", async () => {
    fake = await startWorld(4);
    const { client, queryClient, world } = fake;
    world.updateArtifact(3, { deletable: false });
    const list = artifactQueries.listForRepo(client, repoRef);
    await queryClient.fetchQuery(list);
    const stopList = new QueryObserver(queryClient, list).subscribe(() => undefined);
    // note: the detail of 3 is on screen and loading: every GET of it waits until the test lets them all go.
    const details = { arrived: [deferred(), deferred()], release: deferred() };
    let detailGets = 0;
    const deletes = new Map([2, 3].map((id) => [id, { arrived: deferred(), release: deferred() }]));
    fake.intercept = async (request, next) => {
      const id = Number(new URL(request.url).pathname.split("/").pop());
      if (request.method === "GET" && id === 3) {
        details.arrived[detailGets++]?.release();
        await details.release.promise;
      }
      const gate = request.method === "DELETE" ? deletes.get(id) : undefined;
      if (gate) {
        gate.arrived.release();
        await gate.release.promise;
      }
      return next(request);
    };
    const detail = artifactQueries.detail(client, { ...repoRef, artifact_id: 3 });
    const stopDetail = new QueryObserver(queryClient, detail).subscribe(() => undefined);
    await details.arrived[0]?.promise;
    const refused = deleter(fake)
      .mutate({ ...repoRef, artifact_id: 3 })
      .catch((e: unknown) => e);
    const accepted = deleter(fake).mutate({ ...repoRef, artifact_id: 2 });
    await Promise.all([deletes.get(3)?.arrived.promise, deletes.get(2)?.arrived.promise]);
    const gets = fake.requests("GET").filter((r) => r.endsWith("/artifacts")).length;
    // note: 3's delete fails while 2's still runs; its settling refetches the detail of 3, which is held.
    deletes.get(3)?.release.release();
    await details.arrived[1]?.promise;
    // note: 2's delete settles while 3's is still settling: neither is alone, so neither may refetch yet.
    deletes.get(2)?.release.release();
    await accepted;
    details.release.release();
    expect(await refused).toBeInstanceOf(ForbiddenError);
    // note: the one that settles last refetches the lists, whichever it is.
    expect(fake.requests("GET").filter((r) => r.endsWith("/artifacts"))).toHaveLength(gets + 1);
    expect(ids(queryClient.getQueryData(list.queryKey))).toEqual([4, 3, 1]);
    stopList();
    stopDetail();
  });

  it("should count a 404 as success: someone deleted it first", async () => {
    fake = await startWorld(2);
    const { client, queryClient, world } = fake;
    const list = artifactQueries.listForRepo(client, repoRef);
    await queryClient.fetchQuery(list);
    world.deleteArtifact(1);
    await expect(deleter(fake).mutate({ ...repoRef, artifact_id: 1 })).resolves.toBeUndefined();
    expect(fake.requests("DELETE")).toEqual(["DELETE /repos/octo/hello/actions/artifacts/1"]);
    expect(ids(queryClient.getQueryData(list.queryKey))).toEqual([2]);
  });

  it("should key its mutations by the client's identity", () => {
    const scope = { baseUrl: "https://api.github.com", cacheScope: "anonymous" } as never;
    const options = deleteArtifactMutationOptions(scope, undefined as never);
    expect(options.mutationKey).toEqual(["gh-artifacts", "https://api.github.com", "anonymous", "delete"]);
  });
});
