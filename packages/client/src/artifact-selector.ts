import type { WorkflowRunStatus } from "@gh-artifacts/types";

/**
 * Which build's artifacts to take: a repository, then filters, every one given must match. Filters on the run
 * (`workflow`, `event`, `status`, `pullRequest`) make the selection read the repository's workflow runs, newest
 * first; without them it reads the artifact list alone.
 */
export interface ArtifactSelector {
  /** The repository's owner. Required. */
  owner: string;
  /** The repository's name. Required. */
  repo: string;
  /** Only artifacts named exactly this (not with `pattern`). Default: any name. */
  name?: string | undefined;
  /**
   * Only artifacts whose whole name matches: a glob (`"dist-*"`, `"{linux,macos}-?64"`, `[a-z]`) or a RegExp (not
   * with `name`). Default: any name.
   */
  pattern?: string | RegExp | undefined;
  /** Only builds of this branch (the run's `head_branch`). Default: every branch. */
  branch?: string | undefined;
  /** Only builds of this commit: a full SHA, compared with the run's `head_sha`. Default: every commit. */
  headSha?: string | undefined;
  /** Only runs triggered by this event (`"push"`, `"pull_request"`, `"schedule"`, …); reads runs. Default: every event. */
  event?: string | undefined;
  /** Only runs of this workflow: its file name (`"ci.yml"`) or its id; reads runs. Default: every workflow. */
  workflow?: string | number | undefined;
  /**
   * Only runs with this conclusion (`"success"`, `"failure"`, `"cancelled"`, …) or status (`"completed"`,
   * `"in_progress"`, …), `"any"` for every run. Default: `"success"` whenever runs are read, else not checked.
   */
  status?: WorkflowRunStatus | "any" | undefined;
  /** Only the artifacts of this workflow run (not with the run filters, which it cannot be checked against). */
  runId?: number | undefined;
  /**
   * Only runs GitHub links to this pull request number (the run's `pull_requests`); reads runs. note: GitHub links no
   * pull request to a run from a fork: select those by `headSha` or `branch`. Default: any.
   */
  pullRequest?: number | undefined;
  /** The most requests the selection sends; it stops with `SelectionLimitError` rather than read further. Default: `20`. */
  maxRequests?: number | undefined;
  /** Cancels the selection. Default: none. */
  signal?: AbortSignal | undefined;
}
