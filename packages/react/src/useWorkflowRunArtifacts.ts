"use client";
import type { ArtifactList, ListWorkflowRunArtifactsParams } from "@gh-artifacts/client";
import type { ArtifactRunKey } from "@gh-artifacts/query";
import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** One page of a workflow run's artifacts (`GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts`). */
export function useWorkflowRunArtifacts<TData = ArtifactList>(
  params: ListWorkflowRunArtifactsParams,
  options?: ArtifactQueryOptions<ArtifactList, TData, ArtifactRunKey>,
): UseQueryResult<TData, ArtifactsError> {
  return useQuery(artifactQueries.listForRun(useArtifactsClient(), params, options));
}
