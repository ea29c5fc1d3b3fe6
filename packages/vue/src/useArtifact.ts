import type { Artifact, GetArtifactParams } from "@gh-artifacts/client";
import { type ArtifactDetailKey, type ArtifactsError, artifactQueries } from "@gh-artifacts/query";
import type { UseQueryReturnType } from "@tanstack/vue-query";
import { type MaybeRefOrGetter, toValue } from "vue";
import type { ArtifactQueryOptions } from "./types.js";
import { coreOptions, useArtifactQuery } from "./useArtifactQuery.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * One artifact (`GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}`). Refetches when `params` (a ref, a getter
 * or a plain object) changes.
 */
export function useArtifact<TData = Artifact>(
  params: MaybeRefOrGetter<GetArtifactParams>,
  options?: MaybeRefOrGetter<ArtifactQueryOptions<Artifact, TData, ArtifactDetailKey> | undefined>,
): UseQueryReturnType<TData, ArtifactsError> {
  const client = useArtifactsClient();
  // note: the spread reads every parameter inside the computed, so a change of any one of them is a new key.
  return useArtifactQuery(() => artifactQueries.detail(client, { ...toValue(params) }, coreOptions(options)));
}
