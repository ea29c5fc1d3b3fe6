import type { Artifact } from "@gh-artifacts/types";
import { InvalidInputError } from "./errors.js";
import { validateOptionKeys } from "./validate.js";

/** The fields of an artifact the storage summary reads; GitHub's `Artifact` has them all. */
export type StorageCandidate = Pick<
  Artifact,
  "id" | "name" | "size_in_bytes" | "expired" | "created_at" | "expires_at"
> & {
  workflow_run?: { head_branch?: string | null | undefined } | null | undefined;
};

/** The artifacts of one repository: `repository` is its `OWNER/REPO` (GitHub's artifact objects do not name it). */
export interface RepositoryArtifacts<T extends StorageCandidate = StorageCandidate> {
  repository: string;
  artifacts: readonly T[];
}

/** What `summarizeArtifactStorage` groups by. */
export type ArtifactStorageGroupBy = "repository" | "name" | "branch";

/** Options of `summarizeArtifactStorage`. */
export interface SummarizeArtifactStorageOptions {
  /** The instant the summary is made for (a Date or ms): expiry and the GB-hours left are counted from it. Required. */
  now: Date | number;
  /** `repository`, `name` (the artifact's, across repositories) or `branch` (`workflow_run.head_branch`). Default: `"repository"`. */
  groupBy?: ArtifactStorageGroupBy | undefined;
}

/** Storage figures of a set of artifacts, at the summary's `now`. */
export interface ArtifactStorageUsage {
  /** Bytes stored: the `size_in_bytes` of the live artifacts (an expired one's archive is gone and counts 0). */
  bytes: number;
  /** Live artifacts: not flagged `expired`, and `expires_at` not passed. */
  count: number;
  /** Expired artifacts listed: they use no storage and count in nothing else. */
  expired: number;
  /** The `created_at` of the oldest live artifact (ISO 8601), `null` when there is none with a readable date. */
  oldestCreatedAt: string | null;
  /** Bytes of live artifacts that expire within 1, 7 and 30 days of `now` (each includes the shorter spans). */
  expiringBytes: { in1d: number; in7d: number; in30d: number };
  /** How many live artifacts expire within 1, 7 and 30 days of `now`: the ones `expiringBytes` sums. */
  expiringCount: { in1d: number; in7d: number; in30d: number };
  /**
   * GB-hours the live artifacts will still accrue until they expire: `size_in_bytes / 2^30 × hours left`, the most
   * that deleting them now can keep off future bills (deleting refunds nothing already accrued).
   */
  gbHoursLeft: number;
  /** Live artifacts without a readable `expires_at`: counted in `bytes`, not in `gbHoursLeft` or `expiringBytes`. */
  unknownExpiry: number;
}

/** One group of a summary. */
export interface ArtifactStorageGroup extends ArtifactStorageUsage {
  /** The repository, the artifact name, or the branch (`null`: artifacts without a branch) the group is of. */
  key: string | null;
}

/** What `summarizeArtifactStorage` returns. */
export interface ArtifactStorageSummary {
  groupBy: ArtifactStorageGroupBy;
  /** The instant the figures are for. */
  now: Date;
  /** Every group with at least one artifact, by `bytes` (largest first), then `gbHoursLeft`, `count` and `key`. */
  groups: ArtifactStorageGroup[];
  /** The figures of every artifact together (each counted once). */
  totals: ArtifactStorageUsage;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/**
 * note: GitHub bills artifact storage in GB-hours accrued hourly ("Storage is billed based on hourly usage of
 * artifacts throughout the month": https://docs.github.com/en/billing/concepts/product-billing/github-actions, its
 * example counts "3 GB x 10 days x (24 hours per day) = 720 GB-Hours"). The page does not define a GB; its sibling
 * figures for Actions storage are priced per GiB ("$0.07 per GiB, per month" for cache storage), so a GB here is
 * 2^30 bytes. Hours are counted exactly rather than rounded up to GitHub's hourly samples: the figure is an
 * estimate to within an hour per artifact, and never grows as `now` advances.
 */
const GB = 2 ** 30;
const GROUP_BY: readonly ArtifactStorageGroupBy[] = ["repository", "name", "branch"];
const SPANS = [
  ["in1d", 1],
  ["in7d", 7],
  ["in30d", 30],
] as const;

const empty = (): ArtifactStorageUsage => ({
  bytes: 0,
  count: 0,
  expired: 0,
  oldestCreatedAt: null,
  expiringBytes: { in1d: 0, in7d: 0, in30d: 0 },
  expiringCount: { in1d: 0, in7d: 0, in30d: 0 },
  gbHoursLeft: 0,
  unknownExpiry: 0,
});

/** A date field in ms, or `undefined` when missing or unreadable. */
function ms(value: unknown): number | undefined {
  const parsed = typeof value === "string" ? Date.parse(value) : Number.NaN;
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Adds one artifact to `usage`; `oldest` tracks the oldest creation in ms beside it. */
function add(usage: ArtifactStorageUsage & { oldestMs?: number }, artifact: StorageCandidate, nowMs: number): void {
  const expires = ms(artifact.expires_at);
  if (artifact.expired === true || (expires !== undefined && expires <= nowMs)) {
    usage.expired++;
    return;
  }
  // note: the list's shape is checked by the client, not each field: a size that is not a finite count stores 0.
  const size = artifact.size_in_bytes;
  const bytes = Number.isSafeInteger(size) && size > 0 ? size : 0;
  usage.count++;
  usage.bytes += bytes;
  const created = ms(artifact.created_at);
  if (created !== undefined && (usage.oldestMs === undefined || created < usage.oldestMs)) usage.oldestMs = created;
  if (expires === undefined) {
    usage.unknownExpiry++;
    return;
  }
  const left = expires - nowMs;
  for (const [span, days] of SPANS) {
    if (left > days * DAY) continue;
    usage.expiringBytes[span] += bytes;
    usage.expiringCount[span]++;
  }
  usage.gbHoursLeft += (bytes / GB) * (left / HOUR);
}

/** `usage` as returned: the oldest creation as ISO text, the tracking field dropped. */
function settle<T extends ArtifactStorageUsage & { oldestMs?: number }>(usage: T): Omit<T, "oldestMs"> {
  const { oldestMs, ...rest } = usage;
  rest.oldestCreatedAt = oldestMs === undefined ? null : new Date(oldestMs).toISOString();
  return rest;
}

function keyOf(groupBy: ArtifactStorageGroupBy, repository: string, artifact: StorageCandidate): string | null {
  if (groupBy === "repository") return repository;
  if (groupBy === "name") return typeof artifact.name === "string" ? artifact.name : "";
  const branch = artifact.workflow_run?.head_branch;
  return typeof branch === "string" ? branch : null;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Largest first; ties by GB-hours, count, then key (code-unit order, `null` last), so the order is stable. */
function byBytes(a: ArtifactStorageGroup, b: ArtifactStorageGroup): number {
  return (
    b.bytes - a.bytes ||
    b.gbHoursLeft - a.gbHoursLeft ||
    b.count - a.count ||
    (a.key === b.key ? 0 : a.key === null ? 1 : b.key === null ? -1 : compareText(a.key, b.key))
  );
}

/**
 * Where the artifact storage goes, per repository, artifact name or branch: for each group the bytes stored, the
 * live and expired counts, the oldest live artifact, the artifacts and bytes expiring within 1, 7 and 30 days, and the GB-hours
 * still to accrue until expiry; plus the totals. Pure: no I/O, and `now` is a parameter.
 *
 * The input is one entry per repository, `{ repository: "OWNER/REPO", artifacts }` (what `scanArtifactStorage`
 * returns as `repositories`), since GitHub's artifact objects do not say which repository holds them. An artifact is
 * expired when GitHub flags it so or its `expires_at` has passed at `now`; expired ones count 0 bytes and 0 GB-hours.
 * An id listed twice for one repository (pages joined by hand, or the repository given twice) is counted once. Bad input throws
 * `InvalidInputError` naming the field.
 */
export function summarizeArtifactStorage(
  repositories: readonly RepositoryArtifacts[],
  options: SummarizeArtifactStorageOptions,
): ArtifactStorageSummary {
  validateOptionKeys(options, "options", ["now", "groupBy"], "a storage summary option");
  const { now, groupBy = "repository" } = options;
  const nowMs = now instanceof Date ? now.getTime() : now;
  if (typeof nowMs !== "number" || !Number.isFinite(nowMs)) {
    throw new InvalidInputError("now", "must be a valid Date or a millisecond timestamp");
  }
  if (!GROUP_BY.includes(groupBy)) throw new InvalidInputError("groupBy", `must be one of ${GROUP_BY.join(", ")}`);
  if (!Array.isArray(repositories)) throw new InvalidInputError("repositories", "must be an array");

  const groups = new Map<string | null, ArtifactStorageGroup & { oldestMs?: number }>();
  const totals: ArtifactStorageUsage & { oldestMs?: number } = empty();
  const seenBy = new Map<string, Set<unknown>>();
  for (const [index, entry] of repositories.entries()) {
    const { repository, artifacts } = (entry ?? {}) as Partial<RepositoryArtifacts>;
    if (typeof repository !== "string" || !repository) {
      throw new InvalidInputError(`repositories[${index}].repository`, "must be a non-empty string");
    }
    if (!Array.isArray(artifacts)) throw new InvalidInputError(`repositories[${index}].artifacts`, "must be an array");
    const seen = seenBy.get(repository) ?? new Set<unknown>();
    seenBy.set(repository, seen);
    for (const artifact of artifacts) {
      if (artifact === null || typeof artifact !== "object") {
        throw new InvalidInputError(`repositories[${index}].artifacts`, "must hold artifact objects");
      }
      if (seen.has(artifact.id)) continue;
      seen.add(artifact.id);
      const key = keyOf(groupBy, repository, artifact);
      let group = groups.get(key);
      if (!group) {
        group = { key, ...empty() };
        groups.set(key, group);
      }
      add(group, artifact, nowMs);
      add(totals, artifact, nowMs);
    }
  }
  return {
    groupBy,
    now: new Date(nowMs),
    groups: [...groups.values()].map(settle).sort(byBytes),
    totals: settle(totals),
  };
}
