import { createArtifactsClient } from "@gh-artifacts/client";
import { dehydrate, HydrationBoundary, hydrate, QueryClient } from "@tanstack/react-query";
import { act } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { artifactQueries, useArtifacts } from "../src/index.js";
import { createFakeGitHub } from "./helpers/fakeGitHub.js";
import { Providers, repoRef } from "./helpers/render.js";

// note: as in React Query's SSR guide, a staleTime above 0 keeps the client from refetching right after hydration.
const TOKEN = "ghp_ssrTestToken0000000000000000000000000";

const ssrQueryClient = () => new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: false } } });

function Page() {
  const { data, isFetching } = useArtifacts(repoRef);
  return (
    <ul data-fetching={String(isFetching)}>
      {data?.artifacts.map((a) => (
        <li key={a.id}>{a.name}</li>
      ))}
    </ul>
  );
}

describe("server rendering", () => {
  it("item 8: should render prefetched data on the server and hydrate without a refetch, for the same token", async () => {
    const github = createFakeGitHub({ count: 2 });
    const fetch = vi.fn(github.fetch);
    const client = createArtifactsClient({ token: TOKEN, fetch, retry: false });

    // On the server: prefetch through the shared factory, render, dehydrate.
    const serverQueries = ssrQueryClient();
    await serverQueries.prefetchQuery(artifactQueries.listForRepo(client, repoRef));
    const state = JSON.parse(JSON.stringify(dehydrate(serverQueries)));
    const html = renderToString(
      <Providers client={client} queryClient={serverQueries}>
        <Page />
      </Providers>,
    );
    expect(html).toContain("artifact-2");
    expect(fetch).toHaveBeenCalledOnce();

    // In the browser: a new QueryClient, the same markup, hydrated from the dehydrated state.
    const browserQueries = ssrQueryClient();
    const consoleError = vi.spyOn(console, "error");
    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    const errors = vi.fn();
    const root = await act(async () =>
      hydrateRoot(
        container,
        <Providers client={createArtifactsClient({ token: TOKEN, fetch, retry: false })} queryClient={browserQueries}>
          <HydrationBoundary state={state}>
            <Page />
          </HydrationBoundary>
        </Providers>,
        { onRecoverableError: errors },
      ),
    );
    expect(container.querySelectorAll("li")).toHaveLength(2);
    expect(container.querySelector("ul")?.dataset.fetching).toBe("false");
    expect(errors).not.toHaveBeenCalled();
    expect(consoleError).not.toHaveBeenCalled(); // React reports hydration mismatches there
    expect(fetch).toHaveBeenCalledOnce();
    act(() => root.unmount());
    container.remove();
  });

  it("item 8: dehydrated state holds no token, and another identity in the browser does not pick it up", async () => {
    const github = createFakeGitHub({ count: 2 });
    const server = createArtifactsClient({ token: TOKEN, fetch: github.fetch, retry: false });
    const serverQueries = ssrQueryClient();
    await serverQueries.prefetchQuery(artifactQueries.listForRepo(server, repoRef));
    const json = JSON.stringify(dehydrate(serverQueries));
    expect(json).not.toContain(TOKEN);

    const browserQueries = ssrQueryClient();
    hydrate(browserQueries, JSON.parse(json));
    const same = createArtifactsClient({ token: TOKEN, fetch: github.fetch });
    const anonymous = createArtifactsClient({ fetch: github.fetch });
    expect(browserQueries.getQueryData(artifactQueries.listForRepo(same, repoRef).queryKey)?.total_count).toBe(2);
    expect(browserQueries.getQueryData(artifactQueries.listForRepo(anonymous, repoRef).queryKey)).toBeUndefined();
  });
});
