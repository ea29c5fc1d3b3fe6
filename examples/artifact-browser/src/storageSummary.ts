import type { Artifact } from "@gh-artifacts/client";

// note: a local stand-in for the client's `summarizeArtifactStorage`, with the same call and the same shape, so the
// Storage view can switch to the client's function by changing its import.

/** What to group by: the artifact's name, or its workflow run's branch. */
export type StorageGroupBy = "name" | "branch";

/** How many artifacts, and their bytes, expire within a span (counted from `now`). */
export interface ExpiringSoon {
  count: number;
  bytes: number;
}

/** Storage of a set of live (not expired) artifacts. */
export interface StorageTotals {
  /** Bytes stored now. */
  bytes: number;
  /** Live artifacts. */
  count: number;
  /** `created_at` of the oldest one (ISO), or `null` when none has a date. */
  oldest: string | null;
  /** What expires within 1, 7 and 30 days; each span includes the shorter ones. */
  expiring: { d1: ExpiringSoon; d7: ExpiringSoon; d30: ExpiringSoon };
  /** GB-hours still to accrue if nothing is deleted: for each artifact, GB × the hours (started) it has left. */
  gbHoursLeft: number;
}

/** One group: `key` is the name, or the branch (`null`: the run has no branch). */
export interface StorageGroup extends StorageTotals {
  key: string | null;
}

export interface StorageSummary {
  /** Largest first, then by key (no branch last). */
  groups: StorageGroup[];
  /** All live artifacts, plus how many were left out as expired (they use no storage). */
  totals: StorageTotals & { expired: number };
}

export interface SummarizeStorageOptions {
  /** The time to count from, ms since the epoch or a `Date`. Default: `Date.now()`. */
  now?: number | Date | undefined;
  /** Default: `"name"`. */
  groupBy?: StorageGroupBy | undefined;
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** note: GB as 2^30 bytes, the unit the page's sizes use (GiB); a ranking does not depend on the choice. */
export const BYTES_PER_GB = 1024 ** 3;

const emptyTotals = (): StorageTotals => ({
  bytes: 0,
  count: 0,
  oldest: null,
  expiring: { d1: { count: 0, bytes: 0 }, d7: { count: 0, bytes: 0 }, d30: { count: 0, bytes: 0 } },
  gbHoursLeft: 0,
});

/** Milliseconds left before `artifact` expires, or `undefined` when the server gave no expiry. */
function msLeft(artifact: Artifact, now: number): number | undefined {
  const at = artifact.expires_at ? Date.parse(artifact.expires_at) : Number.NaN;
  return Number.isNaN(at) ? undefined : at - now;
}

function add(totals: StorageTotals, artifact: Artifact, left: number | undefined) {
  const bytes = artifact.size_in_bytes;
  totals.bytes += bytes;
  totals.count++;
  const created = artifact.created_at;
  if (created && (!totals.oldest || Date.parse(created) < Date.parse(totals.oldest))) totals.oldest = created;
  if (left === undefined) return;
  for (const [span, days] of [
    ["d1", 1],
    ["d7", 7],
    ["d30", 30],
  ] as const) {
    if (left <= days * DAY) {
      totals.expiring[span].count++;
      totals.expiring[span].bytes += bytes;
    }
  }
  // note: storage accrues by the hour, so an hour begun is an hour billed; deleting saves the hours not begun.
  totals.gbHoursLeft += (bytes / BYTES_PER_GB) * Math.ceil(left / HOUR);
}

/**
 * What a repository's artifacts store, grouped by name or branch: bytes, count, the oldest, what expires within
 * 1/7/30 days and the GB-hours still to accrue (storage is billed per hour stored: deleting stops what is left,
 * refunds nothing). Expired artifacts (by the server's flag, or an `expires_at` already past) use no storage: they
 * are counted in `totals.expired` only. An artifact without `expires_at` counts in bytes, never in what expires or
 * what is left to accrue (unknown).
 */
export function summarizeArtifactStorage(
  artifacts: readonly Artifact[],
  options: SummarizeStorageOptions = {},
): StorageSummary {
  const now = options.now === undefined ? Date.now() : Number(options.now);
  const groupBy = options.groupBy ?? "name";
  const groups = new Map<string | null, StorageGroup>();
  const totals = { ...emptyTotals(), expired: 0 };
  for (const artifact of artifacts) {
    const left = msLeft(artifact, now);
    if (artifact.expired || (left !== undefined && left <= 0)) {
      totals.expired++;
      continue;
    }
    const key = groupBy === "name" ? artifact.name : (artifact.workflow_run?.head_branch ?? null);
    let group = groups.get(key);
    if (!group) {
      group = { key, ...emptyTotals() };
      groups.set(key, group);
    }
    add(group, artifact, left);
    add(totals, artifact, left);
  }
  // note: by code point, not locale, so every runtime orders ties the same; no branch last.
  const order = (key: string | null) => key ?? "\u{10ffff}";
  const sorted = [...groups.values()].sort(
    (a, b) => b.bytes - a.bytes || (order(a.key) < order(b.key) ? -1 : order(a.key) > order(b.key) ? 1 : 0),
  );
  return { groups: sorted, totals };
}
