"use client";
import type { ArtifactList, ListWorkflowRunArtifactsParams } from "@gh-artifacts/client";
import type { ArtifactRunKey } from "@gh-artifacts/query";
import { type UseSuspenseQueryResult, useSuspenseQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactSuspenseQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** `useWorkflowRunArtifacts` for Suspense: `data` is always defined. */
export function useSuspenseWorkflowRunArtifacts<TData = ArtifactList>(
  params: ListWorkflowRunArtifactsParams,
  options?: ArtifactSuspenseQueryOptions<ArtifactList, TData, ArtifactRunKey>,
): UseSuspenseQueryResult<TData, ArtifactsError> {
  return useSuspenseQuery(artifactQueries.listForRun(useArtifactsClient(), params, options));
}
