import type { ArtifactsClient } from "@gh-artifacts/client";
import type { InjectionKey } from "vue";

// note: internal; read it through `useArtifactsClient`, which fails loudly when nothing provided a client.
export const artifactsClientKey: InjectionKey<ArtifactsClient> = Symbol("gh-artifacts client");
