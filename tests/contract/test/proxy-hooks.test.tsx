// @vitest-environment happy-dom
// The React hooks on a client without a token, through the handler of @gh-artifacts/client/server in front of
// Prism: what a browser app's components see.
import { ForbiddenError, NotFoundError } from "@gh-artifacts/client";
import { artifactKeys, useArtifact, useArtifacts, useDeleteArtifact, useInfiniteArtifacts } from "@gh-artifacts/react";
import type { ArtifactList } from "@gh-artifacts/types";
import { act, cleanup, configure, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, inject, it } from "vitest";
import { OWNER, REPO, TOKEN } from "./helpers.js";
import { hookWrapper, newQueryClient } from "./hook-wrapper.js";
import { PREFIX, type ProxiedOptions, proxiedClient } from "./proxy-helpers.js";

const staticMode = inject("prismModes").find((m) => m.kind === "static")!;
const repo = { owner: OWNER, repo: REPO };

// A ceiling, not a delay: Prism's first answers can take over waitFor's default 1 s on a loaded machine.
configure({ asyncUtilTimeout: 10_000 });
afterEach(() => cleanup());

async function setup(options: ProxiedOptions = {}) {
  const queryClient = newQueryClient();
  const proxied = await proxiedClient(staticMode.url, options);
  // note: the page is served from the handler's origin, as a browser app is: its fetches are same-origin (happy-dom
  // enforces CORS, and the handler sends no CORS headers) and a DELETE carries the page's own Origin.
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${proxied.origin}/app/`);
  return { ...proxied, queryClient, wrapper: hookWrapper(queryClient, proxied.gh) };
}

describe("hooks through the handler against Prism", () => {
  it("useArtifacts shows the spec's example page; the token stays on the server", async () => {
    const { wrapper, violations, authorization, received } = await setup();
    const { result } = renderHook(() => useArtifacts({ ...repo, per_page: 2 }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.artifacts.map((a) => a.name)).toEqual(["Rails", "Test output"]);
    expect(authorization).toEqual({ browser: [null], upstream: [`Bearer ${TOKEN}`] });
    expect(received.join("\n")).not.toContain(TOKEN);
    expect(violations).toEqual([]);
  });

  it("useArtifact surfaces GitHub's 404 as NotFoundError", async () => {
    const { wrapper, violations } = await setup({ prefer: "code=404" });
    const { result } = renderHook(() => useArtifact({ ...repo, artifact_id: 11 }), { wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(NotFoundError);
    expect(violations).toEqual([]);
  });

  it("useInfiniteArtifacts ends after the last page the server reports", async () => {
    const { wrapper, requests, violations } = await setup();
    const { result } = renderHook(() => useInfiniteArtifacts({ ...repo, per_page: 100 }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.pages).toHaveLength(1);
    expect(result.current.hasNextPage).toBe(false);
    expect(requests).toEqual([`GET ${PREFIX}/repos/${OWNER}/${REPO}/actions/artifacts?per_page=100&page=1`]);
    expect(violations).toEqual([]);
  });

  it("useDeleteArtifact deletes when the handler's authorize allows it", async () => {
    const { wrapper, upstream, violations } = await setup();
    const { result } = renderHook(() => useDeleteArtifact(), { wrapper });
    await act(async () => {
      await result.current.mutateAsync({ ...repo, artifact_id: 11 });
    });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(upstream).toEqual([`DELETE /repos/${OWNER}/${REPO}/actions/artifacts/11`]);
    expect(violations).toEqual([]);
  });

  it("useDeleteArtifact rolls back when the handler refuses (its default policy), and Prism sees nothing", async () => {
    const { wrapper, queryClient, gh, upstream } = await setup({ authorize: undefined });
    const listKey = artifactKeys.list(gh, { ...repo, per_page: 2 });
    queryClient.setQueryData(listKey, { total_count: 1, artifacts: [{ id: 11, name: "Rails" }] } as ArtifactList);
    const { result } = renderHook(() => useDeleteArtifact(), { wrapper });
    await act(async () => {
      await result.current.mutateAsync({ ...repo, artifact_id: 11 }).catch(() => undefined);
    });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toBeInstanceOf(ForbiddenError);
    expect(queryClient.getQueryData<ArtifactList>(listKey)?.artifacts.map((a) => a.id)).toEqual([11]);
    expect(upstream.filter((r) => r.startsWith("DELETE"))).toEqual([]);
  });
});
