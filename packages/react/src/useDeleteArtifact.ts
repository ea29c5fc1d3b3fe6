"use client";
import type { DeleteArtifactParams } from "@gh-artifacts/client";
import { type DeleteArtifactContext, deleteArtifactMutationOptions } from "@gh-artifacts/query";
import { type UseMutationResult, useMutation, useQueryClient } from "@tanstack/react-query";
import type { ArtifactsError } from "./types.js";
import { useArtifactsClient } from "./useArtifactsClient.js";

/**
 * Deletes an artifact (`mutate({ owner, repo, artifact_id })`). It disappears at once from every cached list of
 * its repository (plain and infinite, `total_count` lowered) and its cached detail is dropped; on error that one
 * artifact comes back where it was (other deletes in flight stay applied). Once no delete of this client is still
 * running, its lists are refetched. A 404 means someone deleted it first, so it counts as success. Pass
 * `onSuccess`/`onError` to `mutate(params, { … })`.
 */
export function useDeleteArtifact(): UseMutationResult<
  void,
  ArtifactsError,
  DeleteArtifactParams,
  DeleteArtifactContext
> {
  return useMutation(deleteArtifactMutationOptions(useArtifactsClient(), useQueryClient()));
}
