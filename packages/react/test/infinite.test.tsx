import { act, renderHook, screen, waitFor } from "@testing-library/react";
import { userEvent } from "@testing-library/user-event";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { type ArtifactPages, useInfiniteArtifacts, useInfiniteWorkflowRunArtifacts } from "../src/index.js";
import { Providers, renderWithClient, repoRef, setup } from "./helpers/render.js";

function Paged() {
  const { data, hasNextPage, fetchNextPage, isFetchingNextPage } = useInfiniteArtifacts({ ...repoRef, per_page: 2 });
  return (
    <>
      <ul>{data?.pages.flatMap((page) => page.artifacts.map((a) => <li key={a.id}>{a.name}</li>))}</ul>
      {hasNextPage && (
        <button type="button" disabled={isFetchingNextPage} onClick={() => fetchNextPage()}>
          Load more
        </button>
      )}
    </>
  );
}

describe("useInfiniteArtifacts", () => {
  it("should load page after page with fetchNextPage until total_count is reached", async () => {
    const ctx = setup({ count: 5 });
    renderWithClient(<Paged />, ctx);
    const more = await screen.findByRole("button", { name: "Load more" });
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    await userEvent.click(more);
    await waitFor(() => expect(screen.getAllByRole("listitem")).toHaveLength(4));
    await userEvent.click(screen.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(screen.getAllByRole("listitem")).toHaveLength(5));
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
    expect(ctx.github.requests.map((r) => r.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
  });

  it("should report no next page once every artifact is loaded", async () => {
    const ctx = setup({ count: 2 });
    const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
    const { result } = renderHook(() => useInfiniteArtifacts({ ...repoRef, per_page: 2 }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.hasNextPage).toBe(false);
  });
});

describe("infinite lists and artifacts that move between pages", () => {
  const wrapperOf =
    (ctx: ReturnType<typeof setup>) =>
    ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
  const renderPaged = (ctx: ReturnType<typeof setup>) =>
    renderHook(() => useInfiniteArtifacts({ ...repoRef, per_page: 2 }), { wrapper: wrapperOf(ctx) });
  const ids = (data: ArtifactPages | undefined) => data?.pages.flatMap((page) => page.artifacts.map((a) => a.id));

  it("item 21: an artifact pushed onto the next page by an upload appears once", async () => {
    const ctx = setup({ count: 5 });
    const { result } = renderPaged(ctx);
    // note: GitHub lists the newest first: 5 and 4 on page 1.
    await waitFor(() => expect(ids(result.current.data)).toEqual([5, 4]));
    ctx.github.upload({ id: 6 }); // a new upload, listed first: artifact 4 moves to page 2
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(2));
    expect(ids(result.current.data)).toEqual([5, 4, 3]);
    expect(result.current.data?.pages.map((p) => p.artifacts.map((a) => a.id))).toEqual([[5, 4], [3]]);
    // The cache keeps what GitHub sent (page lengths drive the next page); only `data` drops the repeat.
    const [[, cached] = []] = ctx.queryClient.getQueriesData<ArtifactPages>({ queryKey: ["gh-artifacts"] });
    expect(cached?.pages.map((p) => p.artifacts.map((a) => a.id))).toEqual([
      [5, 4],
      [4, 3],
    ]);
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(3));
    expect(ids(result.current.data)).toEqual([5, 4, 3, 2, 1]);
    expect(result.current.hasNextPage).toBe(false);
  });

  it("item 21: the caller's select receives the pages without repeats", async () => {
    const ctx = setup({ count: 4 });
    const select = (data: ArtifactPages) => ids(data) ?? [];
    const { result } = renderHook(() => useInfiniteArtifacts({ ...repoRef, per_page: 2 }, { select }), {
      wrapper: wrapperOf(ctx),
    });
    await waitFor(() => expect(result.current.data).toEqual([4, 3]));
    ctx.github.upload({ id: 7 });
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.data).toEqual([4, 3, 2]));
  });

  it("should hand back the cached pages themselves when nothing repeats", async () => {
    const ctx = setup({ count: 3 });
    const { result } = renderPaged(ctx);
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    const cached = ctx.queryClient.getQueriesData<ArtifactPages>({ queryKey: ["gh-artifacts"] })[0]?.[1];
    expect(result.current.data).toBe(cached);
  });
});

describe("useInfiniteWorkflowRunArtifacts", () => {
  it("should page through a run's artifacts", async () => {
    const ctx = setup({ count: 3 });
    const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
    const { result } = renderHook(() => useInfiniteWorkflowRunArtifacts({ ...repoRef, run_id: 100, per_page: 2 }), {
      wrapper,
    });
    await waitFor(() => expect(result.current.hasNextPage).toBe(true));
    await result.current.fetchNextPage();
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(2));
    // note: newest first: 3 and 2 on page 1.
    expect(result.current.data?.pages[1]?.artifacts.map((a) => a.id)).toEqual([1]);
    expect(result.current.hasNextPage).toBe(false);
  });
});
