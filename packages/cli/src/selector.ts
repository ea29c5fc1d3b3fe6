import { type ArtifactSelector, InvalidInputError, type WorkflowRunStatus } from "@gh-artifacts/client";
import type { Command, Flags } from "./context.js";
import { stringFlag } from "./context.js";
import { printable } from "./format.js";
import { parseWholeNumber } from "./repository.js";
import { UsageError } from "./usage-error.js";

/** The flags that pick a build besides `--name`, `--branch` and `--run-id` (which `list` and `download` had before). */
export const selectorOptions: Command["options"] = {
  pattern: { type: "string" },
  workflow: { type: "string" },
  sha: { type: "string" },
  event: { type: "string" },
  status: { type: "string" },
  pr: { type: "string" },
  "max-requests": { type: "string" },
};

/** Their help lines, shared by `list` and `download`. */
export const selectorHelp = `  --pattern GLOB   artifacts whose whole name matches: * any run, ? one character, [a-z], {a,b}
  --workflow W     only runs of this workflow: its file name (ci.yml) or id
  --branch BRANCH  only builds of this branch
  --sha SHA        only builds of this commit (a full SHA)
  --event E        only runs triggered by this event (push, pull_request, schedule, ...)
  --status S       only runs with this conclusion or status (success, failure, cancelled, completed,
                   in_progress, ...), or any; default success once a run filter (--workflow, --event,
                   --status, --pr) makes the runs be read
  --pr N           only runs GitHub links to pull request N (not runs from forks: use --sha or --branch)
  --run-id ID      only the artifacts of this workflow run
  --max-requests N the most requests the search sends before it gives up (default 20)`;

/** The flags that only the selector knows: given one of them, the client's selection picks. */
const NEW_FLAGS = ["pattern", "workflow", "sha", "event", "status", "pr", "max-requests"] as const;

/** Whether any flag of the selection beyond the old `--name`/`--branch`/`--run-id` is given. */
export const usesSelector = (flags: Flags) => NEW_FLAGS.some((flag) => flags[flag] !== undefined);

/** The client's selector for the flags (the client checks each value's rules, naming the field, before any request). */
export function selectorFrom(flags: Flags, target: { owner: string; repo: string }): ArtifactSelector {
  const name = stringFlag(flags, "name");
  const pattern = stringFlag(flags, "pattern");
  if (name !== undefined && pattern !== undefined) throw new UsageError("--name", "and --pattern exclude each other");
  const workflow = stringFlag(flags, "workflow");
  const runId = stringFlag(flags, "run-id");
  const pr = stringFlag(flags, "pr");
  const maxRequests = stringFlag(flags, "max-requests");
  const branch = stringFlag(flags, "branch");
  if (branch === "") throw new UsageError("--branch", "must not be empty");
  return {
    ...target,
    name,
    pattern,
    branch,
    headSha: stringFlag(flags, "sha"),
    event: stringFlag(flags, "event"),
    // note: digits name a workflow by id; anything else is its file name.
    workflow: workflow !== undefined && /^\d+$/.test(workflow) ? parseWholeNumber("--workflow", workflow, 1) : workflow,
    status: stringFlag(flags, "status") as WorkflowRunStatus | "any" | undefined,
    runId: runId === undefined ? undefined : parseWholeNumber("--run-id", runId, 1),
    pullRequest: pr === undefined ? undefined : parseWholeNumber("--pr", pr, 1),
    maxRequests: maxRequests === undefined ? undefined : parseWholeNumber("--max-requests", maxRequests, 1),
  };
}

/** The selector in words, for a message: `matching "dist-*" from ci.yml on branch "main" (success)`. */
export function describeSelector(s: ArtifactSelector): string {
  const parts = [
    s.name !== undefined ? `named ${JSON.stringify(s.name)}` : "",
    s.pattern !== undefined ? `matching ${JSON.stringify(String(s.pattern))}` : "",
    s.workflow !== undefined ? `from ${printable(String(s.workflow))}` : "",
    s.runId !== undefined ? `of run ${s.runId}` : "",
    s.branch !== undefined ? `on branch ${JSON.stringify(s.branch)}` : "",
    s.headSha !== undefined ? `at ${s.headSha}` : "",
    s.event !== undefined ? `on ${printable(s.event)} events` : "",
    s.pullRequest !== undefined ? `for pull request #${s.pullRequest}` : "",
  ].filter(Boolean);
  const runs = s.workflow !== undefined || s.event !== undefined || s.pullRequest !== undefined;
  const status = s.status ?? (runs ? "success" : undefined);
  if (status !== undefined && status !== "any") parts.push(`(${printable(status)} runs)`);
  return parts.join(" ");
}

/** The selector's fields as the flags that set them. */
const FLAG_OF: Record<string, string> = {
  name: "--name",
  pattern: "--pattern",
  branch: "--branch",
  headSha: "--sha",
  event: "--event",
  workflow: "--workflow",
  status: "--status",
  runId: "--run-id",
  pullRequest: "--pr",
  maxRequests: "--max-requests",
};

/** Runs a selection, its input errors (thrown before any request) named by the flag that set the value. */
export async function withFlagNames<T>(select: () => Promise<T>): Promise<T> {
  try {
    return await select();
  } catch (error) {
    const flag = error instanceof InvalidInputError ? FLAG_OF[error.field] : undefined;
    throw flag ? new UsageError(flag, error instanceof InvalidInputError ? error.rule : "") : error;
  }
}
