import type { ArtifactsClient } from "@gh-artifacts/client";
import { createContext } from "react";

// note: internal; read it through `useArtifactsClient`, which fails loudly outside the provider.
export const ArtifactsClientContext = createContext<ArtifactsClient | null>(null);
ArtifactsClientContext.displayName = "ArtifactsClientContext";
