import type { ArtifactsClient } from "@gh-artifacts/client";
import { ArtifactsClientProvider } from "@gh-artifacts/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";

/** A QueryClient that never retries: a contract test sees the first answer's outcome. */
export const newQueryClient = () =>
  new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });

/** The `wrapper` for `renderHook`: `queryClient` and the real client `gh`, as an app provides them. */
export function hookWrapper(queryClient: QueryClient, gh: ArtifactsClient) {
  return ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <ArtifactsClientProvider client={gh}>{children}</ArtifactsClientProvider>
    </QueryClientProvider>
  );
}
