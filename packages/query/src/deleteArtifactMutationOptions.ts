import { type ArtifactsClient, type DeleteArtifactParams, NotFoundError } from "@gh-artifacts/client";
import type { MutationOptions, QueryClient } from "@tanstack/query-core";
import { artifactKeys } from "./artifactKeys.js";
import { type RemovedArtifact, removeArtifactFromCache, restoreArtifact } from "./removeArtifactFromCache.js";
import type { ArtifactsError } from "./types.js";

/** What `onMutate` hands to `onError`: where the artifact was taken out of the cache, to put it back there. */
export interface DeleteArtifactContext {
  removed: RemovedArtifact[];
}

/** What `deleteArtifactMutationOptions` returns: mutation options with every part this package fills in. */
export type DeleteArtifactMutationOptions = Required<
  Pick<
    MutationOptions<void, ArtifactsError, DeleteArtifactParams, DeleteArtifactContext>,
    "mutationKey" | "mutationFn" | "onMutate" | "onError" | "onSettled"
  >
>;

// note: the position of "list" | "run" | "detail" in a key: after `artifactKeys.repo`'s
// ["gh-artifacts", baseUrl, cacheScope, "repo", owner, repo] (a test checks it against `artifactKeys`).
export const KIND = 6;

/**
 * Mutation options that delete an artifact (`mutate({ owner, repo, artifact_id })`), for `new MutationObserver(…)`,
 * `queryClient.getMutationCache().build(…)` or an adapter's `useMutation`. It disappears at once from every cached
 * list of its repository (plain and infinite, `total_count` lowered) and its cached detail is dropped; on error
 * that one artifact comes back where it was (other deletes in flight stay applied). Once no delete of this client is
 * still running, its lists are refetched. A 404 means someone deleted it first, so it counts as success.
 * `queryClient` must be the one the lists are cached in.
 */
export function deleteArtifactMutationOptions(
  client: ArtifactsClient,
  queryClient: QueryClient,
): DeleteArtifactMutationOptions {
  const mutationKey = [...artifactKeys.all(client), "delete"];
  return {
    mutationKey,
    mutationFn: async (params) => {
      try {
        await client.deleteArtifact(params);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    },
    onMutate: async (params) => {
      const repoKey = artifactKeys.repo(client, params);
      const detailKey = artifactKeys.detail(client, params);
      // note: an in-flight fetch would overwrite the optimistic state when it lands; `onSettled` refetches.
      await queryClient.cancelQueries({
        queryKey: repoKey,
        predicate: ({ queryKey: key }) => key[KIND] !== "detail" || key[KIND + 1] === params.artifact_id,
      });
      return { removed: removeArtifactFromCache(queryClient, repoKey, detailKey, params.artifact_id) };
    },
    onError: (_error, params, context) => {
      if (context) restoreArtifact(queryClient, context.removed, params.artifact_id);
    },
    onSettled: async (_data, error, params) => {
      // note: after a delete the detail would only answer 404; after a failure it is refetched.
      if (error) await queryClient.invalidateQueries({ queryKey: artifactKeys.detail(client, params), exact: true });
      // note: this mutation still counts as running here. While another delete runs, a refetch would bring its
      // artifact back from the server; the last one to settle refetches for all (of any repository, hence `all`).
      // Counted after the detail's refetch: a delete that settled meanwhile saw this one running and left it to us.
      if (queryClient.isMutating({ mutationKey }) < 2) {
        await queryClient.invalidateQueries({
          queryKey: artifactKeys.all(client),
          predicate: (query) => query.queryKey[KIND] !== "detail",
        });
      }
    },
  };
}
