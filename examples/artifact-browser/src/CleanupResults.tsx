import { ArtifactLine } from "./CleanupPreview.js";
import { formatBytes } from "./format.js";
import { bytesFreed, type CleanupOutcome } from "./runCleanup.js";

const LABEL = { deleted: "deleted", gone: "already gone", failed: "failed" } as const;

/** "Deleted 10, already gone 1, failed 1; 3.2 MiB freed." */
export function resultSummary(outcomes: readonly CleanupOutcome[]): string {
  const count = (status: CleanupOutcome["status"]) => outcomes.filter((o) => o.status === status).length;
  return `Deleted ${count("deleted")}, already gone ${count("gone")}, failed ${count("failed")}; ${formatBytes(bytesFreed(outcomes))} freed.`;
}

/** What a cleanup run did, artifact by artifact: deleted, already gone, or failed with the reason. */
export function CleanupResults({ outcomes }: { outcomes: readonly CleanupOutcome[] }) {
  return (
    <ul className="outcomes" aria-label="Cleanup results">
      {outcomes.map((outcome) => (
        <li key={outcome.artifact.id} data-id={outcome.artifact.id} data-status={outcome.status}>
          <span className={`outcome ${outcome.status}`}>{LABEL[outcome.status]}</span>{" "}
          <ArtifactLine artifact={outcome.artifact} />
          {outcome.status === "failed" && <span className="error-text"> {outcome.reason}</span>}
        </li>
      ))}
    </ul>
  );
}
