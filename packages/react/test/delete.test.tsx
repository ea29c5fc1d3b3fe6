import { ForbiddenError } from "@gh-artifacts/client";
import { act, renderHook, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { artifactQueries, useArtifacts, useDeleteArtifact } from "../src/index.js";
import { Providers, renderWithClient, repoRef, setup } from "./helpers/render.js";

function Screen() {
  const { data } = useArtifacts(repoRef);
  const remove = useDeleteArtifact();
  return (
    <>
      <p>Total: {data?.total_count}</p>
      <ul>
        {data?.artifacts.map((a) => (
          <li key={a.id}>
            {a.name}
            <button type="button" onClick={() => remove.mutate({ ...repoRef, artifact_id: a.id })}>
              Delete {a.name}
            </button>
          </li>
        ))}
      </ul>
      {remove.isError && <p role="alert">{remove.error.message}</p>}
      {remove.isSuccess && <p role="status">Deleted</p>}
    </>
  );
}

describe("useDeleteArtifact", () => {
  it("should remove the row at once, then bring it back when the server refuses", async () => {
    const ctx = setup({ count: 3 });
    renderWithClient(<Screen />, ctx);
    const button = await screen.findByRole("button", { name: "Delete artifact-2" });
    const release = ctx.github.hold("DELETE");
    ctx.github.failNext("DELETE", 403);
    act(() => button.click());
    // note: the DELETE is still held by the server: what we see is the optimistic cache.
    await waitFor(() => expect(screen.queryByText("artifact-2")).toBeNull());
    expect(screen.getByText("Total: 2")).toBeTruthy();
    release();
    expect((await screen.findByRole("alert")).textContent).toBe("HTTP 403");
    expect(screen.getByText("artifact-2")).toBeTruthy();
    expect(screen.getByText("Total: 3")).toBeTruthy();
  });

  it("should roll back after a 500 and report the typed error", async () => {
    const ctx = setup({ count: 2 });
    const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
    const { result } = renderHook(() => ({ list: useArtifacts(repoRef), remove: useDeleteArtifact() }), { wrapper });
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    ctx.github.failNext("DELETE", 500);
    await act(() => result.current.remove.mutateAsync({ ...repoRef, artifact_id: 1 }).catch(() => undefined));
    await waitFor(() => expect(result.current.remove.error?.name).toBe("GitHubApiError"));
    expect(result.current.list.data?.artifacts.map((a) => a.id)).toEqual([2, 1]);
    ctx.github.failNext("DELETE", 403);
    await act(() => result.current.remove.mutateAsync({ ...repoRef, artifact_id: 1 }).catch(() => undefined));
    await waitFor(() => expect(result.current.remove.error).toBeInstanceOf(ForbiddenError));
  });

  it("should count a 404 as already deleted", async () => {
    const ctx = setup({ count: 2 });
    renderWithClient(<Screen />, ctx);
    const button = await screen.findByRole("button", { name: "Delete artifact-1" });
    ctx.github.world.deleteArtifact(1); // someone else deleted it first
    act(() => button.click());
    expect(await screen.findByRole("status")).toBeTruthy();
    await waitFor(() => expect(screen.getByText("Total: 1")).toBeTruthy());
    expect(screen.queryByText("artifact-1")).toBeNull();
  });

  it("should update every cached list, infinite pages and the detail, then refetch the lists", async () => {
    const ctx = setup({ count: 4 });
    const { client, queryClient } = ctx;
    const list = artifactQueries.listForRepo(client, repoRef);
    const run = artifactQueries.listForRun(client, { ...repoRef, run_id: 100 });
    const pages = artifactQueries.infiniteListForRepo(client, { ...repoRef, per_page: 2 });
    const detail = artifactQueries.detail(client, { ...repoRef, artifact_id: 3 });
    await Promise.all([
      queryClient.prefetchQuery(list),
      queryClient.prefetchQuery(run),
      queryClient.prefetchInfiniteQuery({ ...pages, pages: 2 }),
      queryClient.prefetchQuery(detail),
    ]);
    const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
    const { result } = renderHook(() => useDeleteArtifact(), { wrapper });
    const release = ctx.github.hold("DELETE");
    act(() => result.current.mutate({ ...repoRef, artifact_id: 3 }));
    await waitFor(() => expect(queryClient.getQueryData(list.queryKey)?.total_count).toBe(3));
    // note: GitHub lists the newest first: 4, 3, 2, 1.
    expect(queryClient.getQueryData(list.queryKey)?.artifacts.map((a) => a.id)).toEqual([4, 2, 1]);
    expect(queryClient.getQueryData(run.queryKey)?.artifacts.map((a) => a.id)).toEqual([4, 2, 1]);
    const infinite = queryClient.getQueryData(pages.queryKey);
    expect(infinite?.pages.map((p) => p.artifacts.map((a) => a.id))).toEqual([[4], [2, 1]]);
    expect(infinite?.pages.map((p) => p.total_count)).toEqual([3, 3]);
    expect(queryClient.getQueryData(detail.queryKey)).toBeUndefined();
    release();
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    // note: the lists are marked stale (active ones refetch at once, these inactive ones on their next use).
    for (const key of [list.queryKey, run.queryKey, pages.queryKey]) {
      expect(queryClient.getQueryState(key)?.isInvalidated).toBe(true);
    }
    expect(queryClient.getQueryData(detail.queryKey)).toBeUndefined();
  });
});

describe("useDeleteArtifact with overlapping deletes", () => {
  const listIds = (ctx: ReturnType<typeof setup>) =>
    ctx.queryClient.getQueryData(artifactQueries.listForRepo(ctx.client, repoRef).queryKey)?.artifacts.map((a) => a.id);
  const listRequests = (ctx: ReturnType<typeof setup>) =>
    ctx.github.requests.filter((r) => r.method === "GET" && r.url.pathname.endsWith("/artifacts")).length;

  function renderDeletes(ctx: ReturnType<typeof setup>) {
    const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
    return renderHook(
      () => ({ list: useArtifacts(repoRef), first: useDeleteArtifact(), second: useDeleteArtifact() }),
      {
        wrapper,
      },
    );
  }

  it("item 21: a failed delete puts back only its own artifact, not one another delete has taken out", async () => {
    const ctx = setup({ count: 3 });
    const { result } = renderDeletes(ctx);
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    const releaseFirst = ctx.github.hold("DELETE");
    const releaseSecond = ctx.github.hold("DELETE");
    ctx.github.failNext("DELETE", 403);
    act(() => result.current.first.mutate({ ...repoRef, artifact_id: 1 }));
    await waitFor(() => expect(listIds(ctx)).toEqual([3, 2]));
    act(() => result.current.second.mutate({ ...repoRef, artifact_id: 2 }));
    await waitFor(() => expect(listIds(ctx)).toEqual([3]));

    releaseFirst();
    await waitFor(() => expect(result.current.first.error).toBeInstanceOf(ForbiddenError));
    // Artifact 1 is back where it was; artifact 2 stays out while its delete is still running, and nothing
    // refetched the list (the server still has artifact 2).
    expect(listIds(ctx)).toEqual([3, 1]);
    expect(ctx.queryClient.getQueryData(artifactQueries.listForRepo(ctx.client, repoRef).queryKey)?.total_count).toBe(
      2,
    );
    expect(listRequests(ctx)).toBe(1);

    releaseSecond();
    await waitFor(() => expect(result.current.second.isSuccess).toBe(true));
    await waitFor(() => expect(ctx.queryClient.isFetching()).toBe(0));
    expect(listRequests(ctx)).toBe(2);
    expect(listIds(ctx)).toEqual([3, 1]);
  });

  it("item 21: the first delete to succeed does not refetch the list while another delete runs", async () => {
    const ctx = setup({ count: 3 });
    const { result } = renderDeletes(ctx);
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    const releaseFirst = ctx.github.hold("DELETE");
    const releaseSecond = ctx.github.hold("DELETE");
    act(() => result.current.first.mutate({ ...repoRef, artifact_id: 1 }));
    act(() => result.current.second.mutate({ ...repoRef, artifact_id: 3 }));
    await waitFor(() => expect(listIds(ctx)).toEqual([2]));

    releaseFirst();
    await waitFor(() => expect(result.current.first.isSuccess).toBe(true));
    await waitFor(() => expect(ctx.queryClient.isFetching()).toBe(0));
    expect(listIds(ctx)).toEqual([2]);
    expect(listRequests(ctx)).toBe(1);

    releaseSecond();
    await waitFor(() => expect(result.current.second.isSuccess).toBe(true));
    await waitFor(() => expect(listRequests(ctx)).toBe(2));
    await waitFor(() => expect(ctx.queryClient.isFetching()).toBe(0));
    expect(listIds(ctx)).toEqual([2]);
  });

  it("item 21: a failed delete puts its artifact back on its own page of an infinite list, total_count raised", async () => {
    const ctx = setup({ count: 5 });
    const pages = artifactQueries.infiniteListForRepo(ctx.client, { ...repoRef, per_page: 2 });
    await ctx.queryClient.prefetchInfiniteQuery({ ...pages, pages: 3 });
    const { result } = renderDeletes(ctx);
    const ids = () => ctx.queryClient.getQueryData(pages.queryKey)?.pages.map((p) => p.artifacts.map((a) => a.id));
    const totals = () => ctx.queryClient.getQueryData(pages.queryKey)?.pages.map((p) => p.total_count);
    const releaseFirst = ctx.github.hold("DELETE");
    const releaseSecond = ctx.github.hold("DELETE");
    ctx.github.failNext("DELETE", 500);
    act(() => result.current.first.mutate({ ...repoRef, artifact_id: 3 }));
    act(() => result.current.second.mutate({ ...repoRef, artifact_id: 1 }));
    // note: newest first: pages [5, 4], [3, 2], [1].
    await waitFor(() => expect(ids()).toEqual([[5, 4], [2], []]));
    expect(totals()).toEqual([3, 3, 3]);

    releaseFirst();
    await waitFor(() => expect(result.current.first.isError).toBe(true));
    expect(ids()).toEqual([[5, 4], [3, 2], []]);
    expect(totals()).toEqual([4, 4, 4]);
    releaseSecond();
    await waitFor(() => expect(result.current.second.isSuccess).toBe(true));
  });
});
