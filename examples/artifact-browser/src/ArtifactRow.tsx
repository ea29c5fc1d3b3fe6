// biome-ignore-all lint/a11y/noRedundantRoles: the phone layout sets `display: block` on the table, which drops its implicit roles in browsers
import type { Artifact } from "@gh-artifacts/client";
import { ArtifactDownload } from "./ArtifactDownload.js";
import type { Query } from "./ArtifactTable.js";
import { formatBytes, shortDigest } from "./format.js";
import { RelativeTime } from "./RelativeTime.js";

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
  const run = artifact.workflow_run;
  // note: GHES descriptions have no `digest`, so the generated `Artifact` lacks it when the packages are built from
  // one; read it through a widened type and show it whenever the server sends it.
  const digest = (artifact as Artifact & { digest?: string | null }).digest;

  return (
    <tr data-id={artifact.id} role="row">
      <th scope="row" role="rowheader" data-label="Name">
        {artifact.name}
      </th>
      <td role="cell" data-label="Size">
        {formatBytes(artifact.size_in_bytes)}
      </td>
      <td role="cell" data-label="Created">
        <RelativeTime iso={artifact.created_at} />
      </td>
      <td role="cell" data-label="Expires">
        {artifact.expired ? (
          <span className="badge">expired</span>
        ) : artifact.expires_at ? (
          <RelativeTime iso={artifact.expires_at} />
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
        <div className="row-actions">
          <ArtifactDownload artifact={artifact} query={query}>
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
          </ArtifactDownload>
        </div>
      </td>
    </tr>
  );
}
