"use client";
import type { ArtifactsClient } from "@gh-artifacts/client";
import { useContext } from "react";
import { ArtifactsClientContext } from "./ArtifactsClientContext.js";

/** The client given to the nearest `ArtifactsClientProvider`; throws when there is none. */
export function useArtifactsClient(): ArtifactsClient {
  const client = useContext(ArtifactsClientContext);
  if (!client) {
    throw new Error(
      "useArtifactsClient: no ArtifactsClientProvider above this component. Wrap your tree in " +
        "<ArtifactsClientProvider client={createArtifactsClient({ token })}> (inside your QueryClientProvider).",
    );
  }
  return client;
}
