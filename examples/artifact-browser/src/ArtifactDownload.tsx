import type { Artifact } from "@gh-artifacts/client";
import { useDownloadArtifact } from "@gh-artifacts/react";
import { type ReactNode, useState } from "react";
import type { Query } from "./ArtifactTable.js";
import { describeError } from "./errors.js";
import { formatBytes, formatDate } from "./format.js";
import { startAction, useLastAction } from "./lastAction.js";

/** Why an expired artifact cannot be downloaded, instead of letting GitHub answer 410. */
export function expiredHint(artifact: Artifact): string {
  const when = artifact.expires_at ? ` on ${formatDate(artifact.expires_at)}` : "";
  return `Expired${when}: GitHub no longer has the archive.`;
}

/**
 * An artifact's Download button (followed by `children`, more buttons) and its progress, shared by the table's rows
 * and the Latest card so both download the same way. Once the download tells what it is (GitHub's listing does not),
 * a single file (`archive: false`) is marked with a "file" badge and the type it came with; each is saved under the
 * safe name the hook made of the artifact's name (`report.html`, `.git` → `_git.zip`). The names and types are the
 * server's: shown as React text (escaped), never as markup.
 *
 * A finished download's line ("100% Saved as …", cancelled, failed) stays until the user's next action anywhere on
 * the page, so rows do not keep it forever; the line's room is kept whatever it shows, so the table never shifts.
 */
export function ArtifactDownload({
  artifact,
  query,
  label = artifact.name,
  children,
}: {
  artifact: Artifact;
  query: Query;
  /** What the button's accessible name says after "Download"; default: the artifact's name. */
  label?: string | undefined;
  /** Buttons shown after Download, in the same group; default: none. */
  children?: ReactNode;
}) {
  const { download, progress, status, error, downloaded, cancel } = useDownloadArtifact();
  const total = progress.total;
  const percent = total ? Math.floor((progress.loaded / total) * 100) : undefined;
  const hintId = `expired-hint-${artifact.id}`;
  const lastAction = useLastAction();
  // note: the action current when this download settled; a later one clears its outcome (state set in render, as
  // React's "adjusting state when a prop changes" does, so no frame shows an outcome it should not).
  const [settledAt, setSettledAt] = useState<number | null>(null);
  const settled = status === "success" || status === "cancelled" || status === "error";
  if (settled && settledAt === null) setSettledAt(lastAction);
  if (!settled && settledAt !== null) setSettledAt(null);
  const shown = status === "downloading" || (settled && (settledAt ?? lastAction) === lastAction);

  return (
    <>
      <div className="buttons">
        <button
          type="button"
          aria-label={`Download ${label}`}
          // note: an expired archive is gone (GitHub answers 410), so the button says why rather than fail.
          disabled={status === "downloading" || artifact.expired}
          aria-describedby={artifact.expired ? hintId : undefined}
          onClick={() => {
            startAction();
            download({
              owner: query.owner,
              repo: query.repo,
              artifact_id: artifact.id,
              name: artifact.name,
              expectedSize: artifact.size_in_bytes,
            });
          }}
        >
          Download
        </button>
        {children}
      </div>
      <div className="download" data-status={shown ? status : "idle"} aria-live="polite">
        {artifact.expired && (
          <span id={hintId} className="hint">
            {expiredHint(artifact)}
          </span>
        )}
        {shown && (status === "downloading" || status === "success") && (
          <>
            <progress
              value={total ? progress.loaded : undefined}
              max={total || undefined}
              aria-label={`Download progress of ${label}`}
            />
            <span className="percent">{percent === undefined ? formatBytes(progress.loaded) : `${percent}%`}</span>
            {status === "downloading" ? (
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            ) : (
              <span className="saved" title={downloaded?.fileName}>
                Saved as <code>{downloaded?.fileName}</code>
              </span>
            )}
          </>
        )}
        {shown && status === "cancelled" && <span>Download cancelled.</span>}
        {shown && status === "error" && (
          <span className="error-text" title={Object.values(describeError(error)).join(". ")}>
            {Object.values(describeError(error)).join(". ")}
          </span>
        )}
        {/* note: last on the line, so when the line is full it is what gets cut (its type is in its title). */}
        {downloaded?.kind === "file" && (
          <span className="kind" title={downloaded.contentType || "no type"}>
            <span className="badge file">file</span> <code className="type">{downloaded.contentType || "no type"}</code>
          </span>
        )}
      </div>
    </>
  );
}
