import type { Artifact } from "@gh-artifacts/client";
import { useSelectedArtifacts } from "@gh-artifacts/react";
import { ArtifactDownload } from "./ArtifactDownload.js";
import type { Query } from "./ArtifactTable.js";
import { ErrorMessage } from "./errors.js";
import { formatBytes } from "./format.js";
import { RelativeTime } from "./RelativeTime.js";
import { useWorkflowRun } from "./useWorkflowRun.js";

/** The result a build must have: a run's conclusion, or any. */
export type BuildStatus = "success" | "failure" | "cancelled" | "any";

/** Which build the picker asks for: the client's selector, as the form fills it. */
export interface BuildSelector {
  workflow: string;
  /** Default: every branch. */
  branch?: string | undefined;
  status: BuildStatus;
  /** An exact artifact name (not with `pattern`). Default: every artifact of the build. */
  name?: string | undefined;
  /** A glob over the whole name (not with `name`). Default: every artifact of the build. */
  pattern?: string | undefined;
}

/** "the latest successful ci.yml build on main": the selector in words. */
export function describeBuild({ workflow, branch, status }: BuildSelector): string {
  const result = { success: "successful ", failure: "failed ", cancelled: "cancelled ", any: "" }[status];
  return `the latest ${result}${workflow} build${branch ? ` on ${branch}` : ""}`;
}

const shortSha = (sha: string | undefined) => sha?.slice(0, 7) ?? "—";

/**
 * The artifacts of the newest run a selector names (`useSelectedArtifacts`: the client's `findArtifacts`, so the
 * choice is the client's, not the page's), the run they came from (number, branch, result, commit), and a Download
 * for each, as the table's rows download. "No build matches" when no run has a match that has not expired.
 */
export function LatestBuild({ query, selector }: { query: Query; selector: BuildSelector }) {
  const { owner, repo } = query;
  const { data, error, isPending } = useSelectedArtifacts({ owner, repo, ...selector });
  const first: Artifact | undefined = data?.[0];
  const run = useWorkflowRun(owner, repo, first?.workflow_run);
  const what = describeBuild(selector);
  const filter = selector.name ? ` named ${selector.name}` : selector.pattern ? ` matching ${selector.pattern}` : "";

  if (isPending)
    return (
      <p className="hint" role="status">
        Looking for {what}…
      </p>
    );
  if (error) return <ErrorMessage error={error} />;
  if (!first)
    return (
      <p className="message" role="status" data-result="none">
        No build matches: {what} has no artifact{filter} that has not expired.
      </p>
    );

  const details = run.data;
  const result = details ? (details.conclusion ?? details.status ?? "—") : undefined;
  return (
    <div className="build" data-run-id={first.workflow_run?.id}>
      <p role="status">
        {what[0]?.toUpperCase()}
        {what.slice(1)}: {details ? `run #${details.run_number}` : `run ${first.workflow_run?.id ?? "?"}`},{" "}
        {data.length === 1 ? "1 artifact" : `${data.length} artifacts`}
        {filter}.
      </p>
      <dl aria-label="Run">
        <div>
          <dt>Run</dt>
          <dd data-field="run">{details ? `#${details.run_number}` : run.isPending ? "…" : "—"}</dd>
        </div>
        <div>
          <dt>Branch</dt>
          <dd data-field="branch">{first.workflow_run?.head_branch ?? "—"}</dd>
        </div>
        <div>
          <dt>Result</dt>
          <dd data-field="result">{result ?? (run.isPending ? "…" : "—")}</dd>
        </div>
        <div>
          <dt>Commit</dt>
          <dd data-field="sha" title={first.workflow_run?.head_sha}>
            <code>{shortSha(first.workflow_run?.head_sha)}</code>
          </dd>
        </div>
        {details?.created_at && (
          <div>
            <dt>Started</dt>
            <dd>
              <RelativeTime iso={details.created_at} />
            </dd>
          </div>
        )}
      </dl>
      {run.error ? <ErrorMessage error={run.error} /> : null}
      <ul className="build-artifacts" aria-label="Artifacts of the build">
        {data.map((artifact) => (
          <li key={artifact.id} data-id={artifact.id}>
            <span className="what">
              <span className="name">{artifact.name}</span>{" "}
              <span className="hint">{formatBytes(artifact.size_in_bytes)}</span>
            </span>
            {/* note: keyed by id, so another pick starts with no progress of the previous one. */}
            <ArtifactDownload key={artifact.id} artifact={artifact} query={query} />
          </li>
        ))}
      </ul>
    </div>
  );
}
