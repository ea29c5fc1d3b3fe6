import type { Artifact } from "@gh-artifacts/types";
import type { ArtifactSelector } from "./artifact-selector.js";
import { checkSelector, SELECTOR_KEYS } from "./check-selector.js";
import type { ArtifactsClient } from "./create-client.js";
import { InvalidInputError } from "./errors.js";
import { newestFirst, selectArtifacts } from "./select-artifacts.js";
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

/** The name filter `findLatestArtifact` needs: exactly one of `name` and `pattern`. */
export type ArtifactNameFilter = { name: string; pattern?: undefined } | { pattern: string | RegExp; name?: undefined };

/** What `findLatestArtifact` looks for: a selector with a `name` or a `pattern`, and these. */
export type FindLatestArtifactParams = ArtifactSelector &
  ArtifactNameFilter & {
    /** GitHub's spelling of `runId`, kept for the calls written before it. @deprecated Use `runId`. */
    run_id?: number | undefined;
    /** Consider expired artifacts too. Default: `false` (an expired artifact has no archive left to download). */
    includeExpired?: boolean | undefined;
  };

const PICK_KEYS = ["name", "branch", "includeExpired"];
const FIND_KEYS = [...SELECTOR_KEYS, "run_id", "includeExpired"];

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
 * The newest artifact a selector names (`name` or `pattern`, then any of `branch`, `headSha`, `event`, `workflow`,
 * `status`, `runId`, `pullRequest`), or `undefined` when there is none; expired ones never count unless
 * `includeExpired`.
 *
 * Without a run filter (`workflow`, `event`, `status`, `pullRequest`) it reads the artifact list (the repository's,
 * or run `runId`'s; GitHub's `name` filter narrows it) and takes the newest match by `created_at`, ties by the larger
 * id. With one, it reads the workflow runs newest first (only successful ones unless `status` says otherwise) and
 * takes the newest match of the newest run that has one. It sends at most `maxRequests` requests (default 20) and
 * rejects with `SelectionLimitError` rather than read further. Bad input rejects with `InvalidInputError` naming the
 * field, before any request.
 */
export async function findLatestArtifact(
  gh: ArtifactsClient,
  params: FindLatestArtifactParams,
): Promise<Artifact | undefined> {
  const { run_id, ...selector } = params as FindLatestArtifactParams & Record<string, unknown>;
  validateOptionKeys(params, "options", FIND_KEYS, "a findLatestArtifact option");
  if (run_id !== undefined && selector.runId !== undefined && run_id !== selector.runId) {
    throw new InvalidInputError("run_id", "and runId name different runs");
  }
  const runId = selector.runId ?? run_id;
  let selection: ReturnType<typeof checkSelector>;
  try {
    selection = checkSelector({ ...selector, runId }, FIND_KEYS, "a findLatestArtifact option", true);
  } catch (error) {
    // note: a bad `run_id` is named as the caller spelt it.
    if (error instanceof InvalidInputError && error.field === "runId" && selector.runId === undefined) {
      throw new InvalidInputError("run_id", error.rule);
    }
    throw error;
  }
  const { artifacts } = await selectArtifacts(gh, selection);
  return [...artifacts].sort(newestFirst)[0];
}
