"use client";
import type { Artifact, ArtifactSelector } from "@gh-artifacts/client";
import type { ArtifactSelectedKey } from "@gh-artifacts/query";
import { type UseQueryResult, useQuery } from "@tanstack/react-query";
import { selectedArtifactsQueryOptions } from "./artifactQueries.js";
import type { ArtifactQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * Every artifact of the newest run a selector names that matches it (`workflow`, `branch`, `status`, `pattern`, …:
 * "the artifacts of the latest successful ci.yml run on main"), newest first, as the client's `findArtifacts` finds
 * them. `data` is `undefined` until it loads, then the artifacts (`[]` when there are none). The selector is part of
 * the query key (a RegExp pattern too), and a delete through `useDeleteArtifact` refetches it.
 */
export function useSelectedArtifacts<TData = Artifact[]>(
  params: Omit<ArtifactSelector, "signal">,
  options?: ArtifactQueryOptions<Artifact[], TData, ArtifactSelectedKey>,
): UseQueryResult<TData, ArtifactsError> {
  return useQuery(selectedArtifactsQueryOptions(useArtifactsClient(), params, options));
}
