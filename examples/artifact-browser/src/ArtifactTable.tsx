// biome-ignore-all lint/a11y/noRedundantRoles: the phone layout sets `display: block` on the table, which drops its implicit roles in browsers
import type { Artifact } from "@gh-artifacts/client";
import {
  type ArtifactPages,
  useDeleteArtifact,
  useInfiniteArtifacts,
  useInfiniteWorkflowRunArtifacts,
} from "@gh-artifacts/react";
import type { UseInfiniteQueryResult } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { ArtifactRow } from "./ArtifactRow.js";
import { CleanupPanel, type CleanupPrefill } from "./CleanupPanel.js";
import { DeleteDialog } from "./DeleteDialog.js";
import { describeError, ErrorMessage } from "./errors.js";
import { startAction } from "./lastAction.js";

export interface Query {
  owner: string;
  repo: string;
  runId?: number | undefined;
  name?: string | undefined;
}

const PER_PAGE = 30;

interface TableProps {
  query: Query;
  /** Whether the server lets the page delete (live mode needs an opt-in); otherwise Delete is disabled. */
  deletes: boolean;
  /** Opens the cleanup panel with these filters (each new object once); default: none. */
  cleanup?: CleanupPrefill | undefined;
}

export function ArtifactTable(props: TableProps) {
  return props.query.runId ? <RunArtifacts {...props} runId={props.query.runId} /> : <RepoArtifacts {...props} />;
}

function RepoArtifacts(props: TableProps) {
  const { owner, repo, name } = props.query;
  const result = useInfiniteArtifacts({ owner, repo, name, per_page: PER_PAGE });
  return <ArtifactList {...props} result={result} />;
}

function RunArtifacts({ runId, ...props }: TableProps & { runId: number }) {
  const { owner, repo, name } = props.query;
  const result = useInfiniteWorkflowRunArtifacts({ owner, repo, run_id: runId, name, per_page: PER_PAGE });
  return <ArtifactList {...props} result={result} />;
}

type Notice = { kind: "ok" | "error"; text: string };

function ArtifactList({
  query,
  result,
  deletes,
  cleanup,
}: TableProps & { result: UseInfiniteQueryResult<ArtifactPages, Error> }) {
  const { data, error, isPending, hasNextPage, isFetchingNextPage, fetchNextPage } = result;
  const remove = useDeleteArtifact();
  const [confirming, setConfirming] = useState<Artifact | null>(null);
  const [cleaning, setCleaning] = useState(Boolean(cleanup));
  // note: a new cleanup request opens the panel in the same render that fills it, so the panel can take focus.
  const [requested, setRequested] = useState(cleanup);
  if (cleanup !== requested) {
    setRequested(cleanup);
    if (cleanup) setCleaning(true);
  }
  const [notice, setNotice] = useState<Notice | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Infinite scroll: the "Load more" button loads the next page by itself once it scrolls into view. It is keyed by
  // the page count, so each new button is observed afresh (and loads again if it is still in view).
  const loadMore = useRef(() => {});
  loadMore.current = () => {
    if (hasNextPage && !isFetchingNextPage) fetchNextPage();
  };
  const observe = useCallback((button: HTMLButtonElement | null) => {
    if (!button) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) loadMore.current();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, []);

  const repoName = `${query.owner}/${query.repo}`;
  if (isPending)
    return (
      <p className="message" role="status">
        Loading artifacts of {repoName}…
      </p>
    );
  if (!data) return <ErrorMessage error={error} />;

  const artifacts = data.pages.flatMap((page) => page.artifacts);
  const total = data.pages[data.pages.length - 1]?.total_count ?? artifacts.length;
  if (artifacts.length === 0)
    return (
      <p className="message" role="status">
        No artifacts in {repoName}
        {query.runId ? ` for workflow run ${query.runId}` : ""}
        {query.name ? ` named “${query.name}”` : ""}.
      </p>
    );

  function confirmDelete(artifact: Artifact) {
    setConfirming(null);
    setNotice(null);
    startAction();
    heading.current?.focus();
    remove.mutate(
      { owner: query.owner, repo: query.repo, artifact_id: artifact.id },
      {
        onSuccess: () => setNotice({ kind: "ok", text: `Deleted ${artifact.name}.` }),
        onError: (e) => {
          const { title, detail } = describeError(e);
          setNotice({
            kind: "error",
            text: `Could not delete ${artifact.name}: ${title}. ${detail} It is back in the list.`,
          });
        },
      },
    );
  }

  return (
    <section aria-labelledby="results-heading">
      <div className="results-top">
        <h2 id="results-heading" ref={heading} tabIndex={-1}>
          {repoName}
        </h2>
        <button type="button" aria-expanded={cleaning} aria-controls="cleanup" onClick={() => setCleaning(!cleaning)}>
          Clean up…
        </button>
      </div>
      {/* note: hidden, not unmounted, so closing the panel does not stop a run in progress. */}
      <div id="cleanup" hidden={!cleaning}>
        <CleanupPanel
          owner={query.owner}
          repo={query.repo}
          defaultName={query.name}
          prefill={cleanup}
          deletes={deletes}
        />
      </div>
      <p className="count" role="status">
        Showing {artifacts.length} of {total} artifacts
      </p>
      {notice && (
        <p className={`message ${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
          {notice.text}
        </p>
      )}
      {/* note: explicit roles, because the phone layout's `display: block` drops a table's semantics in browsers. */}
      <table role="table">
        <thead role="rowgroup">
          <tr role="row">
            {["Name", "Size", "Created", "Expires", "Digest", "Workflow run", "Actions"].map((label) => (
              <th key={label} scope="col" role="columnheader">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {artifacts.map((artifact) => (
            <ArtifactRow
              key={artifact.id}
              artifact={artifact}
              query={query}
              onDelete={deletes ? setConfirming : undefined}
            />
          ))}
        </tbody>
      </table>
      {error && <ErrorMessage error={error} />}
      {hasNextPage && (
        <button
          key={data.pages.length}
          ref={observe}
          type="button"
          className="more"
          onClick={() => loadMore.current()}
          disabled={isFetchingNextPage}
        >
          {isFetchingNextPage ? "Loading more…" : "Load more"}
        </button>
      )}
      <DeleteDialog artifact={confirming} onCancel={() => setConfirming(null)} onConfirm={confirmDelete} />
    </section>
  );
}
