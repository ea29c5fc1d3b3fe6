"use client";
import type { Artifact, GetArtifactParams } from "@gh-artifacts/client";
import type { ArtifactDetailKey } from "@gh-artifacts/query";
import { type UseSuspenseQueryResult, useSuspenseQuery } from "@tanstack/react-query";
import { artifactQueries } from "./artifactQueries.js";
import type { ArtifactSuspenseQueryOptions, ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** `useArtifact` for Suspense: `data` is always an `Artifact`. */
export function useSuspenseArtifact<TData = Artifact>(
  params: GetArtifactParams,
  options?: ArtifactSuspenseQueryOptions<Artifact, TData, ArtifactDetailKey>,
): UseSuspenseQueryResult<TData, ArtifactsError> {
  return useSuspenseQuery(artifactQueries.detail(useArtifactsClient(), params, options));
}
