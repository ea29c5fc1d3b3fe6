// biome-ignore-all lint/a11y/noRedundantRoles: the phone layout sets `display: block` on the tables, which drops their implicit roles in browsers
import {
  type ArtifactStorageGroup,
  type ArtifactStorageGroupBy,
  type ArtifactStorageSummary,
  type ArtifactStorageUsage,
  summarizeArtifactStorage,
} from "@gh-artifacts/client";
import { artifactKeys, shouldRetryArtifactsError, useArtifactsClient } from "@gh-artifacts/react";
import { useQuery } from "@tanstack/react-query";
import type { CleanupPrefill } from "./CleanupPanel.js";
import { ErrorMessage } from "./errors.js";
import { formatBytes, formatGbHours } from "./format.js";
import { RelativeTime } from "./RelativeTime.js";

/** The view charts one repository, so by name or by branch. */
type StorageGroupBy = Exclude<ArtifactStorageGroupBy, "repository">;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The 1/7/30-day spans: the summary's key, the CSS class of their colour (styles.css), and their label. */
const SPANS = [
  { span: "in1d", id: "d1", label: "Within 1 day" },
  { span: "in7d", id: "d7", label: "Within 7 days" },
  { span: "in30d", id: "d30", label: "Within 30 days" },
] as const;

/** The bar's segments, by when their bytes expire; each class is coloured in styles.css and named in the legend. */
const SEGMENTS = [
  { id: "d1", label: "expires within 1 day" },
  { id: "d7", label: "within 7 days" },
  { id: "d30", label: "within 30 days" },
  { id: "later", label: "later" },
] as const;

/**
 * A group's bytes per segment: the disjoint parts of its nested 1/7/30-day spans; "later" also holds what has no
 * known expiry.
 */
function segmentBytes(group: ArtifactStorageUsage): Record<(typeof SEGMENTS)[number]["id"], number> {
  const { in1d, in7d, in30d } = group.expiringBytes;
  return { d1: in1d, d7: in7d - in1d, d30: in30d - in7d, later: group.bytes - in30d };
}

/** "0 · 3 · 12": how many of a group expire within 1, 7 and 30 days. */
export function expiringText({ expiringCount: { in1d, in7d, in30d } }: ArtifactStorageUsage): string {
  return `${in1d} · ${in7d} · ${in30d}`;
}

/** A group's key as shown: a branch-less run's artifacts are "(no branch)". */
export const groupLabel = (key: string | null) => key ?? "(no branch)";

/**
 * Where a repository's storage goes: every artifact of it (all pages, whatever the table's filters), summed by name
 * and by branch as bar charts, with what expires soon and the GB-hours still to accrue. GitHub bills storage by the
 * hour: deleting stops what an artifact would still accrue and refunds nothing, so the numbers that matter are size ×
 * hours left. Each group's "Clean up…" opens the cleanup panel with that name or branch filled in.
 *
 * note: the bars are made of plain elements rather than a charting library: a bar chart of a few dozen rows needs
 * no axis maths, and as a table it reads the same to a screen reader, at phone width and in the bundle.
 */
export function StorageView({
  owner,
  repo,
  onCleanUp,
}: {
  owner: string;
  repo: string;
  /** Called with a group's filter when its "Clean up…" is pressed. */
  onCleanUp: (filter: CleanupPrefill) => void;
}) {
  const client = useArtifactsClient();
  // note: the cleanup panel's key: one read of the whole repository serves both, and deletes invalidate it.
  const { data, error, isPending } = useQuery({
    queryKey: [...artifactKeys.lists(client, { owner, repo }), "all"],
    queryFn: ({ signal }) => client.listAllArtifactsForRepo({ owner, repo, signal }),
    retry: shouldRetryArtifactsError,
  });
  const repoName = `${owner}/${repo}`;

  if (isPending)
    return (
      <p className="message" role="status">
        Reading every artifact of {repoName}…
      </p>
    );
  if (!data) return <ErrorMessage error={error} />;

  const now = Date.now();
  const repositories = [{ repository: repoName, artifacts: data }];
  const byName = summarizeArtifactStorage(repositories, { now, groupBy: "name" });
  const byBranch = summarizeArtifactStorage(repositories, { now, groupBy: "branch" });
  const { totals } = byName;

  return (
    <section className="storage" aria-labelledby="storage-heading">
      <h2 id="storage-heading">Storage of {repoName}</h2>
      <p className="hint">
        GitHub bills artifact storage in GB-hours, by the hour: deleting an artifact stops what it would still accrue
        and refunds nothing. What a cleanup saves is size × hours left to live; what expires tomorrow saves little.
      </p>
      <dl className="stats" aria-label="Storage totals">
        <div>
          <dt>Stored now</dt>
          <dd data-stat="bytes">{formatBytes(totals.bytes)}</dd>
        </div>
        <div>
          <dt>Artifacts</dt>
          <dd data-stat="count">
            {totals.count}
            {totals.expired > 0 && <span className="hint"> + {totals.expired} expired (no storage)</span>}
          </dd>
        </div>
        <div>
          <dt>Still to accrue</dt>
          <dd data-stat="gb-hours">{formatGbHours(totals.gbHoursLeft)}</dd>
        </div>
        <div>
          <dt>Oldest</dt>
          <dd data-stat="oldest">
            <RelativeTime iso={totals.oldestCreatedAt} />
          </dd>
        </div>
      </dl>
      <h3 id="expiring-heading">Expiring soon</h3>
      <ul className="expiring" aria-labelledby="expiring-heading">
        {SPANS.map(({ span, id, label }) => (
          <li key={id} data-span={id}>
            <span className={`swatch ${id}`} aria-hidden="true" /> {label}:{" "}
            <strong>{plural(totals.expiringCount[span], "artifact")}</strong>, {formatBytes(totals.expiringBytes[span])}
          </li>
        ))}
      </ul>
      {totals.count === 0 ? (
        <p className="message" role="status">
          Nothing in {repoName} uses storage now.
        </p>
      ) : (
        <>
          <ul className="legend" aria-label="Bar colours">
            {SEGMENTS.map((segment) => (
              <li key={segment.id}>
                <span className={`swatch ${segment.id}`} aria-hidden="true" /> {segment.label}
              </li>
            ))}
          </ul>
          <StorageChart title="By name" groupBy="name" summary={byName} onCleanUp={onCleanUp} />
          <StorageChart title="By branch" groupBy="branch" summary={byBranch} onCleanUp={onCleanUp} />
        </>
      )}
    </section>
  );
}

/** One grouping as a table whose Size cells hold the bars, largest first. */
function StorageChart({
  title,
  groupBy,
  summary,
  onCleanUp,
}: {
  title: string;
  groupBy: StorageGroupBy;
  summary: ArtifactStorageSummary;
  onCleanUp: (filter: CleanupPrefill) => void;
}) {
  const largest = summary.groups[0]?.bytes || 1;
  const id = `storage-${groupBy}`;
  return (
    <>
      <h3 id={id}>{title}</h3>
      <table role="table" className="storage-chart" aria-labelledby={id} data-group-by={groupBy}>
        <thead role="rowgroup">
          <tr role="row">
            {[
              groupBy === "name" ? "Name" : "Branch",
              "Size",
              "Artifacts",
              "Oldest",
              "Expire in 1 · 7 · 30 d",
              "GB·h left",
              "",
            ].map((label) => (
              <th key={label} scope="col" role="columnheader">
                {label || <span className="visually-hidden">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">
          {summary.groups.map((group) => (
            <StorageRow key={group.key ?? ""} group={group} groupBy={groupBy} largest={largest} onCleanUp={onCleanUp} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function StorageRow({
  group,
  groupBy,
  largest,
  onCleanUp,
}: {
  group: ArtifactStorageGroup;
  groupBy: StorageGroupBy;
  largest: number;
  onCleanUp: (filter: CleanupPrefill) => void;
}) {
  const label = groupLabel(group.key);
  const parts = segmentBytes(group);
  const key = group.key;
  return (
    <tr role="row" data-key={key ?? ""}>
      <th scope="row" role="rowheader" className="group-key" data-label={groupBy === "name" ? "Name" : "Branch"}>
        {label}
      </th>
      <td role="cell" data-label="Size">
        <span className="size">
          {/* note: the bar is a picture of the numbers beside it, so it is hidden from screen readers. */}
          <span className="bar" aria-hidden="true">
            <span className="fill" style={{ width: `${(group.bytes / largest) * 100}%` }}>
              {SEGMENTS.map(({ id }) =>
                parts[id] > 0 ? (
                  <span
                    key={id}
                    className={`segment ${id}`}
                    style={{ width: `${(parts[id] / group.bytes) * 100}%` }}
                    title={`${formatBytes(parts[id])} ${SEGMENTS.find((s) => s.id === id)?.label}`}
                  />
                ) : null,
              )}
            </span>
          </span>
          <span className="bytes">{formatBytes(group.bytes)}</span>
        </span>
      </td>
      <td role="cell" data-label="Artifacts">
        {group.count}
      </td>
      <td role="cell" data-label="Oldest">
        <RelativeTime iso={group.oldestCreatedAt} />
      </td>
      <td role="cell" data-label="Expire in 1 · 7 · 30 d">
        {expiringText(group)}
      </td>
      <td role="cell" data-label="GB·h left">
        {formatGbHours(group.gbHoursLeft)}
      </td>
      <td role="cell" data-label="Actions" className="actions-cell">
        <button
          type="button"
          aria-label={`Clean up ${groupBy} ${label}…`}
          disabled={key === null}
          title={key === null ? "The cleanup filters by branch name; these runs have none." : undefined}
          onClick={() => key !== null && onCleanUp(groupBy === "name" ? { name: key } : { branch: key })}
        >
          Clean up…
        </button>
      </td>
    </tr>
  );
}
