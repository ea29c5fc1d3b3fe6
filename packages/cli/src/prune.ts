import {
  type Artifact,
  type ArtifactCleanupPlan,
  type ArtifactCleanupPolicy,
  type ArtifactsClient,
  NotFoundError,
  parseDuration,
  planArtifactCleanup,
  RateLimitError,
} from "@gh-artifacts/client";
import { tokenFrom } from "./client.js";
import { confirm } from "./confirm.js";
import type { Command, Context, Flags } from "./context.js";
import { stringFlag } from "./context.js";
import { formatBytes, plural, printable, storedBytes, table } from "./format.js";
import { formatError } from "./format-error.js";
import { parseRepository, parseWholeNumber } from "./repository.js";
import { UsageError } from "./usage-error.js";

export const pruneHelp = `Usage: gh-artifacts prune OWNER/REPO [--keep-latest N] [--older-than DURATION] [--name NAME]
         [--branch BRANCH] [--include-expired] [--dry-run] [--yes] [--pace DURATION] [--base-url URL]

Deletes artifacts by a retention policy. Artifacts are grouped by name and the branch their run built; in each
group the newest N that have not expired are kept, and of the rest those older than DURATION are deleted. Expired
artifacts use no storage and are left alone unless --include-expired. Prints the plan (per group and in total),
then what happened to each deletion. At least one of --keep-latest and --older-than is required.

  --keep-latest N         keep the newest N live artifacts of each name and branch (default: 0)
  --older-than DURATION   delete only artifacts older than this: 90m, 12h, 7d, 2w (default: any age)
  --name NAME             only artifacts with exactly this name
  --branch BRANCH         only artifacts built from this branch
  --include-expired       delete expired artifacts too (they free no storage)
  --dry-run               print the plan and delete nothing
  --yes                   delete without asking (required when not on a terminal)
  --pace DURATION         the pause between two deletions, e.g. 500ms (default: 1s, as GitHub asks)
  --base-url URL          the REST API root (default: GITHUB_API_URL, else https://api.github.com)

Exit codes: 0 done (or nothing to do), 1 a deletion or request failed (after trying the rest) or the answer was
no, 2 a bad command line or no --yes when not on a terminal. Deleting needs a token (GITHUB_TOKEN or GH_TOKEN)
with actions: write.
`;

interface PruneSettings {
  policy: ArtifactCleanupPolicy;
  paceMs: number;
  olderThan: string | undefined;
}

/** Every flag checked before any request. */
function settingsFrom(flags: Flags): PruneSettings {
  const keep = stringFlag(flags, "keep-latest");
  const olderThan = stringFlag(flags, "older-than");
  if (keep === undefined && olderThan === undefined) {
    throw new UsageError(
      "--keep-latest or --older-than",
      "is required, so that a prune never deletes everything by default",
    );
  }
  for (const flag of ["name", "branch"]) {
    if (stringFlag(flags, flag) === "") throw new UsageError(`--${flag}`, "must not be empty");
  }
  return {
    policy: {
      keepLatest: keep === undefined ? 0 : parseWholeNumber("--keep-latest", keep, 0),
      olderThanMs: olderThan === undefined ? 0 : parseDuration(olderThan, "--older-than"),
      name: stringFlag(flags, "name"),
      branch: stringFlag(flags, "branch"),
      includeExpired: flags["include-expired"] === true,
    },
    paceMs: parseDuration(stringFlag(flags, "pace") ?? "1s", "--pace"),
    olderThan,
  };
}

const label = (a: Artifact) =>
  `#${a.id} ${printable(a.name)} (${printable(a.workflow_run?.head_branch ?? "no branch")})`;

/** The plan as text: the policy in words, one row per group, what is skipped, and the totals. */
export function planText(plan: ArtifactCleanupPlan, settings: PruneSettings, considered: number): string[] {
  const { policy } = settings;
  const keep = policy.keepLatest ? `keep the newest ${policy.keepLatest} per name and branch, ` : "";
  const age = settings.olderThan
    ? `older than ${settings.olderThan} (created before ${plan.cutoff.toISOString()})`
    : "of any age";
  const filters = [
    policy.name === undefined ? "" : `, name ${JSON.stringify(policy.name)}`,
    policy.branch === undefined ? "" : `, branch ${JSON.stringify(policy.branch)}`,
    policy.includeExpired ? ", expired ones included" : "",
  ].join("");
  const lines = [`Policy: ${keep}delete the ${keep ? "others" : "artifacts"} ${age}${filters}.`];
  if (plan.groups.length > 0) {
    const rows = plan.groups.map((g) => [
      printable(g.name),
      printable(g.branch ?? "-"),
      String(g.keep.length),
      String(g.delete.length),
      formatBytes(g.bytes),
    ]);
    lines.push("", ...table([["NAME", "BRANCH", "KEEP", "DELETE", "FREES"], ...rows], [2, 3, 4]));
  }
  const reasons = { expired: 0, name: 0, branch: 0 };
  for (const s of plan.skipped) reasons[s.reason]++;
  const skipped = [
    reasons.expired ? `${reasons.expired} expired` : "",
    reasons.name ? `${reasons.name} of another name` : "",
    reasons.branch ? `${reasons.branch} of another branch` : "",
  ].filter(Boolean);
  if (skipped.length > 0) lines.push(`Skipped: ${skipped.join(", ")}.`);
  lines.push(
    `Total: delete ${plan.totals.count} of ${plural(considered, "artifact")}, freeing ${formatBytes(plan.totals.bytes)}` +
      ` (expired ones free nothing); keep ${plan.totals.kept}.`,
  );
  return lines;
}

/** What happened to each planned deletion. */
interface Outcome {
  deleted: Artifact[];
  gone: Artifact[];
  failed: { artifact: Artifact; reason: string }[];
  notAttempted: Artifact[];
}

/**
 * Deletes one at a time, `paceMs` apart (GitHub asks for a pause between mutating requests). A 404 is "already
 * gone"; any other failure is recorded and the rest go on, except a rate limit that outlasted the client's retries:
 * the next requests would only meet it again, so the rest are left for the next run.
 */
async function deleteAll(
  context: Context,
  gh: ArtifactsClient,
  target: { owner: string; repo: string },
  plan: ArtifactCleanupPlan,
  paceMs: number,
): Promise<Outcome> {
  const outcome: Outcome = { deleted: [], gone: [], failed: [], notAttempted: [] };
  const { green, yellow, red } = context.colour.stdout;
  for (const [index, artifact] of plan.delete.entries()) {
    if (index > 0) await context.sleep(paceMs);
    try {
      await gh.deleteArtifact({ ...target, artifact_id: artifact.id });
      outcome.deleted.push(artifact);
      context.stdout.write(`${green("deleted")}       ${label(artifact)}\n`);
    } catch (error) {
      if (error instanceof NotFoundError) {
        outcome.gone.push(artifact);
        context.stdout.write(`${yellow("already gone")}  ${label(artifact)}\n`);
        continue;
      }
      const reason = formatError(error);
      outcome.failed.push({ artifact, reason });
      context.stdout.write(`${red("failed")}        ${label(artifact)}: ${reason}\n`);
      if (error instanceof RateLimitError) {
        outcome.notAttempted = plan.delete.slice(index + 1);
        break;
      }
    }
  }
  return outcome;
}

function outcomeText({ deleted, gone, failed, notAttempted }: Outcome, planned: number): string {
  const parts = [
    `Deleted ${deleted.length} of ${plural(planned, "artifact")}, ${formatBytes(storedBytes(deleted))} freed`,
  ];
  if (gone.length) parts.push(`${gone.length} already gone`);
  if (failed.length) parts.push(`${failed.length} failed`);
  if (notAttempted.length) parts.push(`${notAttempted.length} not attempted after the rate limit`);
  return `${parts.join("; ")}.`;
}

export const prune: Command = {
  options: {
    "keep-latest": { type: "string" },
    "older-than": { type: "string" },
    name: { type: "string" },
    branch: { type: "string" },
    "include-expired": { type: "boolean" },
    "dry-run": { type: "boolean" },
    yes: { type: "boolean" },
    pace: { type: "string" },
  },
  help: pruneHelp,
  async run(repository, flags, context) {
    const target = parseRepository(repository);
    const settings = settingsFrom(flags);
    const dryRun = flags["dry-run"] === true;
    if (!dryRun && tokenFrom(context.env) === undefined) {
      throw new UsageError("GITHUB_TOKEN", "or GH_TOKEN must hold a token to delete (--dry-run needs none)");
    }
    const gh = context.client(stringFlag(flags, "base-url"));
    const name = settings.policy.name;
    const artifacts = await gh.listAllArtifactsForRepo({ ...target, ...(name === undefined ? {} : { name }) });
    const plan = planArtifactCleanup(artifacts, settings.policy, context.now());
    context.stdout.write(`${planText(plan, settings, artifacts.length).join("\n")}\n`);

    const count = plan.totals.count;
    if (count === 0) {
      context.stdout.write("Nothing to delete.\n");
      return 0;
    }
    if (dryRun) {
      context.stdout.write("Dry run: nothing was deleted.\n");
      return 0;
    }
    if (flags.yes !== true) {
      if (!context.terminals.stdin || !context.terminals.stderr) {
        throw new UsageError("--yes", `is required to delete ${plural(count, "artifact")} when not on a terminal`);
      }
      const question = `Delete ${plural(count, "artifact")} (${formatBytes(plan.totals.bytes)}) from ${target.owner}/${target.repo}?`;
      if (!(await confirm(context, question))) {
        context.stdout.write("Nothing was deleted.\n");
        return 1;
      }
    }
    const outcome = await deleteAll(context, gh, target, plan, settings.paceMs);
    context.stdout.write(`${outcomeText(outcome, count)}\n`);
    return outcome.failed.length > 0 ? 1 : 0;
  },
};
