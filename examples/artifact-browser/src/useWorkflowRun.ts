import type { ArtifactWorkflowRun, WorkflowRun } from "@gh-artifacts/client";
import { artifactKeys, shouldRetryArtifactsError, useArtifactsClient } from "@gh-artifacts/react";
import { type UseQueryResult, useQuery } from "@tanstack/react-query";

/**
 * The workflow run an artifact came from (its number, result, workflow), or `null` when the listing has no such
 * run. note: an artifact records only its run's id, branch and commit, and the spec reads runs only by listing:
 * the runs of that commit (GitHub's `head_sha` filter) are few, and the one with that id is it.
 */
export function useWorkflowRun(
  owner: string,
  repo: string,
  run: ArtifactWorkflowRun | null | undefined,
): UseQueryResult<WorkflowRun | null, unknown> {
  const client = useArtifactsClient();
  const id = run?.id;
  const head_sha = run?.head_sha;
  return useQuery({
    // note: not `"run"`: under that segment the react package keeps a run's artifact lists.
    queryKey: [...artifactKeys.repo(client, { owner, repo }), "workflow-run", id, head_sha],
    queryFn: async ({ signal }) => {
      const list = await client.listWorkflowRunsForRepo({
        owner,
        repo,
        head_sha,
        per_page: 100,
        exclude_pull_requests: true,
        signal,
      });
      return list.workflow_runs.find((r) => r.id === id) ?? null;
    },
    enabled: id !== undefined && head_sha !== undefined,
    retry: shouldRetryArtifactsError,
  });
}
