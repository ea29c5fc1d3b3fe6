import type { ArtifactCleanupOutcome, ArtifactCleanupResult } from "@gh-artifacts/client";
import { ArtifactLine } from "./CleanupPreview.js";
import { describeError } from "./errors.js";
import { formatBytes } from "./format.js";

const LABEL = { deleted: "deleted", gone: "already gone", failed: "failed" } as const;

/** "Deleted 10, already gone 1, failed 1; 3.2 MiB freed." and, when the run stopped early, what it left. */
export function resultSummary(result: ArtifactCleanupResult): string {
  const { deleted, gone, failed, notAttempted, bytesFreed } = result;
  const summary = `Deleted ${deleted.length}, already gone ${gone.length}, failed ${failed.length}; ${formatBytes(bytesFreed)} freed.`;
  return notAttempted.length > 0 ? `${summary} ${notAttempted.length} not attempted.` : summary;
}

/** A failed delete's reason, in the words the rest of the page uses for that error. */
function reason(error: unknown): string {
  const { title, detail } = describeError(error);
  return `${title}. ${detail}`;
}

/** What a cleanup run did, artifact by artifact: deleted, already gone, or failed with the reason. */
export function CleanupResults({ outcomes }: { outcomes: readonly ArtifactCleanupOutcome[] }) {
  return (
    <ul className="outcomes" aria-label="Cleanup results">
      {outcomes.map((outcome) => (
        <li key={outcome.artifact.id} data-id={outcome.artifact.id} data-status={outcome.status}>
          <span className={`outcome ${outcome.status}`}>{LABEL[outcome.status]}</span>{" "}
          <ArtifactLine artifact={outcome.artifact} />
          {outcome.status === "failed" && <span className="error-text"> {reason(outcome.error)}</span>}
        </li>
      ))}
    </ul>
  );
}
