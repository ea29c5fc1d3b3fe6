import type { Artifact, ArtifactList, WorkflowRunList } from "@gh-artifacts/types";
import { UnexpectedResponseError } from "./errors.js";

// note: only what the methods and the paginator rely on is checked (cheap on every call); the reasons never quote
// the body, which may hold anything a proxy put there.

// note: a workflow run is checked the same way: its numeric id is what the paginator relies on.
const isArtifact = (value: unknown) => typeof (value as Artifact | null)?.id === "number";

/** The JSON object in a 2xx body if `problem` finds none in it; otherwise `UnexpectedResponseError`. */
function parse<T>(text: unknown, status: number, problem: (value: Record<string, unknown>) => string | undefined): T {
  let value: unknown;
  let reason: string | undefined;
  try {
    value = text ? JSON.parse(text as string) : undefined;
  } catch {
    reason = "the body is not JSON";
  }
  reason ??= !text
    ? "the body is empty"
    : value && typeof value === "object" && !Array.isArray(value)
      ? problem(value as Record<string, unknown>)
      : "the body is not a JSON object";
  if (reason) throw new UnexpectedResponseError(status, reason);
  return value as T;
}

/** The artifact in a 2xx body, or `UnexpectedResponseError`. */
export const artifactFrom = (text: unknown, status: number) =>
  parse<Artifact>(text, status, (v) => (isArtifact(v) ? undefined : "id is not a number"));

/** A list in a 2xx body (`total_count`, and its items under `key`, each with a numeric id), or the error. */
const listOf =
  <T>(key: string, item: string) =>
  (text: unknown, status: number) =>
    parse<T>(text, status, (v) =>
      typeof v.total_count !== "number"
        ? "total_count is not a number"
        : !Array.isArray(v[key])
          ? `${key} is not an array`
          : v[key].every(isArtifact)
            ? undefined
            : `${item} has no numeric id`,
    );

/** The artifact list in a 2xx body, or `UnexpectedResponseError`. */
export const listFrom = listOf<ArtifactList>("artifacts", "an artifact");

/** The workflow run list in a 2xx body, or `UnexpectedResponseError`. */
export const runListFrom = listOf<WorkflowRunList>("workflow_runs", "a workflow run");
