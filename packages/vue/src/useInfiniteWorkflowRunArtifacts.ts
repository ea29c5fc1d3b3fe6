import type { ListWorkflowRunArtifactsParams } from "@gh-artifacts/client";
import { type ArtifactInfiniteRunKey, type ArtifactPages, type ArtifactsError, artifactQueries } from "@gh-artifacts/query";
import { type UseInfiniteQueryReturnType, useInfiniteQuery } from "@tanstack/vue-query";
import { computed, type MaybeRefOrGetter, toValue } from "vue";
import type { ArtifactInfiniteQueryOptions } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** A workflow run's artifacts page by page: `data.pages`, `fetchNextPage()`, `hasNextPage`. Starts again from page 1 when `params` changes. */
export function useInfiniteWorkflowRunArtifacts<TData = ArtifactPages>(
  params: MaybeRefOrGetter<Omit<ListWorkflowRunArtifactsParams, "page">>,
  options?: MaybeRefOrGetter<ArtifactInfiniteQueryOptions<TData, ArtifactInfiniteRunKey> | undefined>,
): UseInfiniteQueryReturnType<TData, ArtifactsError> {
  const client = useArtifactsClient();
  // note: the spread reads every parameter inside the computed, so a change of any one of them is a new key.
  return useInfiniteQuery(computed(() => artifactQueries.infiniteListForRun(client, { ...toValue(params) }, toValue(options))));
}
