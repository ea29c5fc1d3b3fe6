"use client";
import type { Artifact, FindLatestArtifactParams } from "@gh-artifacts/client";
import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import type { ArtifactLatestKey } from "./artifactKeys.js";
import { latestArtifactQueryOptions } from "./artifactQueries.js";
import type { ArtifactQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * The newest artifact named exactly `name` (from `branch`, or of run `run_id`; expired ones skipped unless
 * `includeExpired`), as the client's `findLatestArtifact` finds it. `data` is `undefined` until it loads, then the
 * artifact, or `null` when there is none. A delete through `useDeleteArtifact` refetches it.
 */
export function useLatestArtifact<TData = Artifact | null>(
  params: Omit<FindLatestArtifactParams, "signal">,
  options?: ArtifactQueryOptions<Artifact | null, TData, ArtifactLatestKey>,
): UseQueryResult<TData, ArtifactsError> {
  return useQuery(latestArtifactQueryOptions(useArtifactsClient(), params, options));
}
