import type { Artifact, ArtifactCleanupPlan } from "@gh-artifacts/client";
import { formatBytes, formatDateTime, formatRelative } from "./format.js";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One sentence for a plan's totals, e.g. "12 artifacts to delete in 5 groups, freeing 3.4 MiB; 20 kept, 3 skipped." */
export function planSummary(plan: ArtifactCleanupPlan): string {
  const { count, bytes, kept, skipped } = plan.totals;
  const groups = plan.groups.filter((g) => g.delete.length > 0).length;
  return `${plural(count, "artifact")} to delete in ${plural(groups, "group")}, freeing ${formatBytes(bytes)}; ${kept} kept, ${skipped} skipped.`;
}

/** Why artifacts were left out of the plan, e.g. "3 expired, 30 other names". */
function skippedText(plan: ArtifactCleanupPlan): string {
  const counts = { expired: 0, name: 0, branch: 0 };
  for (const { reason } of plan.skipped) counts[reason]++;
  const parts = [];
  if (counts.expired) parts.push(`${counts.expired} expired (they use no storage)`);
  if (counts.name) parts.push(plural(counts.name, "of another name", "of other names"));
  if (counts.branch) parts.push(plural(counts.branch, "of another branch", "of other branches"));
  return parts.join(", ");
}

/**
 * The plan: per (name, branch) group something is deleted from, how many are deleted and kept and what that frees,
 * with totals and a count of the groups left as they are, then every artifact to delete (oldest first, the order of
 * the run).
 */
export function CleanupPreview({ plan, listed }: { plan: ArtifactCleanupPlan; listed: number }) {
  const skipped = skippedText(plan);
  // note: only the groups something is deleted from: a repository has many groups with nothing to delete, and at
  // phone width listing them all pushed the run button thousands of pixels down. The rest are counted.
  const deleting = plan.groups.filter((group) => group.delete.length > 0);
  const untouched = plan.groups.length - deleting.length;
  const keptElsewhere = plan.groups.reduce((n, group) => n + (group.delete.length > 0 ? 0 : group.keep.length), 0);
  return (
    <div className="preview">
      <p className="count" role="status">
        {planSummary(plan)}
      </p>
      <p className="hint">
        Planned from all {plural(listed, "artifact")} of the repository; deletes those created before{" "}
        {formatDateTime(plan.cutoff)}.{skipped && ` Skipped: ${skipped}.`}
      </p>
      {deleting.length > 0 && (
        <table aria-label="Cleanup plan" className="plan">
          <thead>
            <tr>
              {["Name", "Branch", "Delete", "Keep", "Frees"].map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {deleting.map((group) => (
              <tr key={JSON.stringify([group.name, group.branch])} data-deletes={group.delete.length}>
                <th scope="row" data-label="Name">
                  {group.name}
                </th>
                <td data-label="Branch">{group.branch ?? "—"}</td>
                <td data-label="Delete">{group.delete.length}</td>
                <td data-label="Keep">{group.keep.length}</td>
                <td data-label="Frees">{formatBytes(group.bytes)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                Total
              </th>
              <td data-label="Delete">{plan.totals.count}</td>
              <td data-label="Keep">{plan.totals.kept}</td>
              <td data-label="Frees">{formatBytes(plan.totals.bytes)}</td>
            </tr>
          </tfoot>
        </table>
      )}
      {untouched > 0 && (
        <p className="hint untouched">
          {plural(untouched, deleting.length > 0 ? "other group" : "group")} with nothing to delete (
          {plural(keptElsewhere, "artifact")} kept).
        </p>
      )}
      {plan.delete.length > 0 && (
        <details className="plan-artifacts">
          <summary>The {plural(plan.delete.length, "artifact")} to delete</summary>
          <ul>
            {plan.delete.map((artifact) => (
              <li key={artifact.id}>
                <ArtifactLine artifact={artifact} />
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** "test-results · main · 2.1 KiB · 3 days ago · #1016" */
export function ArtifactLine({ artifact }: { artifact: Artifact }) {
  return (
    <>
      <strong>{artifact.name}</strong> · {artifact.workflow_run?.head_branch ?? "—"} ·{" "}
      {artifact.expired ? "expired" : formatBytes(artifact.size_in_bytes)} ·{" "}
      {artifact.created_at ? formatRelative(artifact.created_at) : "age unknown"} · <code>#{artifact.id}</code>
    </>
  );
}
