import { type Artifact, type ArtifactsClient, NotFoundError } from "@gh-artifacts/client";
import { describeError } from "./errors.js";

/** What became of one artifact of a cleanup run. */
export type CleanupOutcome =
  | { artifact: Artifact; status: "deleted" }
  | { artifact: Artifact; status: "gone" }
  | { artifact: Artifact; status: "failed"; reason: string };

export interface RunCleanupOptions {
  client: ArtifactsClient;
  owner: string;
  repo: string;
  /** What to delete, in this order (the plan's `delete`, oldest first). */
  artifacts: readonly Artifact[];
  /** Pause between two deletes, in ms. */
  paceMs: number;
  /** Stops the run before its next delete (the one in flight is let finish, so its outcome is known). */
  signal: AbortSignal;
  /** Called as each delete starts. */
  onStart?: (artifact: Artifact, index: number) => void;
  /** Called with each outcome, in order. */
  onOutcome?: (outcome: CleanupOutcome, index: number) => void;
}

/**
 * Deletes `artifacts` one at a time, `paceMs` apart (GitHub asks for a pause between mutating requests, and a burst
 * of deletes trips its secondary rate limit). A 404 means someone else deleted it first: "already gone", not a
 * failure. A failure does not stop the run: the rest are still tried. Resolves to the outcomes so far.
 */
export async function runCleanup(options: RunCleanupOptions): Promise<CleanupOutcome[]> {
  const { client, owner, repo, artifacts, paceMs, signal } = options;
  const outcomes: CleanupOutcome[] = [];
  for (const [index, artifact] of artifacts.entries()) {
    if (index > 0 && !(await pause(paceMs, signal))) break;
    if (signal.aborted) break;
    options.onStart?.(artifact, index);
    let outcome: CleanupOutcome;
    try {
      await client.deleteArtifact({ owner, repo, artifact_id: artifact.id });
      outcome = { artifact, status: "deleted" };
    } catch (error) {
      if (error instanceof NotFoundError) outcome = { artifact, status: "gone" };
      else {
        const { title, detail } = describeError(error);
        outcome = { artifact, status: "failed", reason: `${title}. ${detail}` };
      }
    }
    outcomes.push(outcome);
    options.onOutcome?.(outcome, index);
  }
  return outcomes;
}

/** Resolves `true` after `ms`, or `false` as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (finished: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", stop);
      resolve(finished);
    };
    const stop = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener("abort", stop);
  });
}

/** Storage the deleted artifacts freed (an expired one used none; one already gone was freed by someone else). */
export function bytesFreed(outcomes: readonly CleanupOutcome[]): number {
  return outcomes.reduce(
    (sum, o) => sum + (o.status === "deleted" && !o.artifact.expired ? o.artifact.size_in_bytes : 0),
    0,
  );
}
