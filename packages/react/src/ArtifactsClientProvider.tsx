"use client";
import type { ArtifactsClient } from "@gh-artifacts/client";
import type { ReactNode } from "react";
import { ArtifactsClientContext } from "./ArtifactsClientContext.js";

/** Props of `ArtifactsClientProvider`. */
export interface ArtifactsClientProviderProps {
  /** The client every hook below uses, from `createArtifactsClient(…)`. Required. */
  client: ArtifactsClient;
  /** The tree that uses the hooks. Default: nothing. */
  children?: ReactNode;
}

/** Makes `client` available to the hooks of this package. Place it inside your `QueryClientProvider`. */
export function ArtifactsClientProvider({ client, children }: ArtifactsClientProviderProps) {
  return <ArtifactsClientContext.Provider value={client}>{children}</ArtifactsClientContext.Provider>;
}
