"use client";
import type { ListArtifactsForRepoParams } from "@gh-artifacts/client";
import type { ArtifactInfiniteListKey } from "@gh-artifacts/query";
import { type UseSuspenseInfiniteQueryResult, useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactPages, ArtifactSuspenseInfiniteQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** `useInfiniteArtifacts` for Suspense: suspends until the first page loads. */
export function useSuspenseInfiniteArtifacts<TData = ArtifactPages>(
  params: Omit<ListArtifactsForRepoParams, "page">,
  options?: ArtifactSuspenseInfiniteQueryOptions<TData, ArtifactInfiniteListKey>,
): UseSuspenseInfiniteQueryResult<TData, ArtifactsError> {
  return useSuspenseInfiniteQuery(artifactQueries.infiniteListForRepo(useArtifactsClient(), params, options));
}
