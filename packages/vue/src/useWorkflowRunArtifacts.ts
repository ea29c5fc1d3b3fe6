import type { ArtifactList, ListWorkflowRunArtifactsParams } from "@gh-artifacts/client";
import { type ArtifactRunKey, type ArtifactsError, artifactQueries } from "@gh-artifacts/query";
import type { UseQueryReturnType } from "@tanstack/vue-query";
import { type MaybeRefOrGetter, toValue } from "vue";
import type { ArtifactQueryOptions } from "./types.js";
import { coreOptions, useArtifactQuery } from "./useArtifactQuery.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** One page of a workflow run's artifacts. Refetches when `params` (a ref, a getter or a plain object) changes. */
export function useWorkflowRunArtifacts<TData = ArtifactList>(
  params: MaybeRefOrGetter<ListWorkflowRunArtifactsParams>,
  options?: MaybeRefOrGetter<ArtifactQueryOptions<ArtifactList, TData, ArtifactRunKey> | undefined>,
): UseQueryReturnType<TData, ArtifactsError> {
  const client = useArtifactsClient();
  // note: the spread reads every parameter inside the computed, so a change of any one of them is a new key.
  return useArtifactQuery(() => artifactQueries.listForRun(client, { ...toValue(params) }, coreOptions(options)));
}
