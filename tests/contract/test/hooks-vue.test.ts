// @vitest-environment happy-dom
// The Vue composables on the real client against Prism: the cases of hooks.test.tsx, through `@gh-artifacts/vue`.
import { type ArtifactsClientError, ForbiddenError, isRetryable, NotFoundError } from "@gh-artifacts/client";
import type { ArtifactList } from "@gh-artifacts/types";
import { artifactKeys, useArtifact, useArtifacts, useDeleteArtifact, useInfiniteArtifacts } from "@gh-artifacts/vue";
import type { QueryClient } from "@tanstack/vue-query";
import type { VueWrapper } from "@vue/test-utils";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { mountComposable, newVueQueryClient } from "./composable-wrapper.js";
import { type ContractClientOptions, contractClient, OWNER, REPO, TOKEN } from "./helpers.js";

const staticMode = inject("prismModes").find((m) => m.kind === "static")!;
const repo = { owner: OWNER, repo: REPO };
// A ceiling, not a delay: Prism's first answers can take over a second on a loaded machine.
const waitFor = (assertion: () => void) => vi.waitFor(assertion, { timeout: 10_000 });

const mounted: VueWrapper[] = [];
afterEach(() => {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
});

/** A fresh QueryClient (unless one is given) and the real client per test; `mount` runs a composable in a component. */
function setup(options: ContractClientOptions = {}, queryClient: QueryClient = newVueQueryClient()) {
  const contract = contractClient(staticMode.url, options);
  const mount = <R>(composable: () => R): R => {
    const { result, wrapper } = mountComposable(queryClient, contract.gh, composable);
    mounted.push(wrapper);
    return result;
  };
  return { ...contract, queryClient, mount };
}

describe("Vue composables against Prism", () => {
  it("useArtifacts shows the spec's example page", async () => {
    const { mount, violations } = setup();
    const list = mount(() => useArtifacts({ ...repo, per_page: 2 }));
    expect(list.isPending.value).toBe(true);
    await waitFor(() => expect(list.isSuccess.value).toBe(true));
    expect(list.data.value?.artifacts.map((a) => a.name)).toEqual(["Rails", "Test output"]);
    expect(violations).toEqual([]);
  });

  it("useArtifact surfaces GitHub's 404 as NotFoundError", async () => {
    const { mount, violations } = setup({ prefer: "code=404" });
    const artifact = mount(() => useArtifact({ ...repo, artifact_id: 11 }));
    await waitFor(() => expect(artifact.isError.value).toBe(true));
    expect(artifact.error.value).toBeInstanceOf(NotFoundError);
    expect(artifact.error.value?.message).toContain("Not Found");
    expect(violations).toEqual([]);
  });

  it("useInfiniteArtifacts ends after the last page the server reports", async () => {
    const { mount, violations } = setup();
    const list = mount(() => useInfiniteArtifacts({ ...repo, per_page: 100 }));
    await waitFor(() => expect(list.isSuccess.value).toBe(true));
    expect(list.data.value?.pages).toHaveLength(1);
    expect(list.hasNextPage.value).toBe(false);
    expect(violations).toEqual([]);
  });

  it("useDeleteArtifact removes the artifact from the cached list when Prism answers 204", async () => {
    const { mount, queryClient, gh, violations, requests } = setup();
    const listKey = artifactKeys.list(gh, { ...repo, per_page: 2 });
    const { list, del } = mount(() => ({ list: useArtifacts({ ...repo, per_page: 2 }), del: useDeleteArtifact() }));
    await waitFor(() => expect(list.isSuccess.value).toBe(true));
    await del.mutateAsync({ ...repo, artifact_id: 11 });
    expect(requests).toContain(`DELETE /repos/${OWNER}/${REPO}/actions/artifacts/11`);
    // The list is refetched on settle; Prism is stateless, so the example comes back whole.
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(queryClient.getQueryData<ArtifactList>(listKey)?.total_count).toBe(2);
    expect(violations).toEqual([]);
  });

  it("useDeleteArtifact rolls back when Prism answers 403", async () => {
    const { mount, queryClient, gh, violations } = setup({ prefer: "code=403" });
    const listKey = artifactKeys.list(gh, { ...repo, per_page: 2 });
    queryClient.setQueryData(listKey, {
      total_count: 1,
      artifacts: [{ id: 11, name: "Rails" }],
    } as ArtifactList);
    const del = mount(() => useDeleteArtifact());
    await del.mutateAsync({ ...repo, artifact_id: 11 }).catch(() => undefined);
    await waitFor(() => expect(del.isError.value).toBe(true));
    expect(del.error.value).toBeInstanceOf(ForbiddenError);
    expect(queryClient.getQueryData<ArtifactList>(listKey)?.artifacts.map((a) => a.id)).toEqual([11]);
    expect(violations).toEqual([]);
  });

  it("item 8: two tokens on one QueryClient each fetch their own list, and no key holds a token", async () => {
    const other = "ghp_contractOtherToken00000000000000000000";
    const first = setup();
    const second = setup({ token: other }, first.queryClient);
    const a = first.mount(() => useArtifacts(repo));
    await waitFor(() => expect(a.isSuccess.value).toBe(true));
    const b = second.mount(() => useArtifacts(repo));
    // The second user starts from nothing rather than from the first user's cached page.
    expect(b.data.value).toBeUndefined();
    await waitFor(() => expect(b.isSuccess.value).toBe(true));
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

  it("item 12: a composable's error is one of the client's typed errors", async () => {
    const { mount } = setup({ prefer: "code=403" });
    const list = mount(() => useArtifacts(repo));
    await waitFor(() => expect(list.isError.value).toBe(true));
    const error: ArtifactsClientError | null = list.error.value;
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(isRetryable(error)).toBe(false);
  });
});
