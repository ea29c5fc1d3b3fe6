import type { Artifact } from "@gh-artifacts/client";
import { useDownloadArtifact } from "@gh-artifacts/react";
import type { ReactNode } from "react";
import type { Query } from "./ArtifactTable.js";
import { describeError } from "./errors.js";
import { formatBytes, formatDate } from "./format.js";

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

  return (
    <>
      <div className="buttons">
        <button
          type="button"
          aria-label={`Download ${label}`}
          // note: an expired archive is gone (GitHub answers 410), so the button says why rather than fail.
          disabled={status === "downloading" || artifact.expired}
          aria-describedby={artifact.expired ? hintId : undefined}
          onClick={() =>
            download({
              owner: query.owner,
              repo: query.repo,
              artifact_id: artifact.id,
              name: artifact.name,
              expectedSize: artifact.size_in_bytes,
            })
          }
        >
          Download
        </button>
        {children}
      </div>
      <div className="download" data-status={status} aria-live="polite">
        {artifact.expired && (
          <span id={hintId} className="hint">
            {expiredHint(artifact)}
          </span>
        )}
        {downloaded?.kind === "file" && (
          <span className="kind">
            <span className="badge file">file</span> <code className="type">{downloaded.contentType || "no type"}</code>
          </span>
        )}
        {(status === "downloading" || status === "success") && (
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
              <span className="saved">
                Saved as <code>{downloaded?.fileName}</code>
              </span>
            )}
          </>
        )}
        {status === "cancelled" && <span>Download cancelled.</span>}
        {status === "error" && <span className="error-text">{Object.values(describeError(error)).join(". ")}</span>}
      </div>
    </>
  );
}
