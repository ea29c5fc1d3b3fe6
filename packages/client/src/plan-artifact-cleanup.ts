import type { Artifact } from "@gh-artifacts/types";
import { InvalidInputError } from "./errors.js";
import { validateOptionKeys } from "./validate.js";

/** The fields of an artifact the planner reads; GitHub's `Artifact` has them all. */
export type CleanupCandidate = Pick<Artifact, "id" | "name" | "size_in_bytes" | "expired" | "created_at"> & {
  workflow_run?: { head_branch?: string | undefined } | null | undefined;
};

/** Which artifacts `planArtifactCleanup` deletes. Every field is optional. */
export interface ArtifactCleanupPolicy {
  /**
   * How many of the newest live (not expired) artifacts of each group are kept whatever their age. Expired ones
   * never count: keeping an archive that cannot be downloaded protects nothing. Default: `0`.
   */
  keepLatest?: number | undefined;
  /**
   * Only artifacts created more than this many milliseconds before `now` are deleted (see `parseDuration`).
   * Default: `0`, i.e. any artifact created before `now`. An artifact without a readable `created_at` is never
   * deleted: its age is unknown.
   */
  olderThanMs?: number | undefined;
  /** Only artifacts with exactly this name are considered; the others are skipped. Default: every name. */
  name?: string | undefined;
  /**
   * Only artifacts whose `workflow_run.head_branch` is exactly this are considered (one without a branch never
   * matches). Default: every branch, and artifacts without one.
   */
  branch?: string | undefined;
  /**
   * Consider expired artifacts too. They use no storage, so deleting them frees 0 bytes and only tidies the list.
   * Default: `false` (expired artifacts are skipped).
   */
  includeExpired?: boolean | undefined;
}

/** The artifacts of one name built from one branch, and what happens to them. */
export interface ArtifactCleanupGroup<T extends CleanupCandidate = Artifact> {
  /** The artifacts' `name`. */
  name: string;
  /** Their `workflow_run.head_branch`; `null` when GitHub does not say (no run, or a run without a branch). */
  branch: string | null;
  /** Kept, newest first: the newest `keepLatest` live ones, then those not old enough or of unknown age. */
  keep: T[];
  /** To delete, newest first. */
  delete: T[];
  /** Storage that deleting `delete` frees: the `size_in_bytes` of those not expired (an expired one counts 0). */
  bytes: number;
}

/** An artifact the policy does not touch, and why. */
export interface SkippedArtifact<T extends CleanupCandidate = Artifact> {
  /** The artifact as it was passed in. */
  artifact: T;
  /** `name` / `branch`: outside the policy's filter; `expired`: expired, and the policy does not include them. */
  reason: "name" | "branch" | "expired";
}

/** What `planArtifactCleanup` decided. Every input artifact is in exactly one `keep`, `delete` or `skipped`. */
export interface ArtifactCleanupPlan<T extends CleanupCandidate = Artifact> {
  /** One entry per (name, branch) the policy considers, sorted by name, then branch (`null` last). */
  groups: ArtifactCleanupGroup<T>[];
  /** Every artifact to delete, oldest first (so a run cut short has removed the oldest). */
  delete: T[];
  /** Artifacts outside the policy, by id. */
  skipped: SkippedArtifact<T>[];
  /** Artifacts created before this instant may be deleted (`now` minus `olderThanMs`). */
  cutoff: Date;
  /** `count` and `bytes` to delete (expired ones free 0 bytes), and how many are kept and skipped. */
  totals: { count: number; bytes: number; kept: number; skipped: number };
}

const POLICY_KEYS = ["keepLatest", "olderThanMs", "name", "branch", "includeExpired"];
// note: the earliest instant a Date can hold; a cutoff before it is clamped there (it deletes nothing either way).
const MIN_DATE_MS = -8.64e15;

function checkPolicy(policy: ArtifactCleanupPolicy): Required<Omit<ArtifactCleanupPolicy, "name" | "branch">> {
  validateOptionKeys(policy, "policy", POLICY_KEYS, "a cleanup policy option");
  const { keepLatest = 0, olderThanMs = 0, name, branch, includeExpired = false } = policy;
  if (!Number.isSafeInteger(keepLatest) || keepLatest < 0) {
    throw new InvalidInputError("keepLatest", "must be an integer >= 0");
  }
  if (!Number.isSafeInteger(olderThanMs) || olderThanMs < 0) {
    throw new InvalidInputError("olderThanMs", "must be a whole number of milliseconds >= 0");
  }
  for (const [field, value] of [
    ["name", name],
    ["branch", branch],
  ] as const) {
    if (value !== undefined && (typeof value !== "string" || value.length === 0)) {
      throw new InvalidInputError(field, "must be a non-empty string");
    }
  }
  if (typeof includeExpired !== "boolean") throw new InvalidInputError("includeExpired", "must be a boolean");
  return { keepLatest, olderThanMs, includeExpired };
}

function nowMs(now: Date | number): number {
  const ms = now instanceof Date ? now.getTime() : now;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new InvalidInputError("now", "must be a valid Date or a millisecond timestamp");
  }
  return ms;
}

/** `created_at` in ms, or `undefined` when missing or unreadable. */
function createdMs(artifact: CleanupCandidate): number | undefined {
  const ms = artifact.created_at ? Date.parse(artifact.created_at) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

const branchOf = (artifact: CleanupCandidate): string | null => artifact.workflow_run?.head_branch ?? null;

/** What the plan reads of an artifact besides its id: two copies that agree on these plan alike. */
const PLANNED = {
  name: (a: CleanupCandidate) => a.name,
  created_at: (a: CleanupCandidate) => a.created_at,
  expired: (a: CleanupCandidate) => a.expired,
  size_in_bytes: (a: CleanupCandidate) => a.size_in_bytes,
  "workflow_run.head_branch": branchOf,
};

/** The field in which two copies of one artifact disagree, as far as the plan reads them, if any. */
function differsIn(a: CleanupCandidate, b: CleanupCandidate): string | undefined {
  for (const [field, read] of Object.entries(PLANNED)) if (!Object.is(read(a), read(b))) return field;
  return undefined;
}

/** Newest first: by `created_at` (unknown last), then by id, higher first (GitHub's ids grow with time). */
function newestFirst(a: CleanupCandidate, b: CleanupCandidate): number {
  const ta = createdMs(a) ?? Number.NEGATIVE_INFINITY;
  const tb = createdMs(b) ?? Number.NEGATIVE_INFINITY;
  return ta !== tb ? (tb > ta ? 1 : -1) : b.id - a.id;
}

// note: plain code-unit order, not localeCompare, so the plan is the same on every machine and locale.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Plans a retention cleanup. Pure: no I/O, and `now` is a parameter, so the same input gives the same plan.
 *
 * Artifacts are grouped by (`name`, `workflow_run.head_branch`). In each group the newest `keepLatest` live ones
 * are kept (by `created_at`, ties by id); of the rest, those created before `now - olderThanMs` are deleted.
 * Expired artifacts are skipped unless `includeExpired`. A bad policy throws `InvalidInputError` naming the field.
 *
 * An id is counted once: pages joined by hand may hold the same artifact twice (items shift between pages while
 * listing), and a second copy would take a place among the `keepLatest` newest. A copy that agrees with the first
 * on what the plan reads (`name`, `created_at`, `expired`, `size_in_bytes`, `workflow_run.head_branch`) is dropped
 * and the plan holds the first; one that disagrees throws `InvalidInputError` naming `artifacts` and the id, since
 * either copy would give another plan (list again rather than guess which is current).
 */
export function planArtifactCleanup<T extends CleanupCandidate = Artifact>(
  artifacts: readonly T[],
  policy: ArtifactCleanupPolicy,
  now: Date | number,
): ArtifactCleanupPlan<T> {
  if (!Array.isArray(artifacts)) throw new InvalidInputError("artifacts", "must be an array");
  const { keepLatest, olderThanMs, includeExpired } = checkPolicy(policy);
  const cutoffMs = Math.max(nowMs(now) - olderThanMs, MIN_DATE_MS);

  const skipped: SkippedArtifact<T>[] = [];
  const byGroup = new Map<string, { name: string; branch: string | null; members: T[] }>();
  const byId = new Map<unknown, T>();
  for (const artifact of artifacts) {
    const first = byId.get(artifact.id);
    if (first) {
      const field = differsIn(first, artifact);
      if (field)
        throw new InvalidInputError(
          "artifacts",
          `must not hold artifact ${Number(artifact.id)} twice with different ${field}`,
        );
      continue;
    }
    byId.set(artifact.id, artifact);
    const branch = branchOf(artifact);
    if (policy.name !== undefined && artifact.name !== policy.name) skipped.push({ artifact, reason: "name" });
    else if (policy.branch !== undefined && branch !== policy.branch) skipped.push({ artifact, reason: "branch" });
    else if (artifact.expired && !includeExpired) skipped.push({ artifact, reason: "expired" });
    else {
      // note: JSON of the pair, so no name/branch text can collide with another pair's key.
      const key = JSON.stringify([artifact.name, branch]);
      const group = byGroup.get(key) ?? { name: artifact.name, branch, members: [] as T[] };
      group.members.push(artifact);
      byGroup.set(key, group);
    }
  }

  const groups: ArtifactCleanupGroup<T>[] = [];
  for (const { name, branch, members } of byGroup.values()) {
    const keep: T[] = [];
    const remove: T[] = [];
    let liveKept = 0;
    for (const artifact of members.sort(newestFirst)) {
      if (!artifact.expired && liveKept < keepLatest) {
        liveKept++;
        keep.push(artifact);
        continue;
      }
      const created = createdMs(artifact);
      if (created !== undefined && created < cutoffMs) remove.push(artifact);
      else keep.push(artifact);
    }
    const bytes = remove.reduce((sum, a) => sum + (a.expired ? 0 : a.size_in_bytes), 0);
    groups.push({ name, branch, keep, delete: remove, bytes });
  }
  groups.sort(
    (a, b) =>
      compareText(a.name, b.name) ||
      (a.branch === b.branch ? 0 : a.branch === null ? 1 : b.branch === null ? -1 : compareText(a.branch, b.branch)),
  );
  skipped.sort((a, b) => a.artifact.id - b.artifact.id || compareText(a.reason, b.reason));

  const toDelete = groups.flatMap((g) => g.delete).sort((a, b) => newestFirst(b, a));
  return {
    groups,
    delete: toDelete,
    skipped,
    cutoff: new Date(cutoffMs),
    totals: {
      count: toDelete.length,
      bytes: groups.reduce((sum, g) => sum + g.bytes, 0),
      kept: groups.reduce((sum, g) => sum + g.keep.length, 0),
      skipped: skipped.length,
    },
  };
}
