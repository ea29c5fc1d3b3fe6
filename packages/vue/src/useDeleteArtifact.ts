import type { DeleteArtifactParams } from "@gh-artifacts/client";
import { type ArtifactsError, type DeleteArtifactContext, deleteArtifactMutationOptions } from "@gh-artifacts/query";
import { type UseMutationReturnType, useMutation, useQueryClient } from "@tanstack/vue-query";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * Deletes an artifact (`mutate({ owner, repo, artifact_id })`). It disappears at once from every cached list of its
 * repository (plain and infinite, `total_count` lowered) and its cached detail is dropped; on error that one artifact
 * comes back where it was (other deletes in flight stay applied). Once no delete of this client is still running, its
 * lists are refetched. A 404 means someone deleted it first, so it counts as success.
 */
export function useDeleteArtifact(): UseMutationReturnType<
  void,
  ArtifactsError,
  DeleteArtifactParams,
  DeleteArtifactContext
> {
  const client = useArtifactsClient();
  return useMutation(deleteArtifactMutationOptions(client, useQueryClient()));
}
