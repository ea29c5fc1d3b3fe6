import type { Artifact } from "@gh-artifacts/client";
import {
  type ArtifactLatestKey,
  type ArtifactsError,
  type LatestArtifactParams,
  latestArtifactQueryOptions,
} from "@gh-artifacts/query";
import type { UseQueryReturnType } from "@tanstack/vue-query";
import { type MaybeRefOrGetter, toValue } from "vue";
import type { ArtifactQueryOptions } from "./types.js";
import { coreOptions, useArtifactQuery } from "./useArtifactQuery.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * The newest artifact a selector names, as the client's `findLatestArtifact` finds it: `name` or `pattern`, and any
 * of `branch`, `headSha`, `event`, `workflow`, `status`, `runId`, `pullRequest`. `data` is `undefined` until it
 * loads, then the artifact, or `null` when there is none. Refetches when the selector changes, and after a delete
 * through `useDeleteArtifact`.
 */
export function useLatestArtifact<TData = Artifact | null>(
  params: MaybeRefOrGetter<LatestArtifactParams>,
  options?: MaybeRefOrGetter<ArtifactQueryOptions<Artifact | null, TData, ArtifactLatestKey> | undefined>,
): UseQueryReturnType<TData, ArtifactsError> {
  const client = useArtifactsClient();
  // note: the spread reads every parameter inside the computed, so a change of any one of them is a new key.
  return useArtifactQuery(() =>
    latestArtifactQueryOptions(client, { ...toValue(params) } as LatestArtifactParams, coreOptions(options)),
  );
}
