"use client";
import type { Artifact, GetArtifactParams } from "@gh-artifacts/client";
import type { ArtifactDetailKey } from "@gh-artifacts/query";
import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** One artifact (`GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}`); `data` is `undefined` until it loads. */
export function useArtifact<TData = Artifact>(
  params: GetArtifactParams,
  options?: ArtifactQueryOptions<Artifact, TData, ArtifactDetailKey>,
): UseQueryResult<TData, ArtifactsError> {
  return useQuery(artifactQueries.detail(useArtifactsClient(), params, options));
}
