import type { Artifact } from "@gh-artifacts/types";
import type { ArtifactsClient } from "./create-client.js";
import { InvalidInputError, NotFoundError, RateLimitError } from "./errors.js";
import type { CleanupCandidate } from "./plan-artifact-cleanup.js";
import { MAX_DELAY_MS } from "./rate-limit.js";
import { validateInteger, validateOptionKeys, validateParams } from "./validate.js";

/**
 * What became of one artifact of a `runArtifactCleanup` run: `deleted`; `gone` (GitHub answered 404: someone else
 * deleted it first); or `failed`, with the error as thrown (e.g. `ForbiddenError`), to format as you like.
 */
export type ArtifactCleanupOutcome<T extends CleanupCandidate = Artifact> =
  | { artifact: T; status: "deleted" }
  | { artifact: T; status: "gone" }
  | { artifact: T; status: "failed"; error: unknown };

/** Options of `runArtifactCleanup`. Every field is optional. */
export interface RunArtifactCleanupOptions<T extends CleanupCandidate = Artifact> {
  /**
   * The pause between two deletes, in ms: an integer from 0 to 2^31-1. Default: `1000` (GitHub's docs ask for at
   * least a second between mutating requests, and a burst of deletes trips the secondary rate limit).
   */
  paceMs?: number | undefined;
  /**
   * Stops the run before its next delete: the one in flight finishes (so its outcome is known) and a pause ends at
   * once; the rest are `notAttempted`. Default: none (the run goes to the end).
   */
  signal?: AbortSignal | undefined;
  /** Called as each delete starts, e.g. for a progress bar. Default: none. */
  onStart?: ((artifact: T, index: number) => void) | undefined;
  /** Called with each outcome as it is known, in order. Default: none. */
  onOutcome?: ((outcome: ArtifactCleanupOutcome<T>, index: number) => void) | undefined;
}

/** What `runArtifactCleanup` did. Every input artifact is in exactly one of the four lists. */
export interface ArtifactCleanupResult<T extends CleanupCandidate = Artifact> {
  /** Deleted by this run, in order. */
  deleted: T[];
  /** Already gone (404): someone else deleted them. */
  gone: T[];
  /** Failed, with the error as thrown; the run went on after each, except after a `RateLimitError`. */
  failed: { artifact: T; error: unknown }[];
  /** Never tried because the run stopped first (see `stopped`). */
  notAttempted: T[];
  /** Storage freed: the `size_in_bytes` of the deleted artifacts that had not expired (an expired one counts 0). */
  bytesFreed: number;
  /**
   * Why the run ended with artifacts left: `rate-limit` (a delete failed with `RateLimitError`; the next would meet
   * the same limit) or `aborted` (the `signal`). Absent when every artifact was tried.
   */
  stopped?: "rate-limit" | "aborted" | undefined;
}

const OPTION_KEYS = ["paceMs", "signal", "onStart", "onOutcome"];
const DEFAULT_PACE_MS = 1000;

function checkOptions<T extends CleanupCandidate>(options: RunArtifactCleanupOptions<T>): number {
  validateOptionKeys(options, "options", OPTION_KEYS, "a cleanup run option");
  const { paceMs = DEFAULT_PACE_MS, signal, onStart, onOutcome } = options;
  validateInteger("paceMs", paceMs, 0, MAX_DELAY_MS);
  // note: by shape, not instanceof: a signal from another realm (an iframe, a test DOM) is still a signal.
  const { aborted, addEventListener } = (signal ?? {}) as Partial<AbortSignal>;
  if (signal !== undefined && (typeof aborted !== "boolean" || typeof addEventListener !== "function")) {
    throw new InvalidInputError("signal", "must be an AbortSignal");
  }
  for (const [field, value] of [
    ["onStart", onStart],
    ["onOutcome", onOutcome],
  ] as const) {
    if (value !== undefined && typeof value !== "function") throw new InvalidInputError(field, "must be a function");
  }
  return paceMs;
}

function checkArtifacts(artifacts: unknown): void {
  if (!Array.isArray(artifacts)) throw new InvalidInputError("artifacts", "must be an array");
  for (const [index, artifact] of artifacts.entries()) {
    if (artifact === null || typeof artifact !== "object") {
      throw new InvalidInputError(`artifacts[${index}]`, "must be an artifact object");
    }
    validateInteger(`artifacts[${index}].id`, (artifact as { id?: unknown }).id, 1, Number.MAX_SAFE_INTEGER);
  }
}

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts; the timer and the listener never outlive it. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (finished: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", stop);
      resolve(finished);
    };
    const stop = () => done(false);
    const timer = setTimeout(done, ms, true);
    signal?.addEventListener("abort", stop);
  });
}

/**
 * Deletes `artifacts` (typically `plan.delete` of `planArtifactCleanup`) in order, one at a time, `paceMs` apart.
 * A 404 is "gone"; any other failure is recorded and the rest still run, except a `RateLimitError`: retrying through
 * a rate limit is the client's retry layer's job, so the run stops there and leaves the rest `notAttempted`.
 *
 * Never rejects for a failed delete. Bad input (`owner`/`repo` by the client's rules, an artifact without an integer
 * `id`, a bad option) throws `InvalidInputError` naming the field before any request, so nothing is half deleted.
 */
export async function runArtifactCleanup<T extends CleanupCandidate = Artifact>(
  gh: ArtifactsClient,
  target: { owner: string; repo: string },
  artifacts: readonly T[],
  options: RunArtifactCleanupOptions<T> = {},
): Promise<ArtifactCleanupResult<T>> {
  if (target === null || typeof target !== "object") throw new InvalidInputError("target", "must be an object");
  const { owner, repo } = target;
  // note: owner and repo follow the same rules in every operation; listing needs nothing else, so its rules check
  // exactly these two (deleteArtifact would only check them at the first delete).
  validateParams("actions/list-artifacts-for-repo", { owner, repo });
  checkArtifacts(artifacts);
  const paceMs = checkOptions(options);
  const { signal, onStart, onOutcome } = options;

  const result: ArtifactCleanupResult<T> = { deleted: [], gone: [], failed: [], notAttempted: [], bytesFreed: 0 };
  for (const [index, artifact] of artifacts.entries()) {
    const go = index === 0 || paceMs === 0 ? !signal?.aborted : await pause(paceMs, signal);
    if (!go) {
      result.notAttempted = artifacts.slice(index);
      result.stopped = "aborted";
      break;
    }
    onStart?.(artifact, index);
    let outcome: ArtifactCleanupOutcome<T>;
    try {
      // note: no signal here: the delete in flight finishes, so its outcome is known.
      await gh.deleteArtifact({ owner, repo, artifact_id: artifact.id });
      outcome = { artifact, status: "deleted" };
      result.deleted.push(artifact);
      if (!artifact.expired) result.bytesFreed += artifact.size_in_bytes;
    } catch (error) {
      if (error instanceof NotFoundError) {
        outcome = { artifact, status: "gone" };
        result.gone.push(artifact);
      } else {
        outcome = { artifact, status: "failed", error };
        result.failed.push({ artifact, error });
      }
    }
    onOutcome?.(outcome, index);
    if (outcome.status === "failed" && outcome.error instanceof RateLimitError && index + 1 < artifacts.length) {
      result.notAttempted = artifacts.slice(index + 1);
      result.stopped = "rate-limit";
      break;
    }
  }
  return result;
}
