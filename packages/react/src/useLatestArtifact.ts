"use client";
import type { Artifact } from "@gh-artifacts/client";
import type { ArtifactLatestKey } from "@gh-artifacts/query";
import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import { latestArtifactQueryOptions } from "./artifactQueries.js";
import type { ArtifactQueryOptions, ArtifactsError, LatestArtifactParams } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * The newest artifact a selector names, as the client's `findLatestArtifact` finds it: `name` or `pattern`, and any
 * of `branch`, `headSha`, `event`, `workflow`, `status`, `runId`, `pullRequest` ("the latest successful ci.yml build
 * on main": `{ workflow: "ci.yml", branch: "main", name: "dist" }`); expired ones skipped unless `includeExpired`.
 * `data` is `undefined` until it loads, then the artifact, or `null` when there is none. The selector is part of the
 * query key, and a delete through `useDeleteArtifact` refetches it.
 */
export function useLatestArtifact<TData = Artifact | null>(
  params: LatestArtifactParams,
  options?: ArtifactQueryOptions<Artifact | null, TData, ArtifactLatestKey>,
): UseQueryResult<TData, ArtifactsError> {
  return useQuery(latestArtifactQueryOptions(useArtifactsClient(), params, options));
}
