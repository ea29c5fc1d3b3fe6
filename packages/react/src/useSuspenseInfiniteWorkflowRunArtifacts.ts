"use client";
import type { ListWorkflowRunArtifactsParams } from "@gh-artifacts/client";
import type { ArtifactInfiniteRunKey } from "@gh-artifacts/query";
import { type UseSuspenseInfiniteQueryResult, useSuspenseInfiniteQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactPages, ArtifactSuspenseInfiniteQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** `useInfiniteWorkflowRunArtifacts` for Suspense: suspends until the first page loads. */
export function useSuspenseInfiniteWorkflowRunArtifacts<TData = ArtifactPages>(
  params: Omit<ListWorkflowRunArtifactsParams, "page">,
  options?: ArtifactSuspenseInfiniteQueryOptions<TData, ArtifactInfiniteRunKey>,
): UseSuspenseInfiniteQueryResult<TData, ArtifactsError> {
  return useSuspenseInfiniteQuery(artifactQueries.infiniteListForRun(useArtifactsClient(), params, options));
}
