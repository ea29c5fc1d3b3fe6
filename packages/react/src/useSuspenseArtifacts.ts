"use client";
import type { ArtifactList, ListArtifactsForRepoParams } from "@gh-artifacts/client";
import type { ArtifactListKey } from "@gh-artifacts/query";
import { type UseSuspenseQueryResult, useSuspenseQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactSuspenseQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** `useArtifacts` for Suspense: suspends until the page loads, so `data` is always defined. */
export function useSuspenseArtifacts<TData = ArtifactList>(
  params: ListArtifactsForRepoParams,
  options?: ArtifactSuspenseQueryOptions<ArtifactList, TData, ArtifactListKey>,
): UseSuspenseQueryResult<TData, ArtifactsError> {
  return useSuspenseQuery(artifactQueries.listForRepo(useArtifactsClient(), params, options));
}
