import type { WorkflowRunList } from "@gh-artifacts/client";
import { artifactKeys, shouldRetryArtifactsError, useArtifactsClient } from "@gh-artifacts/react";
import { type UseQueryResult, useQuery } from "@tanstack/react-query";

/** How many of the newest runs the picker reads for its workflows and branches: one page, GitHub's largest. */
export const RECENT_RUNS = 100;

/**
 * The repository's newest workflow runs (one page of `RECENT_RUNS`, through the proxy's run listing): what the
 * latest-build picker offers as workflows and branches. note: the spec has no workflow listing, and the runs say
 * which workflows have been running lately, which is what a user picks from.
 */
export function useRecentRuns(owner: string, repo: string): UseQueryResult<WorkflowRunList, unknown> {
  const client = useArtifactsClient();
  return useQuery({
    // note: under the repository's key, so it shares its scope (who asks, which API) with the artifact queries.
    queryKey: [...artifactKeys.repo(client, { owner, repo }), "recent-runs"],
    queryFn: ({ signal }) =>
      client.listWorkflowRunsForRepo({ owner, repo, per_page: RECENT_RUNS, exclude_pull_requests: true, signal }),
    retry: shouldRetryArtifactsError,
  });
}
