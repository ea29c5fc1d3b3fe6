"use client";
import type { ListArtifactsForRepoParams } from "@gh-artifacts/client";
import type { ArtifactInfiniteListKey } from "@gh-artifacts/query";
import { type UseInfiniteQueryResult, useInfiniteQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactInfiniteQueryOptions, ArtifactPages, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** A repository's artifacts page by page: `data.pages`, `fetchNextPage()`, `hasNextPage`. */
export function useInfiniteArtifacts<TData = ArtifactPages>(
  params: Omit<ListArtifactsForRepoParams, "page">,
  options?: ArtifactInfiniteQueryOptions<TData, ArtifactInfiniteListKey>,
): UseInfiniteQueryResult<TData, ArtifactsError> {
  return useInfiniteQuery(artifactQueries.infiniteListForRepo(useArtifactsClient(), params, options));
}
