// @vitest-environment happy-dom
// The React hooks on the real client against Prism: what a component sees for each kind of answer.
import { type ArtifactsClientError, ForbiddenError, isRetryable, NotFoundError } from "@gh-artifacts/client";
import { artifactKeys, useArtifact, useArtifacts, useDeleteArtifact, useInfiniteArtifacts } from "@gh-artifacts/react";
import type { ArtifactList } from "@gh-artifacts/types";
import { act, cleanup, configure, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, inject, it } from "vitest";
import { type ContractClientOptions, contractClient, OWNER, REPO, TOKEN } from "./helpers.js";
import { hookWrapper, newQueryClient } from "./hook-wrapper.js";

const staticMode = inject("prismModes").find((m) => m.kind === "static")!;
const repo = { owner: OWNER, repo: REPO };

// A ceiling, not a delay: Prism's first answers can take over waitFor's default 1 s on a loaded machine.
configure({ asyncUtilTimeout: 10_000 });
afterEach(() => cleanup());

/** A fresh QueryClient (unless one is given) and the real client per test; returns the wrapper for renderHook. */
function setup(options: ContractClientOptions = {}, queryClient = newQueryClient()) {
  const contract = contractClient(staticMode.url, options);
  return { ...contract, queryClient, wrapper: hookWrapper(queryClient, contract.gh) };
}

describe("hooks against Prism", () => {
  it("useArtifacts shows the spec's example page", async () => {
    const { wrapper, violations } = setup();
    const { result } = renderHook(() => useArtifacts({ ...repo, per_page: 2 }), { wrapper });
    expect(result.current.isPending).toBe(true);
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.artifacts.map((a) => a.name)).toEqual(["Rails", "Test output"]);
    expect(violations).toEqual([]);
  });

  it("useArtifact surfaces GitHub's 404 as NotFoundError", async () => {
    const { wrapper, violations } = setup({ prefer: "code=404" });
    const { result } = renderHook(() => useArtifact({ ...repo, artifact_id: 11 }), { wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(NotFoundError);
    expect(result.current.error?.message).toContain("Not Found");
    expect(violations).toEqual([]);
  });

  it("useInfiniteArtifacts ends after the last page the server reports", async () => {
    const { wrapper, violations } = setup();
    const { result } = renderHook(() => useInfiniteArtifacts({ ...repo, per_page: 100 }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.pages).toHaveLength(1);
    expect(result.current.hasNextPage).toBe(false);
    expect(violations).toEqual([]);
  });

  it("useDeleteArtifact removes the artifact from the cached list when Prism answers 204", async () => {
    const { wrapper, queryClient, gh, violations, requests } = setup();
    const listKey = artifactKeys.list(gh, { ...repo, per_page: 2 });
    const { result } = renderHook(() => ({ list: useArtifacts({ ...repo, per_page: 2 }), del: useDeleteArtifact() }), {
      wrapper,
    });
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    await act(async () => {
      await result.current.del.mutateAsync({ ...repo, artifact_id: 11 });
    });
    expect(requests).toContain(`DELETE /repos/${OWNER}/${REPO}/actions/artifacts/11`);
    // The list is refetched on settle; Prism is stateless, so the example comes back whole.
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(queryClient.getQueryData<ArtifactList>(listKey)?.total_count).toBe(2);
    expect(violations).toEqual([]);
  });

  it("useDeleteArtifact rolls back when Prism answers 403", async () => {
    const { wrapper, queryClient, gh, violations } = setup({ prefer: "code=403" });
    const listKey = artifactKeys.list(gh, { ...repo, per_page: 2 });
    queryClient.setQueryData(listKey, {
      total_count: 1,
      artifacts: [{ id: 11, name: "Rails" }],
    } as ArtifactList);
    const { result } = renderHook(() => useDeleteArtifact(), { wrapper });
    await act(async () => {
      await result.current.mutateAsync({ ...repo, artifact_id: 11 }).catch(() => undefined);
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(ForbiddenError);
    expect(queryClient.getQueryData<ArtifactList>(listKey)?.artifacts.map((a) => a.id)).toEqual([11]);
    expect(violations).toEqual([]);
  });

  it("item 8: two tokens on one QueryClient each fetch their own list, and no key holds a token", async () => {
    const other = "ghp_contractOtherToken00000000000000000000";
    const first = setup();
    const second = setup({ token: other }, first.queryClient);
    const a = renderHook(() => useArtifacts(repo), { wrapper: first.wrapper });
    await waitFor(() => expect(a.result.current.isSuccess).toBe(true));
    const b = renderHook(() => useArtifacts(repo), { wrapper: second.wrapper });
    // The second user starts from nothing rather than from the first user's cached page.
    expect(b.result.current.data).toBeUndefined();
    await waitFor(() => expect(b.result.current.isSuccess).toBe(true));
    expect([first.requests, second.requests].map((r) => r.length)).toEqual([1, 1]);
    const keys = first.queryClient
      .getQueryCache()
      .getAll()
      .map((query) => query.queryKey);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toEqual(keys[1]);
    expect(JSON.stringify(keys)).not.toContain(TOKEN);
    expect(JSON.stringify(keys)).not.toContain(other);
    expect([...first.violations, ...second.violations]).toEqual([]);
  });

  it("item 12: a hook's error is one of the client's typed errors", async () => {
    const { wrapper } = setup({ prefer: "code=403" });
    const { result } = renderHook(() => useArtifacts(repo), { wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    const error: ArtifactsClientError | null = result.current.error;
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(isRetryable(error)).toBe(false);
  });
});
