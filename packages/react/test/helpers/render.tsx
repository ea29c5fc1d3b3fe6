import { type ArtifactsClient, createArtifactsClient } from "@gh-artifacts/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type RenderResult, render } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { ArtifactsClientProvider } from "../../src/index.js";
import { createFakeGitHub, type FakeGitHub } from "./fakeGitHub.js";

export const repoRef = { owner: "octo", repo: "hello" } as const;

/** A fresh QueryClient per test: no retries, nothing garbage-collected mid-test. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY }, mutations: { retry: false } },
  });
}

/** The real client, talking to a fake GitHub through its `fetch` option, with a token (GitHub deletes for none). */
export function setup(options: Parameters<typeof createFakeGitHub>[0] = {}) {
  const github = createFakeGitHub(options);
  const client = createArtifactsClient({
    token: "ghp_test",
    fetch: github.fetch,
    retry: false,
    baseUrl: options.baseUrl,
  });
  const queryClient = createQueryClient();
  return { github, client, queryClient };
}

export function Providers(props: { client: ArtifactsClient; queryClient: QueryClient; children?: ReactNode }) {
  return (
    <QueryClientProvider client={props.queryClient}>
      <ArtifactsClientProvider client={props.client}>{props.children}</ArtifactsClientProvider>
    </QueryClientProvider>
  );
}

export function renderWithClient(
  ui: ReactElement,
  context: { client: ArtifactsClient; queryClient: QueryClient; github?: FakeGitHub },
): RenderResult {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <Providers client={context.client} queryClient={context.queryClient}>
      {children}
    </Providers>
  );
  return render(ui, { wrapper });
}
