import type { Artifact } from "@gh-artifacts/types";
import type { ArtifactsClient } from "./create-client.js";
import { InvalidInputError } from "./errors.js";
import { validateOptionKeys } from "./validate.js";

/** The fields of an artifact the picker reads; GitHub's `Artifact` has them all. */
export type LatestArtifactCandidate = Pick<Artifact, "id" | "name" | "expired" | "created_at"> & {
  workflow_run?: { head_branch?: string | undefined } | null | undefined;
};

/** Which artifact `pickLatestArtifact` picks. */
export interface PickLatestArtifactOptions {
  /** Only artifacts with exactly this name. Required: a non-empty string. */
  name: string;
  /**
   * Only artifacts whose `workflow_run.head_branch` is exactly this (one without a branch never matches). Default:
   * every branch, and artifacts without one.
   */
  branch?: string | undefined;
  /** Consider expired artifacts too. Default: `false` (an expired artifact has no archive left to download). */
  includeExpired?: boolean | undefined;
}

/** What `findLatestArtifact` looks for, and where. */
export interface FindLatestArtifactParams extends PickLatestArtifactOptions {
  /** The repository's owner. Required. */
  owner: string;
  /** The repository's name. Required. */
  repo: string;
  /** Only the artifacts of this workflow run. Default: every artifact of the repository. */
  run_id?: number | undefined;
  /** Aborts the listing. Default: none. */
  signal?: AbortSignal | undefined;
}

const PICK_KEYS = ["name", "branch", "includeExpired"];
const FIND_KEYS = [...PICK_KEYS, "owner", "repo", "run_id", "signal"];

function checkOptions(options: PickLatestArtifactOptions, known: string[], what: string): void {
  validateOptionKeys(options, "options", known, `${what} option`);
  const { name, branch, includeExpired } = options;
  if (typeof name !== "string" || name.length === 0) throw new InvalidInputError("name", "must be a non-empty string");
  if (branch !== undefined && (typeof branch !== "string" || branch.length === 0)) {
    throw new InvalidInputError("branch", "must be a non-empty string");
  }
  if (includeExpired !== undefined && typeof includeExpired !== "boolean") {
    throw new InvalidInputError("includeExpired", "must be a boolean");
  }
}

/** `created_at` in ms; missing or unreadable sorts below every real date. */
function createdMs(artifact: LatestArtifactCandidate): number {
  const ms = artifact.created_at ? Date.parse(artifact.created_at) : Number.NaN;
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

function pick<T extends LatestArtifactCandidate>(artifacts: readonly T[], options: PickLatestArtifactOptions) {
  const { name, branch, includeExpired = false } = options;
  let latest: T | undefined;
  let latestMs = Number.NEGATIVE_INFINITY;
  for (const artifact of artifacts) {
    if (artifact.name !== name || (artifact.expired && !includeExpired)) continue;
    if (branch !== undefined && artifact.workflow_run?.head_branch !== branch) continue;
    const ms = createdMs(artifact);
    // note: ties go to the larger id: GitHub's ids grow with time, so it is the later upload.
    if (!latest || ms > latestMs || (ms === latestMs && artifact.id > latest.id)) {
      latest = artifact;
      latestMs = ms;
    }
  }
  return latest;
}

/**
 * The newest artifact named exactly `name` (and built from `branch`), or `undefined` when none matches. Pure.
 *
 * Newest is by `created_at`, ties by the larger `id`; an artifact without a readable `created_at` comes after every
 * dated one. Expired artifacts are skipped unless `includeExpired`. Bad input throws `InvalidInputError` naming
 * the field.
 */
export function pickLatestArtifact<T extends LatestArtifactCandidate = Artifact>(
  artifacts: readonly T[],
  options: PickLatestArtifactOptions,
): T | undefined {
  if (!Array.isArray(artifacts)) throw new InvalidInputError("artifacts", "must be an array");
  checkOptions(options, PICK_KEYS, "a pickLatestArtifact");
  return pick(artifacts, options);
}

/**
 * The newest artifact named exactly `name` in a repository (or one workflow run), optionally built from `branch`;
 * `undefined` when there is none. Expired ones are skipped unless `includeExpired`.
 *
 * It lists with GitHub's `name` filter and reads every page: GitHub documents no order for the list, so stopping
 * early could miss the newest. Bad input rejects with `InvalidInputError` naming the field before any request.
 */
export async function findLatestArtifact(
  gh: ArtifactsClient,
  params: FindLatestArtifactParams,
): Promise<Artifact | undefined> {
  checkOptions(params, FIND_KEYS, "a findLatestArtifact");
  const { owner, repo, name, run_id, signal } = params;
  const list = { owner, repo, name, signal };
  // note: the list methods check owner, repo, name and run_id by the client's rules before they send anything.
  const artifacts =
    run_id === undefined
      ? await gh.listAllArtifactsForRepo(list)
      : await gh.listAllWorkflowRunArtifacts({ ...list, run_id });
  return pick(artifacts, params);
}
