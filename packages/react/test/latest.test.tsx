import { InvalidInputError } from "@gh-artifacts/client";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import {
  artifactKeys,
  latestArtifactKey,
  latestArtifactQueryOptions,
  selectedArtifactsKey,
  selectedArtifactsQueryOptions,
  useDeleteArtifact,
  useLatestArtifact,
  useSelectedArtifacts,
} from "../src/index.js";
import { Providers, repoRef, setup } from "./helpers/render.js";

// note: where the delete reads a key's kind: right after the repository's part of the key.
const KIND = artifactKeys.repo({ baseUrl: "https://api.github.com", cacheScope: "anonymous" }, repoRef).length;

/** A fake GitHub whose artifacts 1..count are all "build" builds, a day apart (the highest id is the newest). */
function setupBuilds(count: number) {
  const ctx = setup({ count: 0 });
  for (let id = 1; id <= count; id++) ctx.github.upload({ id, name: "build", createdAt: Date.UTC(2024, 0, id) });
  const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
  const listRequests = () => ctx.github.requests.filter((r) => r.method === "GET");
  return { ...ctx, wrapper, listRequests };
}

describe("useLatestArtifact", () => {
  it("should load the newest artifact of the name, asking GitHub for that name only", async () => {
    const ctx = setupBuilds(3);
    ctx.github.upload({ id: 9, name: "logs", createdAt: "2024-02-01T00:00:00Z" });
    const { result } = renderHook(() => useLatestArtifact({ ...repoRef, name: "build" }), { wrapper: ctx.wrapper });
    expect(result.current.data).toBeUndefined();
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.id).toBe(3);
    const [request] = ctx.listRequests();
    expect(request?.url.pathname).toBe("/repos/octo/hello/actions/artifacts");
    expect(request?.url.searchParams.get("name")).toBe("build");
  });

  it("should give null, not undefined, when there is none", async () => {
    const ctx = setupBuilds(2);
    for (const artifact of ctx.github.world.artifacts())
      ctx.github.world.updateArtifact(artifact.id, { expired: true });
    const { result } = renderHook(() => useLatestArtifact({ ...repoRef, name: "build" }), { wrapper: ctx.wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toBeNull();
    const missing = renderHook(() => useLatestArtifact({ ...repoRef, name: "nothing" }), { wrapper: ctx.wrapper });
    await waitFor(() => expect(missing.result.current.isSuccess).toBe(true));
    expect(missing.result.current.data).toBeNull();
  });

  it("should narrow by branch and run, each in its own cache entry", async () => {
    const ctx = setupBuilds(3);
    // note: build 3 came from run 200 on dev instead.
    ctx.github.world.deleteArtifact(3);
    ctx.github.upload({ id: 3, name: "build", createdAt: Date.UTC(2024, 0, 3), runId: 200, branch: "dev" });
    const { result } = renderHook(
      () => ({
        main: useLatestArtifact({ ...repoRef, name: "build", branch: "main" }),
        dev: useLatestArtifact({ ...repoRef, name: "build", branch: "dev" }),
        run: useLatestArtifact({ ...repoRef, name: "build", run_id: 100 }),
      }),
      { wrapper: ctx.wrapper },
    );
    await waitFor(() => expect(result.current.run.isSuccess && result.current.dev.isSuccess).toBe(true));
    await waitFor(() => expect(result.current.main.isSuccess).toBe(true));
    expect([result.current.main.data?.id, result.current.dev.data?.id, result.current.run.data?.id]).toEqual([2, 3, 2]);
    expect(ctx.listRequests().some((r) => r.url.pathname === "/repos/octo/hello/actions/runs/100/artifacts")).toBe(
      true,
    );
  });

  it("should pass React Query's signal, so unmounting aborts the request", async () => {
    const ctx = setupBuilds(1);
    const release = ctx.github.hold("GET");
    const { unmount } = renderHook(() => useLatestArtifact({ ...repoRef, name: "build" }), { wrapper: ctx.wrapper });
    await waitFor(() => expect(ctx.github.requests).toHaveLength(1));
    unmount();
    await waitFor(() => expect(ctx.github.requests[0]?.signal.aborted).toBe(true));
    release();
  });

  it("should surface bad input as InvalidInputError without a request", async () => {
    const ctx = setupBuilds(1);
    const { result } = renderHook(() => useLatestArtifact({ ...repoRef, name: "" }), { wrapper: ctx.wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(InvalidInputError);
    expect(result.current.error).toMatchObject({ field: "name" });
    expect(ctx.github.requests).toHaveLength(0);
  });

  it("should refetch after the latest is deleted through useDeleteArtifact, then show the one before it", async () => {
    const ctx = setupBuilds(3);
    const { result } = renderHook(
      () => ({ latest: useLatestArtifact({ ...repoRef, name: "build" }), remove: useDeleteArtifact() }),
      { wrapper: ctx.wrapper },
    );
    await waitFor(() => expect(result.current.latest.data?.id).toBe(3));
    expect(ctx.listRequests()).toHaveLength(1);
    await act(() => result.current.remove.mutateAsync({ ...repoRef, artifact_id: 3 }));
    await waitFor(() => expect(result.current.latest.data?.id).toBe(2));
    expect(ctx.listRequests()).toHaveLength(2);
  });
});

describe("latestArtifactKey and latestArtifactQueryOptions", () => {
  it("should key the latest under the repository, by everything that narrows it, never the signal", () => {
    const scope = { baseUrl: "https://api.github.com", cacheScope: "anonymous" };
    const params = { ...repoRef, name: "build", branch: "main", run_id: 7, includeExpired: true };
    const key = latestArtifactKey(scope, { ...params, signal: new AbortController().signal } as typeof params);
    expect(key).toEqual([
      ...artifactKeys.repo(scope, repoRef),
      "latest",
      { name: "build", branch: "main", run_id: 7, includeExpired: true },
    ]);
    // note: "latest" sits where useDeleteArtifact reads a key's kind, so its refetch after a delete reaches it.
    expect(key[KIND]).toBe("latest");
    expect(latestArtifactKey(scope, { ...repoRef, name: "build" })).not.toEqual(
      latestArtifactKey(scope, { ...repoRef, name: "build", branch: "main" }),
    );
  });

  it("should prefetch outside React, with the data typed in the cache", async () => {
    const ctx = setupBuilds(2);
    const latest = latestArtifactQueryOptions(ctx.client, { ...repoRef, name: "build" });
    await ctx.queryClient.prefetchQuery(latest);
    expect(ctx.queryClient.getQueryData(latest.queryKey)?.id).toBe(2);
  });
});

/**
 * Builds through runs: ci.yml's run 1 (success), 2 (failure) and 3 (in progress), and release.yml's run 4; each run
 * uploaded "dist-linux" (ids 11, 12, 13, 14) and run 1 also "dist-macos" (15) and "coverage" (16).
 */
function setupRuns() {
  const ctx = setupBuilds(0);
  ctx.github.addRuns(
    { id: 1 },
    { id: 2, conclusion: "failure" },
    { id: 3, status: "in_progress", conclusion: null },
    { id: 4, workflow: "release.yml" },
  );
  const upload = (id: number, run: number, name: string) =>
    ctx.github.upload({ id, name, runId: run, createdAt: Date.UTC(2024, 0, run) });
  for (const run of [1, 2, 3, 4]) upload(10 + run, run, "dist-linux");
  upload(15, 1, "dist-macos");
  upload(16, 1, "coverage");
  return ctx;
}

describe("useLatestArtifact with a selector", () => {
  it("should take the latest successful ci.yml build past a newer failed and a running run", async () => {
    const ctx = setupRuns();
    const { result } = renderHook(
      () => ({
        success: useLatestArtifact({ ...repoRef, workflow: "ci.yml", branch: "main", name: "dist-linux" }),
        failure: useLatestArtifact({ ...repoRef, workflow: "ci.yml", name: "dist-linux", status: "failure" }),
        any: useLatestArtifact({ ...repoRef, workflow: "ci.yml", pattern: /^dist-/, status: "any" }),
      }),
      { wrapper: ctx.wrapper },
    );
    await waitFor(() => expect(Object.values(result.current).every((q) => q.isSuccess)).toBe(true));
    expect([result.current.success.data?.id, result.current.failure.data?.id, result.current.any.data?.id]).toEqual([
      11, 12, 13,
    ]);
    const listed = ctx.listRequests().filter((r) => r.url.pathname.endsWith("/workflows/ci.yml/runs"));
    expect(listed.map((r) => r.url.searchParams.get("status"))).toEqual(["success", "failure", null]);
  });
});

describe("useSelectedArtifacts", () => {
  it("should load every match of the newest matching run, newest first", async () => {
    const ctx = setupRuns();
    const { result } = renderHook(
      () => ({
        dist: useSelectedArtifacts({ ...repoRef, workflow: "ci.yml", pattern: "dist-*" }),
        all: useSelectedArtifacts({ ...repoRef, workflow: 1 }),
        none: useSelectedArtifacts({ ...repoRef, workflow: "ci.yml", name: "nothing" }),
      }),
      { wrapper: ctx.wrapper },
    );
    await waitFor(() => expect(Object.values(result.current).every((q) => q.isSuccess)).toBe(true));
    expect(result.current.dist.data?.map((a) => a.id)).toEqual([15, 11]);
    expect(result.current.all.data?.map((a) => a.id)).toEqual([16, 15, 11]);
    expect(result.current.none.data).toEqual([]);
  });

  it("should refetch after one of them is deleted through useDeleteArtifact", async () => {
    const ctx = setupRuns();
    const { result } = renderHook(
      () => ({ selected: useSelectedArtifacts({ ...repoRef, runId: 1 }), remove: useDeleteArtifact() }),
      { wrapper: ctx.wrapper },
    );
    await waitFor(() => expect(result.current.selected.data?.map((a) => a.id)).toEqual([16, 15, 11]));
    await act(() => result.current.remove.mutateAsync({ ...repoRef, artifact_id: 15 }));
    await waitFor(() => expect(result.current.selected.data?.map((a) => a.id)).toEqual([16, 11]));
  });

  it("should surface a bad selector as InvalidInputError without a request", async () => {
    const ctx = setupRuns();
    const { result } = renderHook(() => useSelectedArtifacts({ ...repoRef, headSha: "abc" }), {
      wrapper: ctx.wrapper,
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ name: "InvalidInputError", field: "headSha" });
    expect(ctx.github.requests).toHaveLength(0);
  });
});

describe("selector keys", () => {
  const scope = { baseUrl: "https://api.github.com", cacheScope: "anonymous" };

  it("should hold every filter of the selector, a RegExp pattern spelt out, under the repository", () => {
    const key = selectedArtifactsKey(scope, { ...repoRef, workflow: "ci.yml", pattern: /^dist-/i, status: "any" });
    expect(key).toEqual([
      ...artifactKeys.repo(scope, repoRef),
      "selected",
      { workflow: "ci.yml", status: "any", pattern: { regexp: "^dist-", flags: "i" } },
    ]);
    expect(key[KIND]).toBe("selected");
    const hash = (k: readonly unknown[]) => JSON.stringify(k);
    // note: two RegExps, or a RegExp and a glob of the same text, are two cache entries.
    const latest = (pattern: string | RegExp) => hash(latestArtifactKey(scope, { ...repoRef, pattern }));
    expect(new Set([latest(/a/), latest(/b/), latest("a"), latest(/a/i)]).size).toBe(4);
    expect(hash(latestArtifactKey(scope, { ...repoRef, name: "a", workflow: "ci.yml" }))).not.toBe(
      hash(latestArtifactKey(scope, { ...repoRef, name: "a", workflow: "release.yml" })),
    );
  });

  it("should prefetch the selected artifacts outside React, typed in the cache", async () => {
    const ctx = setupRuns();
    const options = selectedArtifactsQueryOptions(ctx.client, { ...repoRef, workflow: "release.yml" });
    await ctx.queryClient.prefetchQuery(options);
    expect(ctx.queryClient.getQueryData(options.queryKey)?.map((a) => a.id)).toEqual([14]);
  });
});
