import type { ListWorkflowRunArtifactsParams } from "@gh-artifacts/client";
import {
  type ArtifactInfiniteRunKey,
  type ArtifactPages,
  type ArtifactsError,
  artifactQueries,
} from "@gh-artifacts/query";
import type { UseInfiniteQueryReturnType } from "@tanstack/vue-query";
import { type MaybeRefOrGetter, toValue } from "vue";
import type { ArtifactInfiniteQueryOptions } from "./types.js";
import { coreOptions, useArtifactInfiniteQuery } from "./useArtifactQuery.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * A workflow run's artifacts page by page: `data.pages`, `fetchNextPage()`, `hasNextPage`. Starts again from page 1
 * when `params` changes.
 */
export function useInfiniteWorkflowRunArtifacts<TData = ArtifactPages>(
  params: MaybeRefOrGetter<Omit<ListWorkflowRunArtifactsParams, "page">>,
  options?: MaybeRefOrGetter<ArtifactInfiniteQueryOptions<TData, ArtifactInfiniteRunKey> | undefined>,
): UseInfiniteQueryReturnType<TData, ArtifactsError> {
  const client = useArtifactsClient();
  // note: the spread reads every parameter inside the computed, so a change of any one of them is a new key.
  return useArtifactInfiniteQuery(() =>
    artifactQueries.infiniteListForRun(client, { ...toValue(params) }, coreOptions(options)),
  );
}
