// biome-ignore-all lint/a11y/noRedundantRoles: the phone layout sets `display: block` on the table, which drops its implicit roles in browsers
import type { Artifact } from "@gh-artifacts/client";
import { useDownloadArtifact } from "@gh-artifacts/react";
import type { Query } from "./ArtifactTable.js";
import { describeError } from "./errors.js";
import { formatBytes, formatDate, formatDateTime, formatRelative, shortDigest } from "./format.js";

/** Why an expired artifact cannot be downloaded, instead of letting GitHub answer 410. */
export function expiredHint(artifact: Artifact): string {
  const when = artifact.expires_at ? ` on ${formatDate(artifact.expires_at)}` : "";
  return `Expired${when}: GitHub no longer has the archive.`;
}

export function ArtifactRow({
  artifact,
  query,
  onDelete,
}: {
  artifact: Artifact;
  query: Query;
  /** Without it (deletes are off on this server) the Delete button is disabled. */
  onDelete?: ((artifact: Artifact) => void) | undefined;
}) {
  const { download, progress, status, error, cancel } = useDownloadArtifact();
  const run = artifact.workflow_run;
  // note: GHES descriptions have no `digest`, so the generated `Artifact` lacks it when the packages are built from
  // one; read it through a widened type and show it whenever the server sends it.
  const digest = (artifact as Artifact & { digest?: string | null }).digest;
  const total = progress.total;
  const percent = total ? Math.floor((progress.loaded / total) * 100) : undefined;
  const hintId = `expired-hint-${artifact.id}`;

  return (
    <tr data-id={artifact.id} role="row">
      <th scope="row" role="rowheader" data-label="Name">
        {artifact.name}
      </th>
      <td role="cell" data-label="Size">
        {formatBytes(artifact.size_in_bytes)}
      </td>
      <td role="cell" data-label="Created">
        <time
          dateTime={artifact.created_at ?? undefined}
          title={artifact.created_at ? formatDateTime(artifact.created_at) : undefined}
        >
          {artifact.created_at ? formatRelative(artifact.created_at) : "—"}
        </time>
      </td>
      <td role="cell" data-label="Expires">
        {artifact.expired ? (
          <span className="badge">expired</span>
        ) : artifact.expires_at ? (
          <time dateTime={artifact.expires_at} title={formatDateTime(artifact.expires_at)}>
            {formatRelative(artifact.expires_at)}
          </time>
        ) : (
          "—"
        )}
      </td>
      <td role="cell" data-label="Digest">
        <code title={digest ?? undefined}>{shortDigest(digest)}</code>
      </td>
      <td role="cell" data-label="Workflow run">
        {run ? (
          <span title={`Workflow run ${run.id}`}>
            {run.head_branch ?? "—"} <code title={run.head_sha}>{run.head_sha?.slice(0, 7)}</code>
          </span>
        ) : (
          "—"
        )}
      </td>
      <td role="cell" data-label="Actions" className="actions-cell">
        <div className="buttons">
          <button
            type="button"
            aria-label={`Download ${artifact.name}`}
            // note: an expired archive is gone (GitHub answers 410), so the button says why rather than fail.
            disabled={status === "downloading" || artifact.expired}
            aria-describedby={artifact.expired ? hintId : undefined}
            onClick={() =>
              download({
                owner: query.owner,
                repo: query.repo,
                artifact_id: artifact.id,
                filename: `${artifact.name}.zip`,
                expectedSize: artifact.size_in_bytes,
              })
            }
          >
            Download
          </button>
          <button
            type="button"
            className="danger"
            aria-label={`Delete ${artifact.name}`}
            disabled={!onDelete}
            title={onDelete ? undefined : "Deletes are off on this server (live mode needs --allow-delete)"}
            onClick={() => onDelete?.(artifact)}
          >
            Delete
          </button>
        </div>
        <div className="download" data-status={status} aria-live="polite">
          {artifact.expired && (
            <span id={hintId} className="hint">
              {expiredHint(artifact)}
            </span>
          )}
          {(status === "downloading" || status === "success") && (
            <>
              <progress
                value={total ? progress.loaded : undefined}
                max={total || undefined}
                aria-label={`Download progress of ${artifact.name}`}
              />
              <span className="percent">{percent === undefined ? formatBytes(progress.loaded) : `${percent}%`}</span>
              {status === "downloading" ? (
                <button type="button" onClick={cancel}>
                  Cancel
                </button>
              ) : (
                <span>Saved</span>
              )}
            </>
          )}
          {status === "cancelled" && <span>Download cancelled.</span>}
          {status === "error" && <span className="error-text">{Object.values(describeError(error)).join(". ")}</span>}
        </div>
      </td>
    </tr>
  );
}
