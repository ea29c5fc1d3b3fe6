import { createArtifactsClient } from "@gh-artifacts/client";
import { renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { ArtifactsClientProvider, useArtifacts, useArtifactsClient } from "../src/index.js";
import { createQueryClient, Providers, repoRef } from "./helpers/render.js";

describe("ArtifactsClientProvider", () => {
  it("should hand its client to the hooks below it", () => {
    const client = createArtifactsClient({ fetch: vi.fn() });
    const wrapper = ({ children }: { children: ReactNode }) => (
      <ArtifactsClientProvider client={client}>{children}</ArtifactsClientProvider>
    );
    expect(renderHook(() => useArtifactsClient(), { wrapper }).result.current).toBe(client);
  });

  it("should explain what is missing when a hook runs outside it", () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => renderHook(() => useArtifactsClient())).toThrow(/no ArtifactsClientProvider above this component/);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <Providers client={undefined as never} queryClient={createQueryClient()}>
        {children}
      </Providers>
    );
    expect(() => renderHook(() => useArtifacts(repoRef), { wrapper })).toThrow(/<ArtifactsClientProvider client=/);
  });
});
