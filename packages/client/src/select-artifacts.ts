import type { Artifact, ArtifactList, WorkflowRun } from "@gh-artifacts/types";
import { artifactMatches, runMatches, type Selection } from "./check-selector.js";
import type { ArtifactsClient } from "./create-client.js";
import { SelectionLimitError } from "./errors.js";

/** Artifacts read a page at a time (GitHub's largest page). */
const ARTIFACTS_PER_PAGE = 100;
/** Runs read a page at a time: the newest run usually answers, and a run with its objects is some kB of JSON. */
export const RUNS_PER_PAGE = 30;
/** Pages of one artifact list requested at once once its size is known. */
const CONCURRENCY = 4;

/** What a selection chose: the artifacts of one run that match, and that run when runs were read. */
export interface Selected {
  artifacts: Artifact[];
  run: WorkflowRun | undefined;
}

/** Later first: by `created_at`, ties by the larger id (GitHub's ids grow with time); no readable date comes last. */
export function newestFirst(
  a: { id: number; created_at?: string | null },
  b: { id: number; created_at?: string | null },
) {
  const time = (x: { created_at?: string | null }) => {
    const ms = x.created_at ? Date.parse(x.created_at) : Number.NaN;
    return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
  };
  const [ta, tb] = [time(a), time(b)];
  return ta === tb ? b.id - a.id : tb > ta ? 1 : -1;
}

/**
 * Every artifact of a list (a repository's, or one run's): page 1, then, its `total_count` known, the rest at once.
 * note: GitHub documents no order for these lists, so all of it is read; a list longer than the budget allows is
 * refused after its first page, before the rest is asked for.
 */
async function wholeList(page: (n: number) => Promise<ArtifactList>, s: Selection, what: string): Promise<Artifact[]> {
  s.budget.take(`next would be ${what}`);
  const first = await page(1);
  const pages = Math.max(1, Math.ceil(first.total_count / ARTIFACTS_PER_PAGE));
  if (pages - 1 > s.budget.left) {
    throw new SelectionLimitError(
      s.budget.max,
      `${what} has ${first.total_count} artifacts (${pages} pages of ${ARTIFACTS_PER_PAGE})`,
    );
  }
  const byId = new Map(first.artifacts.map((a) => [a.id, a]));
  for (let next = 2; next <= pages; next += CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, pages - next + 1) }, (_, i) => {
      s.budget.take(`next would be page ${next + i} of ${what}`);
      return page(next + i);
    });
    for (const list of await Promise.all(batch)) for (const a of list.artifacts) byId.set(a.id, a);
  }
  return [...byId.values()];
}

/** The artifact list (the repository's, or run `runId`'s), filtered: what is chosen without reading runs. */
async function fromArtifactList(gh: ArtifactsClient, s: Selection): Promise<Selected> {
  const { owner, repo, name, runId, signal } = s;
  const base = { owner, repo, name, per_page: ARTIFACTS_PER_PAGE, signal };
  const all =
    runId === undefined
      ? await wholeList((page) => gh.listArtifactsForRepo({ ...base, page }), s, "the artifact list")
      : await wholeList(
          (page) => gh.listWorkflowRunArtifacts({ ...base, run_id: runId, page }),
          s,
          `run ${runId}'s artifacts`,
        );
  const candidates = all.filter((a) => artifactMatches(a, s)).sort(newestFirst);
  const newest = candidates[0];
  if (!newest) return { artifacts: [], run: undefined };
  const run = newest.workflow_run?.id;
  // note: the newest match decides the run; an artifact that names no run is a run of its own.
  const artifacts = run === undefined ? [newest] : candidates.filter((a) => a.workflow_run?.id === run);
  return { artifacts, run: undefined };
}

/**
 * The runs, newest first, a page at a time (GitHub filtering what it can), each checked against every run filter;
 * for each match the run's artifacts are listed until one run holds a match. Stops at the last page, or with
 * `SelectionLimitError` when the budget is spent first.
 */
async function fromRuns(gh: ArtifactsClient, s: Selection): Promise<Selected> {
  const { owner, repo, branch, event, status, headSha: head_sha, workflow, signal } = s;
  // note: GitHub fills `pull_requests` only when asked; without a pullRequest filter it is left out (smaller pages).
  const exclude_pull_requests = s.pullRequest === undefined ? true : undefined;
  const query = {
    owner,
    repo,
    branch,
    event,
    status,
    head_sha,
    exclude_pull_requests,
    per_page: RUNS_PER_PAGE,
    signal,
  };
  const seen = new Set<number>();
  for (let page = 1; ; page++) {
    s.budget.take(`next would be page ${page} of the workflow runs`);
    const list =
      workflow === undefined
        ? await gh.listWorkflowRunsForRepo({ ...query, page })
        : await gh.listWorkflowRuns({ ...query, workflow_id: workflow, page });
    const runs = list.workflow_runs.filter((run) => !seen.has(run.id) && runMatches(run, s)).sort(newestFirst);
    for (const run of list.workflow_runs) seen.add(run.id);
    for (const run of runs) {
      const base = { owner, repo, run_id: run.id, name: s.name, per_page: ARTIFACTS_PER_PAGE, signal };
      const artifacts = await wholeList(
        (n) => gh.listWorkflowRunArtifacts({ ...base, page: n }),
        s,
        `run ${run.id}'s artifacts`,
      );
      const matching = artifacts.filter((a) => artifactMatches(a, s, true)).sort(newestFirst);
      if (matching.length > 0) return { artifacts: matching, run };
    }
    if (list.workflow_runs.length < RUNS_PER_PAGE || page * RUNS_PER_PAGE >= list.total_count) {
      return { artifacts: [], run: undefined };
    }
  }
}

/** What a checked selector chooses: the matching artifacts of the newest run that has any (newest first). */
export function selectArtifacts(gh: ArtifactsClient, s: Selection): Promise<Selected> {
  return s.viaRuns ? fromRuns(gh, s) : fromArtifactList(gh, s);
}
