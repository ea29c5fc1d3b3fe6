"use client";
import type { ArtifactList, ListArtifactsForRepoParams } from "@gh-artifacts/client";
import type { ArtifactListKey } from "@gh-artifacts/query";
import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** One page of a repository's artifacts (`GET /repos/{owner}/{repo}/actions/artifacts`). */
export function useArtifacts<TData = ArtifactList>(
  params: ListArtifactsForRepoParams,
  options?: ArtifactQueryOptions<ArtifactList, TData, ArtifactListKey>,
): UseQueryResult<TData, ArtifactsError> {
  return useQuery(artifactQueries.listForRepo(useArtifactsClient(), params, options));
}
