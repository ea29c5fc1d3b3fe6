"use client";
import { type DeleteArtifactParams, NotFoundError } from "@gh-artifacts/client";
import { type QueryKey, type UseMutationResult, useMutation, useQueryClient } from "@tanstack/react-query";
import { artifactKeys } from "./artifactKeys.js";
import { type CacheSnapshot, removeArtifactFromCache, restoreCache } from "./removeArtifactFromCache.js";
import type { ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/** What `onMutate` hands to `onError`: the cache entries to put back. */
export interface DeleteArtifactContext {
  snapshot: CacheSnapshot;
}

// note: the position of "list" | "run" | "detail" in a key, read from `artifactKeys` rather than hard-coded.
const KIND = artifactKeys.repo("", { owner: "", repo: "" }).length;

/**
 * Deletes an artifact (`mutate({ owner, repo, artifact_id })`). It disappears at once from every cached list of
 * its repository (plain and infinite, `total_count` lowered) and its cached detail is dropped; on error all of it
 * comes back. When the call settles the repository's lists are refetched. A 404 means someone deleted it first,
 * so it counts as success. Pass `onSuccess`/`onError` to `mutate(params, { … })`.
 */
export function useDeleteArtifact(): UseMutationResult<
  void,
  ArtifactsError,
  DeleteArtifactParams,
  DeleteArtifactContext
> {
  const client = useArtifactsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...artifactKeys.all(client), "delete"],
    mutationFn: async (params: DeleteArtifactParams) => {
      try {
        await client.deleteArtifact(params);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    },
    onMutate: async (params) => {
      const repoKey = artifactKeys.repo(client, params);
      const detailKey = artifactKeys.detail(client, params);
      const affected = (key: QueryKey) => key[KIND] !== "detail" || key[KIND + 1] === params.artifact_id;
      // note: an in-flight fetch would overwrite the optimistic state when it lands; `onSettled` refetches.
      await queryClient.cancelQueries({ queryKey: repoKey, predicate: (query) => affected(query.queryKey) });
      return { snapshot: removeArtifactFromCache(queryClient, [repoKey], detailKey, params.artifact_id) };
    },
    onError: (_error, _params, context) => {
      if (context) restoreCache(queryClient, context.snapshot);
    },
    onSettled: (_data, error, params) =>
      queryClient.invalidateQueries({
        queryKey: artifactKeys.repo(client, params),
        // note: after a delete the detail would only answer 404; after a failure it is refetched with the lists.
        predicate: (query) =>
          query.queryKey[KIND] !== "detail" || (error !== null && query.queryKey[KIND + 1] === params.artifact_id),
      }),
  });
}
