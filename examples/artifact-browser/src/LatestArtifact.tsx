import { useLatestArtifact } from "@gh-artifacts/react";
import { ArtifactDownload } from "./ArtifactDownload.js";
import type { Query } from "./ArtifactTable.js";
import { ErrorMessage } from "./errors.js";
import { formatBytes } from "./format.js";
import { RelativeTime } from "./RelativeTime.js";

/**
 * The newest artifact named `name` that has not expired (in run `query.runId` when one is set), above the table.
 * note: `useLatestArtifact` is keyed under the repository, so a delete in the table brings up the next one.
 */
export function LatestArtifact({ query, name }: { query: Query; name: string }) {
  const { data, error, isPending } = useLatestArtifact({
    owner: query.owner,
    repo: query.repo,
    name,
    run_id: query.runId,
  });

  return (
    <section className="latest" aria-labelledby="latest-heading">
      <h2 id="latest-heading">Latest {name}</h2>
      {isPending ? (
        <p className="hint" role="status">
          Looking for the newest {name}…
        </p>
      ) : error ? (
        <ErrorMessage error={error} />
      ) : !data ? (
        <p className="hint" role="status">
          No artifact named {name} that has not expired.
        </p>
      ) : (
        <div data-id={data.id}>
          <dl>
            <div>
              <dt>Id</dt>
              <dd>{data.id}</dd>
            </div>
            <div>
              <dt>Size</dt>
              <dd>{formatBytes(data.size_in_bytes)}</dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>
                <RelativeTime iso={data.created_at} />
              </dd>
            </div>
            <div>
              <dt>Branch</dt>
              <dd>{data.workflow_run?.head_branch ?? "—"}</dd>
            </div>
          </dl>
          {/* note: keyed by id, so the next artifact (after a delete) starts with no progress of the previous one. */}
          <ArtifactDownload key={data.id} artifact={data} query={query} label={`latest ${name}`} />
        </div>
      )}
    </section>
  );
}
