import type { ArtifactList, ListArtifactsForRepoParams } from "@gh-artifacts/client";
import { type ArtifactListKey, type ArtifactsError, artifactQueries } from "@gh-artifacts/query";
import type { UseQueryReturnType } from "@tanstack/vue-query";
import { type MaybeRefOrGetter, toValue } from "vue";
import type { ArtifactQueryOptions } from "./types.js";
import { coreOptions, useArtifactQuery } from "./useArtifactQuery.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * One page of a repository's artifacts (`GET /repos/{owner}/{repo}/actions/artifacts`). Refetches when `params` (a ref,
 * a getter or a plain object) changes.
 */
export function useArtifacts<TData = ArtifactList>(
  params: MaybeRefOrGetter<ListArtifactsForRepoParams>,
  options?: MaybeRefOrGetter<ArtifactQueryOptions<ArtifactList, TData, ArtifactListKey> | undefined>,
): UseQueryReturnType<TData, ArtifactsError> {
  const client = useArtifactsClient();
  // note: the spread reads every parameter inside the computed, so a change of any one of them is a new key.
  return useArtifactQuery(() => artifactQueries.listForRepo(client, { ...toValue(params) }, coreOptions(options)));
}
