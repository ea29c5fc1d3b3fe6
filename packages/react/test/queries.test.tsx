import { GitHubApiError, NotFoundError } from "@gh-artifacts/client";
import { renderHook, screen, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { useArtifact, useArtifacts, useWorkflowRunArtifacts } from "../src/index.js";
import { Providers, renderWithClient, repoRef, setup } from "./helpers/render.js";

function ArtifactList() {
  const { data, status, error } = useArtifacts({ ...repoRef, per_page: 2 });
  if (status === "pending") return <p>Loading…</p>;
  if (status === "error") return <p role="alert">{error.message}</p>;
  return (
    <ul>
      {data.artifacts.map((a) => (
        <li key={a.id}>{a.name}</li>
      ))}
    </ul>
  );
}

describe("useArtifacts", () => {
  it("should show loading, then the page the client returns", async () => {
    const ctx = setup({ count: 3 });
    renderWithClient(<ArtifactList />, ctx);
    expect(screen.getByText("Loading…")).toBeTruthy();
    // note: the newest first, as GitHub lists them: 3 and 2 of 3.
    expect(await screen.findByText("artifact-3")).toBeTruthy();
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    expect(ctx.github.requests[0]?.url.searchParams.get("per_page")).toBe("2");
  });

  it("should surface the client's typed error", async () => {
    const ctx = setup();
    ctx.github.failNext("GET", 404);
    renderWithClient(<ArtifactList />, ctx);
    expect((await screen.findByRole("alert")).textContent).toBe("Not Found");
    const [query] = ctx.queryClient.getQueryCache().getAll();
    expect(query?.state.error).toBeInstanceOf(NotFoundError);
    // note: the default retry policy never repeats a 4xx, whatever the QueryClient says.
    expect(ctx.github.requests).toHaveLength(1);
  });

  it("should pass React Query's signal, so unmounting aborts the request", async () => {
    const ctx = setup();
    const release = ctx.github.hold("GET");
    const { unmount } = renderWithClient(<ArtifactList />, ctx);
    await waitFor(() => expect(ctx.github.requests).toHaveLength(1));
    unmount();
    await waitFor(() => expect(ctx.github.requests[0]?.signal.aborted).toBe(true));
    release();
  });

  it("should retry a 5xx with the default policy, then succeed", async () => {
    const ctx = setup();
    ctx.github.failNext("GET", 503);
    const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
    const { result } = renderHook(() => useArtifacts(repoRef, { retryDelay: 0 }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.failureCount).toBe(0);
    expect(ctx.github.requests).toHaveLength(2);
  });
});

describe("useWorkflowRunArtifacts", () => {
  it("should list a run's artifacts", async () => {
    const ctx = setup({ count: 2 });
    const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
    const { result } = renderHook(() => useWorkflowRunArtifacts({ ...repoRef, run_id: 100 }), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.total_count).toBe(2);
    expect(ctx.github.requests[0]?.url.pathname).toBe("/repos/octo/hello/actions/runs/100/artifacts");
  });
});

describe("useArtifact", () => {
  it("should load one artifact, and report a missing one as NotFoundError", async () => {
    const ctx = setup({ count: 2 });
    const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
    const { result } = renderHook(() => useArtifact({ ...repoRef, artifact_id: 2 }), { wrapper });
    expect(result.current.data).toBeUndefined();
    await waitFor(() => expect(result.current.data?.name).toBe("artifact-2"));

    const missing = renderHook(() => useArtifact({ ...repoRef, artifact_id: 99 }), { wrapper });
    await waitFor(() => expect(missing.result.current.isError).toBe(true));
    expect(missing.result.current.error).toBeInstanceOf(GitHubApiError);
    expect((missing.result.current.error as GitHubApiError).status).toBe(404);
  });
});
