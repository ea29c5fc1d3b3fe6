import { type Artifact, parameterRules, type WorkflowRun, type WorkflowRunStatus } from "@gh-artifacts/types";
import type { ArtifactSelector } from "./artifact-selector.js";
import { InvalidInputError, SelectionLimitError } from "./errors.js";
import { globToRegExp } from "./glob-to-regexp.js";
import { type OperationId, validateInteger, validateOptionKeys, validateParams } from "./validate.js";

// note: apart from `ArtifactSelector`, whose file the public types load, so that a consumer's typecheck does not
// read these internals.

/** A checked selector, as the selection reads it. */
export interface Selection {
  owner: string;
  repo: string;
  /** Sent as GitHub's `name` filter. */
  name: string | undefined;
  matchName: (name: string) => boolean;
  branch: string | undefined;
  headSha: string | undefined;
  event: string | undefined;
  workflow: string | number | undefined;
  /** The run status or conclusion required; `undefined` for any. */
  status: WorkflowRunStatus | undefined;
  runId: number | undefined;
  pullRequest: number | undefined;
  includeExpired: boolean;
  /** Whether the workflow runs must be read (a filter only a run has). */
  viaRuns: boolean;
  signal: AbortSignal | undefined;
  budget: RequestBudget;
}

/** Counts the requests of one selection. */
export interface RequestBudget {
  /** Counts one request, or throws `SelectionLimitError` saying what it would have read when none is left. */
  take(what: string): void;
  /** Requests left. */
  readonly left: number;
  readonly max: number;
}

export const DEFAULT_MAX_REQUESTS = 20;
const MAX_MAX_REQUESTS = 1000;

export const SELECTOR_KEYS = [
  "owner",
  "repo",
  "name",
  "pattern",
  "branch",
  "headSha",
  "event",
  "workflow",
  "status",
  "runId",
  "pullRequest",
  "maxRequests",
  "signal",
] as const;

// note: GitHub's `status` filter takes both; a run has them in two fields.
const RUN_STATUSES = new Set(["completed", "in_progress", "queued", "requested", "waiting", "pending"]);
const STATUS_VALUES = (parameterRules["actions/list-workflow-runs-for-repo"].status[4] ?? []) as readonly string[];

function requestBudget(max: number): RequestBudget {
  let used = 0;
  return {
    take(what) {
      if (used >= max) throw new SelectionLimitError(max, what);
      used++;
    },
    get left() {
      return max - used;
    },
    max,
  };
}

/** Checks `values` by the rules of `operationId`, naming the selector's own field (`headSha`) in an error. */
function checkAs(operationId: OperationId, values: Record<string, unknown>, fields: Record<string, string>): void {
  try {
    validateParams(operationId, values);
  } catch (error) {
    if (error instanceof InvalidInputError && fields[error.field]) {
      throw new InvalidInputError(fields[error.field] as string, error.rule);
    }
    throw error;
  }
}

/** A matcher for `pattern` (a glob or a RegExp), or for exactly `name`, or for any name. */
function nameMatcher(name: string | undefined, pattern: unknown): (name: string) => boolean {
  if (pattern instanceof RegExp) {
    // note: a copy without `g` and `y`: their `lastIndex` would make one test depend on the one before.
    const regexp = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
    return (n) => regexp.test(n);
  }
  if (typeof pattern === "string") {
    const regexp = globToRegExp(pattern);
    return (n) => regexp.test(n);
  }
  return name === undefined ? () => true : (n) => n === name;
}

/**
 * Checks a selector before any request and says how to read it. `extra` are further keys the caller knows (and
 * checks itself); `needsName`: exactly one of `name` and `pattern` is required.
 */
export function checkSelector(
  params: ArtifactSelector & { includeExpired?: unknown },
  known: readonly string[],
  what: string,
  needsName: boolean,
): Selection {
  validateOptionKeys(params, "options", known, what);
  const { owner, repo, name, pattern, branch, headSha, event, workflow, status, runId, pullRequest } = params;
  if (name !== undefined && pattern !== undefined)
    throw new InvalidInputError("pattern", "and name exclude each other");
  if (needsName && name === undefined && pattern === undefined) {
    throw new InvalidInputError("name", "is required (or give pattern)");
  }
  if (name !== undefined && typeof name !== "string") throw new InvalidInputError("name", "must be a non-empty string");
  if (pattern !== undefined && !(pattern instanceof RegExp) && (typeof pattern !== "string" || pattern === "")) {
    throw new InvalidInputError("pattern", "must be a non-empty glob string or a RegExp");
  }
  // note: the artifact list's rules check owner, repo and name; the run listings' the filters GitHub takes.
  checkAs("actions/list-artifacts-for-repo", { owner, repo, name }, {});
  const filters = { owner, repo, branch, event, head_sha: headSha };
  const fields = { head_sha: "headSha", workflow_id: "workflow" };
  if (workflow === undefined) checkAs("actions/list-workflow-runs-for-repo", filters, fields);
  else checkAs("actions/list-workflow-runs", { ...filters, workflow_id: workflow }, fields);
  if (status !== undefined && status !== "any" && !STATUS_VALUES.includes(status as string)) {
    throw new InvalidInputError("status", `must be "any" or one of ${STATUS_VALUES.map((v) => `"${v}"`).join(", ")}`);
  }
  if (runId !== undefined)
    checkAs("actions/list-workflow-run-artifacts", { owner, repo, run_id: runId }, { run_id: "runId" });
  if (pullRequest !== undefined) validateInteger("pullRequest", pullRequest, 1, Number.MAX_SAFE_INTEGER);
  const maxRequests = params.maxRequests ?? DEFAULT_MAX_REQUESTS;
  validateInteger("maxRequests", maxRequests, 1, MAX_MAX_REQUESTS);
  const includeExpired = params.includeExpired ?? false;
  if (typeof includeExpired !== "boolean") throw new InvalidInputError("includeExpired", "must be a boolean");
  const viaRuns =
    workflow !== undefined || event !== undefined || pullRequest !== undefined || (status ?? "any") !== "any";
  if (runId !== undefined && viaRuns) {
    throw new InvalidInputError(
      "runId",
      "names one run: it cannot be checked against workflow, event, status or pullRequest (leave them out)",
    );
  }
  return {
    owner,
    repo,
    name,
    matchName: nameMatcher(name, pattern),
    branch,
    headSha: headSha?.toLowerCase(),
    event,
    workflow,
    // note: whenever runs are read, only successful ones count unless the caller says otherwise.
    status: viaRuns && status !== "any" ? (status ?? "success") : undefined,
    runId,
    pullRequest,
    includeExpired,
    viaRuns,
    signal: params.signal,
    budget: requestBudget(maxRequests),
  };
}

/** The file name in a run's `path` (`.github/workflows/ci.yml`, also with an `@ref` after it). */
function isWorkflowFile(path: unknown, file: string): boolean {
  if (typeof path !== "string") return false;
  const base = path.slice(path.lastIndexOf("/") + 1);
  return base === file || base.startsWith(`${file}@`);
}

/** Whether a run passes every run filter of the selection (checked again here, whatever the server filtered). */
export function runMatches(run: WorkflowRun, s: Selection): boolean {
  if (s.branch !== undefined && run.head_branch !== s.branch) return false;
  if (s.headSha !== undefined && run.head_sha?.toLowerCase() !== s.headSha) return false;
  if (s.event !== undefined && run.event !== s.event) return false;
  if (typeof s.workflow === "number" && run.workflow_id !== s.workflow) return false;
  if (typeof s.workflow === "string" && !isWorkflowFile(run.path, s.workflow)) return false;
  if (s.status !== undefined && (RUN_STATUSES.has(s.status) ? run.status : run.conclusion) !== s.status) return false;
  if (s.pullRequest !== undefined && !run.pull_requests?.some((pr) => pr?.number === s.pullRequest)) return false;
  return true;
}

/**
 * Whether an artifact passes the selection's artifact filters: its name, not expired, and (unless its run was
 * checked already, `ofMatchingRun`) its run's branch and commit as the artifact records them.
 */
export function artifactMatches(artifact: Artifact, s: Selection, ofMatchingRun = false): boolean {
  if (typeof artifact.name !== "string" || !s.matchName(artifact.name)) return false;
  if (artifact.expired && !s.includeExpired) return false;
  if (ofMatchingRun) return true;
  const run = artifact.workflow_run;
  if (s.branch !== undefined && run?.head_branch !== s.branch) return false;
  if (s.headSha !== undefined && run?.head_sha?.toLowerCase() !== s.headSha) return false;
  return true;
}
