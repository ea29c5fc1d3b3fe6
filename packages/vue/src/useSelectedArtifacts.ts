import type { Artifact, ArtifactSelector } from "@gh-artifacts/client";
import { type ArtifactSelectedKey, type ArtifactsError, selectedArtifactsQueryOptions } from "@gh-artifacts/query";
import type { UseQueryReturnType } from "@tanstack/vue-query";
import { type MaybeRefOrGetter, toValue } from "vue";
import type { ArtifactQueryOptions } from "./types.js";
import { coreOptions, useArtifactQuery } from "./useArtifactQuery.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * Every artifact of the newest run a selector names that matches it (`workflow`, `branch`, `status`, `pattern`, …),
 * newest first, as the client's `findArtifacts` finds them: `undefined` until it loads, then the artifacts (`[]` when
 * none). Refetches when the selector changes, and after a delete through `useDeleteArtifact`.
 */
export function useSelectedArtifacts<TData = Artifact[]>(
  params: MaybeRefOrGetter<Omit<ArtifactSelector, "signal">>,
  options?: MaybeRefOrGetter<ArtifactQueryOptions<Artifact[], TData, ArtifactSelectedKey> | undefined>,
): UseQueryReturnType<TData, ArtifactsError> {
  const client = useArtifactsClient();
  // note: the spread reads every parameter inside the computed, so a change of any one of them is a new key.
  return useArtifactQuery(() => selectedArtifactsQueryOptions(client, { ...toValue(params) }, coreOptions(options)));
}
