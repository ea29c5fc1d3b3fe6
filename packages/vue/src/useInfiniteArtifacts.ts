import type { ListArtifactsForRepoParams } from "@gh-artifacts/client";
import {
  type ArtifactInfiniteListKey,
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
 * A repository's artifacts page by page: `data.pages`, `fetchNextPage()`, `hasNextPage`; an artifact that moved across
 * a page boundary shows once. Starts again from page 1 when `params` changes.
 */
export function useInfiniteArtifacts<TData = ArtifactPages>(
  params: MaybeRefOrGetter<Omit<ListArtifactsForRepoParams, "page">>,
  options?: MaybeRefOrGetter<ArtifactInfiniteQueryOptions<TData, ArtifactInfiniteListKey> | undefined>,
): UseInfiniteQueryReturnType<TData, ArtifactsError> {
  const client = useArtifactsClient();
  // note: the spread reads every parameter inside the computed, so a change of any one of them is a new key.
  return useArtifactInfiniteQuery(() =>
    artifactQueries.infiniteListForRepo(client, { ...toValue(params) }, coreOptions(options)),
  );
}
