import type { Artifact } from "@gh-artifacts/types";
import type { ArtifactsClient } from "./create-client.js";
import { InvalidInputError, RateLimitError } from "./errors.js";
import type { RateLimitSnapshot } from "./rate-limit.js";
import { type ArtifactScanState, checkScanState, toArtifactRecord } from "./scan-state.js";
import { validateInteger, validateOptionKeys, validateParams } from "./validate.js";
import { watchRateLimit } from "./watch-rate-limit.js";

/** An artifact as a scan returns it: GitHub's object when listed by the scan, a state's record when restored. */
export type ScannedArtifact = Pick<
  Artifact,
  "id" | "name" | "size_in_bytes" | "expired" | "created_at" | "expires_at"
> & {
  workflow_run?: { head_branch?: string | undefined } | null | undefined;
};

/** The artifacts of one repository a scan knows (`summarizeArtifactStorage` takes a list of these). */
export interface ScannedRepository {
  /** `OWNER/REPO`, as given. */
  repository: string;
  artifacts: ScannedArtifact[];
  /** `true` when restored from `state` rather than listed by this scan. */
  fromState: boolean;
}

/** What `onProgress` is told as each repository is done. */
export interface ArtifactScanProgress {
  /** The repository just finished. */
  repository: string;
  /** `listed`, or `failed` (see `ArtifactStorageScan.failed`). */
  outcome: "listed" | "failed";
  /** Repositories known so far (listed or restored from `state`). */
  done: number;
  /** Repositories whose listing failed so far. */
  failed: number;
  /** Repositories asked for (duplicates counted once). */
  total: number;
  /** Repositories listed at once from now on. */
  concurrency: number;
  /** The primary (`core`) rate limit as last seen, when GitHub sends one. */
  rateLimit: RateLimitSnapshot | undefined;
}

/** Options of `scanArtifactStorage`. Every field is optional. */
export interface ScanArtifactStorageOptions {
  /**
   * The share of the primary rate limit the scan leaves untouched, from 0 to 1: it stops before
   * `x-ratelimit-remaining` could fall under `reserve × x-ratelimit-limit`, and says when the window resets.
   * Default: `0.2`.
   */
  reserve?: number | undefined;
  /**
   * Repositories listed at once (each one page at a time), from 1 to 16: halved on a secondary rate limit, grown back
   * by one after each 10 repositories listed without one. Default: `4`.
   */
  concurrency?: number | undefined;
  /** Only artifacts with exactly this name are listed (GitHub filters them). Default: every name. */
  name?: string | undefined;
  /** A scan's `state` to resume from: its repositories are not listed again. Made against the same `baseUrl` and `name`. Default: none. */
  state?: ArtifactScanState | undefined;
  /** Stops the scan (`stopped: { reason: "aborted" }`); what was listed is kept in the result and its state. Default: none. */
  signal?: AbortSignal | undefined;
  /** Called as each repository is listed or fails; an exception it throws stops the scan and is thrown by it. Default: none. */
  onProgress?: ((progress: ArtifactScanProgress) => void) | undefined;
}

/** Why a scan ended with repositories left, and when it may go on. */
export interface ArtifactScanStop {
  /**
   * `budget`: the primary limit came down to the reserve; `rate-limit`: a listing failed with `RateLimitError` the
   * client's retries did not outlast; `aborted`: the `signal`.
   */
  reason: "budget" | "rate-limit" | "aborted";
  /** When the limit resets (`x-ratelimit-reset`, or the error's `resetAt`), when known. */
  resumeAt: Date | undefined;
}

/** What `scanArtifactStorage` did. Every repository asked for is in exactly one of `repositories`, `failed`, `pending`. */
export interface ArtifactStorageScan {
  /** The repositories whose artifacts are known, in the order asked. */
  repositories: ScannedRepository[];
  /** Listings that failed (no such repository, no access, …), with the error as thrown; a later scan tries them again. */
  failed: { repository: string; error: unknown }[];
  /** Repositories not listed because the scan stopped first (or was stopped in the middle of them). */
  pending: string[];
  /** Why the scan stopped early; absent when every repository was tried. */
  stopped?: ArtifactScanStop | undefined;
  /** Everything known so far, the given state's entries included: pass it as `state` to resume. */
  state: ArtifactScanState;
  /**
   * The answers the client got while the scan ran (from any caller of the client): `sent` requests (each attempt),
   * `notModified` 304s among them (answered from the ETag cache, not counted by GitHub's primary limit), and
   * `secondaryLimits` among them.
   */
  requests: { sent: number; notModified: number; secondaryLimits: number };
  /** The primary (`core`) rate limit as last seen, when GitHub sent one. */
  rateLimit: RateLimitSnapshot | undefined;
}

const OPTION_KEYS = ["reserve", "concurrency", "name", "state", "signal", "onProgress"];
const PER_PAGE = 100;
/** Repositories listed without a secondary limit before the concurrency grows by one. */
const GROW_AFTER = 10;

interface Target {
  key: string;
  owner: string;
  repo: string;
}

function targetsFrom(repositories: readonly string[]): Target[] {
  if (!Array.isArray(repositories)) throw new InvalidInputError("repositories", "must be an array of OWNER/REPO");
  const targets = new Map<string, Target>();
  for (const [index, key] of repositories.entries()) {
    const parts = typeof key === "string" ? key.split("/") : [];
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new InvalidInputError(`repositories[${index}]`, "must be OWNER/REPO");
    }
    const [owner, repo] = parts as [string, string];
    validateParams("actions/list-artifacts-for-repo", { owner, repo });
    if (!targets.has(key)) targets.set(key, { key, owner, repo });
  }
  return [...targets.values()];
}

function checkOptions(options: ScanArtifactStorageOptions) {
  validateOptionKeys(options, "options", OPTION_KEYS, "a scan option");
  const { reserve = 0.2, concurrency = 4, name, signal, onProgress } = options;
  if (name !== undefined && (typeof name !== "string" || !name)) {
    throw new InvalidInputError("name", "must be a non-empty string");
  }
  if (typeof reserve !== "number" || !(reserve >= 0 && reserve <= 1)) {
    throw new InvalidInputError("reserve", "must be a number from 0 to 1");
  }
  validateInteger("concurrency", concurrency, 1, 16);
  const { aborted, addEventListener } = (signal ?? {}) as Partial<AbortSignal>;
  if (signal !== undefined && (typeof aborted !== "boolean" || typeof addEventListener !== "function")) {
    throw new InvalidInputError("signal", "must be an AbortSignal");
  }
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new InvalidInputError("onProgress", "must be a function");
  }
  return { reserve, concurrency };
}

/**
 * Lists the artifacts of many repositories within GitHub's rate-limit budget, for `summarizeArtifactStorage` (or a
 * cleanup per repository). `repositories` are `OWNER/REPO` strings, checked before any request.
 *
 * - Budget: the `x-ratelimit-*` headers of every answer are read (`watchRateLimit`); the first repository is
 *   listed alone until an answer tells the budget, and before the primary limit's remaining requests could fall
 *   under `reserve` of the limit, no further page is asked for: the scan ends with `stopped: { reason: "budget",
 *   resumeAt }` (the reset). A repository cut short is `pending`, never half counted.
 * - Resume: `state` (the `state` of an earlier result) skips the repositories it holds. In Node, `readScanState` and
 *   `writeScanState` keep it in a file.
 * - Rescans: with a client made with `cache: createEtagCache(createFileStore(dir))`, an unchanged listing is a 304,
 *   which GitHub does not count against the primary limit.
 * - Secondary limits: repositories are listed `concurrency` at once, one page at a time; an answer that is a
 *   secondary rate limit halves that (down to 1), and it grows back by one after each 10 repositories listed
 *   without one. The client's retry layer waits the limit out.
 *
 * A listing that fails for one repository (404, 403) is recorded in `failed` and the others go on; a
 * `RateLimitError` the retries did not outlast stops the scan (`reason: "rate-limit"`). Never rejects for a failed
 * listing; bad input throws `InvalidInputError` before any request.
 */
export async function scanArtifactStorage(
  gh: ArtifactsClient,
  repositories: readonly string[],
  options: ScanArtifactStorageOptions = {},
): Promise<ArtifactStorageScan> {
  const { reserve, concurrency: maxConcurrency } = checkOptions(options);
  const targets = targetsFrom(repositories);
  const { signal, onProgress } = options;
  const { name } = options;
  const previous = options.state === undefined ? undefined : checkScanState(options.state, gh.baseUrl, name);
  // note: a new state object; the one given is never changed.
  const state: ArtifactScanState = {
    version: 1,
    baseUrl: gh.baseUrl,
    ...(name === undefined ? {} : { name }),
    repositories: { ...previous?.repositories },
  };

  const listed = new Map<string, ScannedRepository>();
  const failed: ArtifactStorageScan["failed"] = [];
  const queue: Target[] = [];
  for (const target of targets) {
    const entry = previous?.repositories[target.key];
    if (entry) listed.set(target.key, { repository: target.key, artifacts: entry.artifacts, fromState: true });
    else queue.push(target);
  }

  const requests = { sent: 0, notModified: 0, secondaryLimits: 0 };
  let rateLimit: RateLimitSnapshot | undefined;
  let concurrency = maxConcurrency;
  let clean = 0;
  let halved = false;
  let active = 0;
  let stopped: ArtifactScanStop | undefined;
  const stop = (reason: ArtifactScanStop["reason"], resumeAt: Date | undefined) => {
    stopped ??= { reason, resumeAt };
  };
  /** Requests that may still be sent before the reserve: `Infinity` while GitHub has sent no limit. */
  const budget = () =>
    rateLimit ? (rateLimit.remaining as number) - Math.ceil(reserve * (rateLimit.limit as number)) : Infinity;

  const unwatch = watchRateLimit(gh, (seen) => {
    requests.sent++;
    if (seen.status === 304) requests.notModified++;
    if (seen.secondary) {
      requests.secondaryLimits++;
      clean = 0;
      // note: the answers of requests sent together arrive together; one halving per burst, until a listing ends.
      if (!halved) concurrency = Math.max(1, Math.floor(concurrency / 2));
      halved = true;
    }
    const { limit, remaining, reset, resource } = seen.rateLimit;
    if (limit === undefined || remaining === undefined || (resource !== undefined && resource !== "core")) return;
    // note: answers arrive out of order; within one window (one reset time) the lowest remaining is the latest.
    const current = rateLimit?.reset?.getTime() ?? 0;
    const next = reset?.getTime() ?? 0;
    if (!rateLimit || next > current || (next === current && remaining <= (rateLimit.remaining as number))) {
      rateLimit = seen.rateLimit;
    }
    // note: each repository in flight may send one more request (its next page) before it looks again.
    if (budget() < active) stop("budget", rateLimit.reset);
  });

  const interrupted: string[] = [];
  let progressError: { error: unknown } | undefined;
  const progress = (repository: string, outcome: ArtifactScanProgress["outcome"]) => {
    try {
      onProgress?.({
        repository,
        outcome,
        done: listed.size,
        failed: failed.length,
        total: targets.length,
        concurrency,
        rateLimit,
      });
    } catch (error) {
      // note: the scan stops and the listings in flight end before the error is thrown, so none is left running.
      progressError ??= { error };
      stop("aborted", undefined);
    }
  };

  async function list({ key, owner, repo }: Target): Promise<void> {
    const artifacts: Artifact[] = [];
    try {
      for await (const artifact of gh.iterateArtifactsForRepo({ owner, repo, per_page: PER_PAGE, name, signal })) {
        artifacts.push(artifact);
        // note: at a page's end the next pull asks for the next page: the budget is looked at first. A repository
        // of exactly a page's worth stopped here is listed again later, which costs one request (a 304 when cached).
        if (stopped && artifacts.length % PER_PAGE === 0) {
          interrupted.push(key);
          return;
        }
      }
    } catch (error) {
      if (signal?.aborted) {
        stop("aborted", undefined);
        interrupted.push(key);
        return;
      }
      if (error instanceof RateLimitError) {
        stop("rate-limit", error.resetAt);
        interrupted.push(key);
        return;
      }
      failed.push({ repository: key, error });
      progress(key, "failed");
      return;
    }
    listed.set(key, { repository: key, artifacts, fromState: false });
    state.repositories[key] = { listedAt: new Date().toISOString(), artifacts: artifacts.map(toArtifactRecord) };
    halved = false;
    if (++clean >= GROW_AFTER && concurrency < maxConcurrency) {
      concurrency++;
      clean = 0;
    }
    progress(key, "listed");
  }

  const running = new Set<Promise<void>>();
  let next = 0;
  try {
    for (; next < queue.length; next++) {
      // note: until a first answer tells the budget, one repository is listed alone.
      while (running.size >= (requests.sent === 0 ? 1 : concurrency) && !stopped) await Promise.race(running);
      if (signal?.aborted) stop("aborted", undefined);
      else if (!stopped && budget() <= active) stop("budget", rateLimit?.reset);
      if (stopped) break;
      active++;
      const task: Promise<void> = list(queue[next] as Target).finally(() => {
        active--;
        running.delete(task);
      });
      running.add(task);
    }
    await Promise.all(running);
  } finally {
    unwatch();
  }

  if (progressError) throw progressError.error;
  const pending = new Set([...interrupted, ...queue.slice(next).map((t) => t.key)]);
  return {
    repositories: targets.flatMap((t) => listed.get(t.key) ?? []),
    failed,
    pending: targets.filter((t) => pending.has(t.key)).map((t) => t.key),
    // note: a stop that came when every repository was already asked for left nothing undone.
    ...(stopped && pending.size > 0 ? { stopped } : {}),
    state,
    requests,
    rateLimit,
  };
}
