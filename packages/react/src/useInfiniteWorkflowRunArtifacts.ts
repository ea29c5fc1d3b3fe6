"use client";
import type { ListWorkflowRunArtifactsParams } from "@gh-artifacts/client";
import type { ArtifactInfiniteRunKey } from "@gh-artifacts/query";
import { type UseInfiniteQueryResult, useInfiniteQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactInfiniteQueryOptions, ArtifactPages, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** A workflow run's artifacts page by page: `data.pages`, `fetchNextPage()`, `hasNextPage`. */
export function useInfiniteWorkflowRunArtifacts<TData = ArtifactPages>(
  params: Omit<ListWorkflowRunArtifactsParams, "page">,
  options?: ArtifactInfiniteQueryOptions<TData, ArtifactInfiniteRunKey>,
): UseInfiniteQueryResult<TData, ArtifactsError> {
  return useInfiniteQuery(artifactQueries.infiniteListForRun(useArtifactsClient(), params, options));
}
