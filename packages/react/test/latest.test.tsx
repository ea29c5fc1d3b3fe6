import { InvalidInputError } from "@gh-artifacts/client";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import {
  artifactKeys,
  latestArtifactKey,
  latestArtifactQueryOptions,
  useDeleteArtifact,
  useLatestArtifact,
} from "../src/index.js";
import { KIND } from "../src/useDeleteArtifact.js";
import { Providers, repoRef, setup } from "./helpers/render.js";

/** A fake GitHub whose artifacts 1..count are all "build" builds, a day apart (the highest id is the newest). */
function setupBuilds(count: number) {
  const ctx = setup({ count });
  for (const artifact of ctx.github.artifacts) {
    artifact.name = "build";
    artifact.created_at = new Date(Date.UTC(2024, 0, artifact.id)).toISOString();
  }
  const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
  const listRequests = () => ctx.github.requests.filter((r) => r.method === "GET");
  return { ...ctx, wrapper, listRequests };
}

describe("useLatestArtifact", () => {
  it("should load the newest artifact of the name, asking GitHub for that name only", async () => {
    const ctx = setupBuilds(3);
    ctx.github.artifacts.push({ ...ctx.github.artifacts[0]!, id: 9, name: "logs", created_at: "2024-02-01T00:00:00Z" });
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
    for (const artifact of ctx.github.artifacts) artifact.expired = true;
    const { result } = renderHook(() => useLatestArtifact({ ...repoRef, name: "build" }), { wrapper: ctx.wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data).toBeNull();
    const missing = renderHook(() => useLatestArtifact({ ...repoRef, name: "nothing" }), { wrapper: ctx.wrapper });
    await waitFor(() => expect(missing.result.current.isSuccess).toBe(true));
    expect(missing.result.current.data).toBeNull();
  });

  it("should narrow by branch and run, each in its own cache entry", async () => {
    const ctx = setupBuilds(3);
    ctx.github.artifacts[2]!.workflow_run = { id: 200, head_branch: "dev" };
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
