import {
  type Artifact,
  type ArtifactCleanupOutcome,
  type ArtifactCleanupPlan,
  type ArtifactCleanupPolicy,
  type ArtifactCleanupResult,
  parseDuration,
  planArtifactCleanup,
  runArtifactCleanup,
} from "@gh-artifacts/client";
import { tokenFrom } from "./client.js";
import type { Colour } from "./colour.js";
import { confirm } from "./confirm.js";
import type { Command, Flags } from "./context.js";
import { stringFlag } from "./context.js";
import { formatBytes, plural, printable, table } from "./format.js";
import { formatError } from "./format-error.js";
import { parseRepository, parseWholeNumber } from "./repository.js";
import { UsageError } from "./usage-error.js";

export const pruneHelp = `Usage: gh-artifacts prune OWNER/REPO [--keep-latest N] [--older-than DURATION] [--name NAME]
         [--branch BRANCH] [--include-expired] [--dry-run] [--yes] [--pace DURATION] [--json] [--base-url URL]

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
  --json                  print the plan and what the run did as one JSON document (progress goes to stderr)
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
    paceMs: paceFrom(stringFlag(flags, "pace")),
    olderThan,
  };
}

// note: the longest pause a timer can wait; runArtifactCleanup refuses more, but only after the plan is printed.
const MAX_PACE_MS = 2 ** 31 - 1;

function paceFrom(flag: string | undefined): number {
  const ms = parseDuration(flag ?? "1s", "--pace");
  if (ms > MAX_PACE_MS) throw new UsageError("--pace", "must be at most 24d (2^31-1 milliseconds)");
  return ms;
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

/** One line per outcome, as each is known. */
function outcomeLine(outcome: ArtifactCleanupOutcome, { green, yellow, red }: Colour): string {
  if (outcome.status === "deleted") return `${green("deleted")}       ${label(outcome.artifact)}\n`;
  if (outcome.status === "gone") return `${yellow("already gone")}  ${label(outcome.artifact)}\n`;
  return `${red("failed")}        ${label(outcome.artifact)}: ${formatError(outcome.error)}\n`;
}

function outcomeText(result: ArtifactCleanupResult, planned: number): string {
  const { deleted, gone, failed, notAttempted, bytesFreed } = result;
  const parts = [`Deleted ${deleted.length} of ${plural(planned, "artifact")}, ${formatBytes(bytesFreed)} freed`];
  if (gone.length) parts.push(`${gone.length} already gone`);
  if (failed.length) parts.push(`${failed.length} failed`);
  if (notAttempted.length) parts.push(`${notAttempted.length} not attempted after the rate limit`);
  return `${parts.join("; ")}.`;
}

const ids = (artifacts: readonly Artifact[]) => artifacts.map((a) => a.id);

/**
 * `prune --json`: the plan (the artifacts to delete as GitHub's objects, the groups and skips by id) and, after a
 * run, what became of each deletion by id. `outcome` is `null` when nothing ran (a dry run, or the answer was no).
 */
function pruneJson(
  target: { owner: string; repo: string },
  settings: PruneSettings,
  plan: ArtifactCleanupPlan,
  considered: number,
  dryRun: boolean,
  result: ArtifactCleanupResult | undefined,
) {
  return {
    repository: `${target.owner}/${target.repo}`,
    policy: settings.policy,
    cutoff: plan.cutoff.toISOString(),
    considered,
    dryRun,
    plan: {
      totals: plan.totals,
      groups: plan.groups.map((g) => ({
        name: g.name,
        branch: g.branch,
        keep: ids(g.keep),
        delete: ids(g.delete),
        bytes: g.bytes,
      })),
      skipped: plan.skipped.map((s) => ({ id: s.artifact.id, reason: s.reason })),
      delete: plan.delete,
    },
    outcome: result
      ? {
          deleted: ids(result.deleted),
          gone: ids(result.gone),
          failed: result.failed.map((f) => ({ id: f.artifact.id, reason: formatError(f.error) })),
          notAttempted: ids(result.notAttempted),
          bytesFreed: result.bytesFreed,
          stopped: result.stopped ?? null,
        }
      : null,
  };
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
    json: { type: "boolean" },
  },
  help: pruneHelp,
  async run(repository, flags, context) {
    const target = parseRepository(repository);
    const settings = settingsFrom(flags);
    const dryRun = flags["dry-run"] === true;
    if (!dryRun && tokenFrom(context.env) === undefined) {
      throw new UsageError("GITHUB_TOKEN", "or GH_TOKEN must hold a token to delete (--dry-run needs none)");
    }
    const json = flags.json === true;
    const gh = context.client(stringFlag(flags, "base-url"));
    const name = settings.policy.name;
    const artifacts = await gh.listAllArtifactsForRepo({ ...target, ...(name === undefined ? {} : { name }) });
    const plan = planArtifactCleanup(artifacts, settings.policy, context.now());
    const done = (result: ArtifactCleanupResult | undefined) => {
      const document = pruneJson(target, settings, plan, artifacts.length, dryRun, result);
      context.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    };
    // note: with --json, stdout holds the document alone; the words a person reads go to stderr or are left out.
    const say = json ? context.stderr : context.stdout;
    if (!json) context.stdout.write(`${planText(plan, settings, artifacts.length).join("\n")}\n`);

    const count = plan.totals.count;
    if (count === 0 || dryRun) {
      if (json) done(dryRun ? undefined : { deleted: [], gone: [], failed: [], notAttempted: [], bytesFreed: 0 });
      else context.stdout.write(count === 0 ? "Nothing to delete.\n" : "Dry run: nothing was deleted.\n");
      return 0;
    }
    if (flags.yes !== true) {
      if (!context.terminals.stdin || !context.terminals.stderr) {
        throw new UsageError("--yes", `is required to delete ${plural(count, "artifact")} when not on a terminal`);
      }
      const question = `Delete ${plural(count, "artifact")} (${formatBytes(plan.totals.bytes)}) from ${target.owner}/${target.repo}?`;
      if (!(await confirm(context, question))) {
        say.write("Nothing was deleted.\n");
        if (json) done(undefined);
        return 1;
      }
    }
    const colour = json ? context.colour.stderr : context.colour.stdout;
    // note: a rate limit that outlasted the client's retries stops the run (the rest would meet it again) and
    // leaves the rest for the next run; every other failure is reported and the rest still run.
    const result = await runArtifactCleanup(gh, target, plan.delete, {
      paceMs: settings.paceMs,
      onOutcome: (outcome) => say.write(outcomeLine(outcome, colour)),
    });
    if (json) done(result);
    else context.stdout.write(`${outcomeText(result, count)}\n`);
    return result.failed.length > 0 ? 1 : 0;
  },
};
