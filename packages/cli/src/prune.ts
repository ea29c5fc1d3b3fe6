import {
  type Artifact,
  type ArtifactCleanupOutcome,
  type ArtifactCleanupPlan,
  type ArtifactCleanupPolicy,
  type ArtifactCleanupResult,
  type ArtifactsClient,
  parseDuration,
  planArtifactCleanup,
  type RateLimitSnapshot,
  runArtifactCleanup,
  watchRateLimit,
} from "@gh-artifacts/client";
import { reserveFrom, resumeText } from "./budget.js";
import { tokenFrom } from "./client.js";
import type { Colour } from "./colour.js";
import { confirm } from "./confirm.js";
import type { Command, Flags } from "./context.js";
import { stringFlag } from "./context.js";
import { formatBytes, plural, printable, table } from "./format.js";
import { formatError } from "./format-error.js";
import { parseWholeNumber, repositoriesFrom } from "./repository.js";
import { scanClient, scanWithProgress } from "./usage.js";
import { UsageError } from "./usage-error.js";

export const pruneHelp = `Usage: gh-artifacts prune OWNER/REPO… [--repos FILE] [--keep-latest N] [--older-than DURATION]
         [--name NAME] [--branch BRANCH] [--include-expired] [--dry-run] [--yes] [--pace DURATION] [--json]
         [--budget-reserve P] [--cache-dir DIR] [--base-url URL]

Deletes artifacts by a retention policy, in one repository or many. Artifacts are grouped by name and the branch
their run built; in each group the newest N that have not expired are kept, and of the rest those older than
DURATION are deleted. Expired artifacts use no storage and are left alone unless --include-expired. Every
repository is listed first (within the rate-limit budget, as gh-artifacts usage does) and planned on its own; the
plan is printed (groups with deletions, per repository and in total), asked about once, then carried out one
deletion at a time. At least one of --keep-latest and --older-than is required.

  --repos FILE            also the repositories in FILE, one OWNER/REPO per line (blank lines and # comments
                          skipped), e.g. from: gh repo list ORG --json nameWithOwner -q '.[].nameWithOwner'
  --keep-latest N         keep the newest N live artifacts of each name and branch (default: 0)
  --older-than DURATION   delete only artifacts older than this: 90m, 12h, 7d, 2w (default: any age)
  --name NAME             only artifacts with exactly this name
  --branch BRANCH         only artifacts built from this branch
  --include-expired       delete expired artifacts too (they free no storage)
  --dry-run               print the plan and delete nothing
  --yes                   delete without asking (required when not on a terminal)
  --pace DURATION         the pause between two deletions, e.g. 500ms (default: 1s: 60 deletions a minute, 300
                          of the 900 points a minute GitHub's secondary rate limit allows, a DELETE costing 5)
  --json                  print the plan and what the run did as one JSON document (progress goes to stderr)
  --budget-reserve P      the share of the primary rate limit to leave unused, in percent (default: 20): listing
                          stops, and deleting stops cleanly, before the remaining requests fall under it
  --cache-dir DIR         keep ETags in DIR, so that listing unchanged repositories again costs no rate limit
  --base-url URL          the REST API root (default: GITHUB_API_URL, else https://api.github.com)

Exit codes: 0 done (or nothing to do), 1 a deletion or request failed (after trying the rest) or the answer was
no, 2 a bad command line or no --yes when not on a terminal, 3 stopped at the rate-limit reserve (run again after
the reset). Deleting needs a token (GITHUB_TOKEN or GH_TOKEN) with actions: write.
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
/** 180 deletions a minute: GitHub's secondary limit is 900 points a minute and a DELETE costs 5. */
const MIN_PACE_MS = 334;

function paceFrom(flag: string | undefined): number {
  const ms = parseDuration(flag ?? "1s", "--pace");
  if (ms > MAX_PACE_MS) throw new UsageError("--pace", "must be at most 24d (2^31-1 milliseconds)");
  return ms;
}

const label = (a: Artifact) =>
  `#${a.id} ${printable(a.name)} (${printable(a.workflow_run?.head_branch ?? "no branch")})`;

/** The policy in words. */
function policyLine(settings: PruneSettings, cutoff: Date): string {
  const { policy } = settings;
  const keep = policy.keepLatest ? `keep the newest ${policy.keepLatest} per name and branch, ` : "";
  const age = settings.olderThan
    ? `older than ${settings.olderThan} (created before ${cutoff.toISOString()})`
    : "of any age";
  const filters = [
    policy.name === undefined ? "" : `, name ${JSON.stringify(policy.name)}`,
    policy.branch === undefined ? "" : `, branch ${JSON.stringify(policy.branch)}`,
    policy.includeExpired ? ", expired ones included" : "",
  ].join("");
  return `Policy: ${keep}delete the ${keep ? "others" : "artifacts"} ${age}${filters}.`;
}

/** The groups with deletions as a table, how many others have none, and what was skipped. */
function groupLines(plan: ArtifactCleanupPlan<Artifact>): string[] {
  const lines: string[] = [];
  const deleting = plan.groups.filter((g) => g.delete.length > 0);
  if (deleting.length > 0) {
    const rows = deleting.map((g) => [
      printable(g.name),
      printable(g.branch ?? "-"),
      String(g.keep.length),
      String(g.delete.length),
      formatBytes(g.bytes),
    ]);
    lines.push(...table([["NAME", "BRANCH", "KEEP", "DELETE", "FREES"], ...rows], [2, 3, 4]));
  }
  const idle = plan.groups.length - deleting.length;
  if (idle > 0) {
    const word = deleting.length > 0 ? "other group" : "group";
    lines.push(`${plural(idle, word, `${word}s`)} ${idle === 1 ? "has" : "have"} nothing to delete.`);
  }
  const reasons = { expired: 0, name: 0, branch: 0 };
  for (const s of plan.skipped) reasons[s.reason]++;
  const skipped = [
    reasons.expired ? `${reasons.expired} expired` : "",
    reasons.name ? `${reasons.name} of another name` : "",
    reasons.branch ? `${reasons.branch} of another branch` : "",
  ].filter(Boolean);
  if (skipped.length > 0) lines.push(`Skipped: ${skipped.join(", ")}.`);
  return lines;
}

/** The plan of one repository as text: the policy, the groups with deletions, what is skipped, and the totals. */
export function planText(plan: ArtifactCleanupPlan<Artifact>, settings: PruneSettings, considered: number): string[] {
  const groups = groupLines(plan);
  return [
    policyLine(settings, plan.cutoff),
    ...(groups.length > 0 && plan.groups.some((g) => g.delete.length > 0) ? [""] : []),
    ...groups,
    `Total: delete ${plan.totals.count} of ${plural(considered, "artifact")}, freeing ${formatBytes(plan.totals.bytes)}` +
      ` (expired ones free nothing); keep ${plan.totals.kept}.`,
  ];
}

/** The plans of several repositories as text: those with deletions in full, a count of the others, the totals. */
function plansText(plans: readonly RepositoryPlan[], settings: PruneSettings): string[] {
  const cutoff = plans[0]?.plan.cutoff ?? new Date(0);
  const lines = [policyLine(settings, cutoff)];
  const idle = plans.filter((p) => p.plan.totals.count === 0).length;
  for (const { repository, plan, considered } of plans) {
    if (plan.totals.count === 0) continue;
    lines.push(
      "",
      `${repository}: delete ${plan.totals.count} of ${plural(considered, "artifact")}, freeing ${formatBytes(plan.totals.bytes)}; keep ${plan.totals.kept}.`,
      ...groupLines(plan).map((line) => `  ${line}`),
    );
  }
  if (idle > 0) {
    lines.push("", `${plural(idle, "repository", "repositories")} ${idle === 1 ? "has" : "have"} nothing to delete.`);
  }
  const count = plans.reduce((n, p) => n + p.plan.totals.count, 0);
  const bytes = plans.reduce((n, p) => n + p.plan.totals.bytes, 0);
  const kept = plans.reduce((n, p) => n + p.plan.totals.kept, 0);
  const considered = plans.reduce((n, p) => n + p.considered, 0);
  const repos = plans.length - idle;
  lines.push(
    `Total: delete ${count} of ${plural(considered, "artifact")} in ${repos} of ${plural(plans.length, "repository", "repositories")}, ` +
      `freeing ${formatBytes(bytes)} (expired ones free nothing); keep ${kept}.`,
  );
  return lines;
}

/** One repository's listing and plan. */
interface RepositoryPlan {
  repository: string;
  target: { owner: string; repo: string };
  plan: ArtifactCleanupPlan<Artifact>;
  considered: number;
}

/** One line per outcome, as each is known; `where` names the repository when there are several. */
function outcomeLine(outcome: ArtifactCleanupOutcome<Artifact>, { green, yellow, red }: Colour, where: string): string {
  if (outcome.status === "deleted") return `${green("deleted")}       ${label(outcome.artifact)}${where}\n`;
  if (outcome.status === "gone") return `${yellow("already gone")}  ${label(outcome.artifact)}${where}\n`;
  return `${red("failed")}        ${label(outcome.artifact)}${where}: ${formatError(outcome.error)}\n`;
}

/** Why deleting stopped early, in the words of `outcome.stopped`: the client's, and `budget` (the reserve). */
type Stopped = "rate-limit" | "aborted" | "budget";

/** What deleting did in one repository: `runArtifactCleanup`'s result, with the budget as a reason to stop. */
type RunResult = Omit<ArtifactCleanupResult<Artifact>, "stopped"> & { stopped?: Stopped | undefined };

function outcomeText(results: readonly RunResult[], planned: number, repositories: number): string {
  const count = (read: (r: RunResult) => number) => results.reduce((n, r) => n + read(r), 0);
  const deleted = count((r) => r.deleted.length);
  const where = repositories > 1 ? ` in ${plural(repositories, "repository", "repositories")}` : "";
  const parts = [
    `Deleted ${deleted} of ${plural(planned, "artifact")}${where}, ${formatBytes(count((r) => r.bytesFreed))} freed`,
  ];
  const gone = count((r) => r.gone.length);
  const failed = count((r) => r.failed.length);
  const left = planned - deleted - gone - failed;
  if (gone) parts.push(`${gone} already gone`);
  if (failed) parts.push(`${failed} failed`);
  const stopped = results.find((r) => r.stopped)?.stopped;
  if (left > 0) {
    const why =
      stopped === "budget"
        ? "at the rate-limit reserve"
        : stopped === "rate-limit"
          ? "after the rate limit"
          : "after the stop";
    parts.push(`${left} not attempted ${why}`);
  }
  return `${parts.join("; ")}.`;
}

const ids = (artifacts: readonly { id: number }[]) => artifacts.map((a) => a.id);

/**
 * `prune --json` of one repository: the plan (the artifacts to delete as listed, the groups and skips by id) and,
 * after a run, what became of each deletion by id. `outcome` is `null` when nothing ran (a dry run, or a no).
 */
function pruneJson(entry: RepositoryPlan, settings: PruneSettings, dryRun: boolean, result: RunResult | undefined) {
  const { plan } = entry;
  return {
    repository: entry.repository,
    policy: settings.policy,
    cutoff: plan.cutoff.toISOString(),
    considered: entry.considered,
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

const NOTHING: RunResult = { deleted: [], gone: [], failed: [], notAttempted: [], bytesFreed: 0 };

/** Resolves `true` after `ms`, or `false` at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", stop, { once: true });
  });
}

/** Whether a rate-limit snapshot leaves fewer than one request above the reserve. */
function belowReserve(rateLimit: RateLimitSnapshot | undefined, reserve: number): boolean {
  const { limit, remaining, resource } = rateLimit ?? {};
  if (limit === undefined || remaining === undefined || (resource !== undefined && resource !== "core")) return false;
  return remaining - 1 < Math.ceil(reserve * limit);
}

/**
 * Deletes each repository's planned artifacts, repository after repository, `paceMs` between any two deletions;
 * stops cleanly before a deletion would take the primary rate limit under the reserve (`stopped: "budget"`), at a
 * rate limit the client's retries did not outlast, or at the user's stop.
 */
async function deleteAll(
  gh: ArtifactsClient,
  plans: readonly RepositoryPlan[],
  options: {
    paceMs: number;
    reserve: number;
    rateLimit: RateLimitSnapshot | undefined;
    signal: AbortSignal | undefined;
    onOutcome: (outcome: ArtifactCleanupOutcome<Artifact>, entry: RepositoryPlan) => void;
  },
): Promise<RunResult[]> {
  const budget = new AbortController();
  if (belowReserve(options.rateLimit, options.reserve)) budget.abort();
  const unwatch = watchRateLimit(gh, (seen) => {
    if (belowReserve(seen.rateLimit, options.reserve)) budget.abort();
  });
  const signal = options.signal ? AbortSignal.any([options.signal, budget.signal]) : budget.signal;
  const why = (): Stopped => (budget.signal.aborted ? "budget" : "aborted");
  const results: RunResult[] = [];
  let stopped: Stopped | undefined;
  try {
    for (const [index, entry] of plans.entries()) {
      const planned = entry.plan.delete;
      if (stopped || (index > 0 && !(await pause(options.paceMs, signal))) || signal.aborted) {
        stopped ??= why();
        results.push({ ...NOTHING, notAttempted: [...planned], stopped });
        continue;
      }
      const result: RunResult = await runArtifactCleanup(gh, entry.target, planned, {
        paceMs: options.paceMs,
        signal,
        onOutcome: (outcome) => options.onOutcome(outcome, entry),
      });
      if (result.stopped) {
        stopped = result.stopped === "aborted" ? why() : result.stopped;
        result.stopped = stopped;
      }
      results.push(result);
    }
  } finally {
    unwatch();
  }
  return results;
}

export const prune: Command = {
  options: {
    repos: { type: "string" },
    "keep-latest": { type: "string" },
    "older-than": { type: "string" },
    name: { type: "string" },
    branch: { type: "string" },
    "include-expired": { type: "boolean" },
    "dry-run": { type: "boolean" },
    yes: { type: "boolean" },
    pace: { type: "string" },
    json: { type: "boolean" },
    "budget-reserve": { type: "string" },
    "cache-dir": { type: "string" },
  },
  help: pruneHelp,
  manyRepositories: true,
  async run(args, flags, context) {
    const repositories = await repositoriesFrom(args, stringFlag(flags, "repos"));
    const settings = settingsFrom(flags);
    const reserve = reserveFrom(stringFlag(flags, "budget-reserve"));
    const dryRun = flags["dry-run"] === true;
    if (!dryRun && tokenFrom(context.env) === undefined) {
      throw new UsageError("GITHUB_TOKEN", "or GH_TOKEN must hold a token to delete (--dry-run needs none)");
    }
    const json = flags.json === true;
    const many = repositories.length > 1;
    // note: with --json, stdout holds the document alone; the words a person reads go to stderr or are left out.
    const say = json ? context.stderr : context.stdout;
    if (settings.paceMs < MIN_PACE_MS) {
      context.stderr.write(
        `gh-artifacts: warning: --pace ${stringFlag(flags, "pace")} is more than 180 deletions a minute, past the 900 ` +
          "points a minute of GitHub's secondary rate limit (a DELETE costs 5)\n",
      );
    }
    const gh = scanClient(context, flags);
    const scan = await scanWithProgress(context, gh, flags, repositories, { name: settings.policy.name });
    const now = context.now();
    const plans: RepositoryPlan[] = scan.repositories.map(({ repository, artifacts }) => {
      const [owner, repo] = repository.split("/") as [string, string];
      // note: listed by this run, so these are GitHub's objects (a scan only restores records from a state).
      const listed = artifacts as Artifact[];
      return {
        repository,
        target: { owner, repo },
        plan: planArtifactCleanup(listed, settings.policy, now),
        considered: listed.length,
      };
    });
    const withDeletions = plans.filter((p) => p.plan.totals.count > 0);
    const count = withDeletions.reduce((n, p) => n + p.plan.totals.count, 0);
    const bytes = withDeletions.reduce((n, p) => n + p.plan.totals.bytes, 0);

    const done = (results: Map<RepositoryPlan, RunResult> | undefined) => {
      const documents = plans.map((p) =>
        pruneJson(p, settings, dryRun, results ? (results.get(p) ?? NOTHING) : undefined),
      );
      const document = many
        ? {
            repositories: documents,
            failed: scan.failed.map((f) => ({ repository: f.repository, reason: formatError(f.error) })),
            notListed: scan.pending,
            stopped: scan.stopped
              ? { reason: scan.stopped.reason, resumeAt: scan.stopped.resumeAt?.toISOString() ?? null }
              : null,
          }
        : documents[0];
      context.stdout.write(`${JSON.stringify(document ?? null, null, 2)}\n`);
    };

    if (!json) {
      const text = many
        ? plansText(plans, settings)
        : plans[0]
          ? planText(plans[0].plan, settings, plans[0].considered)
          : [];
      if (text.length > 0) context.stdout.write(`${text.join("\n")}\n`);
    }
    if (scan.stopped) {
      const { stopped, pending } = scan;
      const reason = stopped.reason === "aborted" ? "Stopped" : "Stopped at the rate-limit reserve";
      say.write(
        `${reason} while listing: ${plural(pending.length, "repository", "repositories")} not listed; nothing was ` +
          `deleted. Run again ${resumeText(stopped.resumeAt, now)}.\n`,
      );
      if (json) done(undefined);
      return stopped.reason === "aborted" ? 1 : 3;
    }
    const failedListing = scan.failed.length > 0 ? 1 : 0;

    if (count === 0 || dryRun) {
      if (json) done(dryRun ? undefined : new Map());
      else context.stdout.write(count === 0 ? "Nothing to delete.\n" : "Dry run: nothing was deleted.\n");
      return failedListing;
    }
    if (flags.yes !== true) {
      if (!context.terminals.stdin || !context.terminals.stderr) {
        throw new UsageError("--yes", `is required to delete ${plural(count, "artifact")} when not on a terminal`);
      }
      const from = many
        ? `${plural(withDeletions.length, "repository", "repositories")}`
        : (withDeletions[0]?.repository ?? "");
      if (!(await confirm(context, `Delete ${plural(count, "artifact")} (${formatBytes(bytes)}) from ${from}?`))) {
        say.write("Nothing was deleted.\n");
        if (json) done(undefined);
        return 1;
      }
    }
    const colour = json ? context.colour.stderr : context.colour.stdout;
    // note: a rate limit that outlasted the client's retries stops the run (the rest would meet it again), and so
    // does the budget reserve; every other failure is reported and the rest still run.
    const results = await deleteAll(gh, withDeletions, {
      paceMs: settings.paceMs,
      reserve,
      rateLimit: scan.rateLimit,
      signal: context.signal,
      onOutcome: (outcome, entry) => say.write(outcomeLine(outcome, colour, many ? ` in ${entry.repository}` : "")),
    });
    const byPlan = new Map(withDeletions.map((p, i) => [p, results[i] as RunResult]));
    if (json) done(byPlan);
    else context.stdout.write(`${outcomeText(results, count, withDeletions.length)}\n`);
    const stopped = results.find((r) => r.stopped)?.stopped;
    if (stopped === "budget") {
      const left = results.reduce((n, r) => n + r.notAttempted.length, 0);
      say.write(
        `Stopped at the rate-limit reserve: ${plural(left, "deletion")} left; run again ` +
          `${resumeText(scan.rateLimit?.reset, now)}.\n`,
      );
    }
    if (results.some((r) => r.failed.length > 0)) return 1;
    return stopped === "budget" ? 3 : stopped ? 1 : failedListing;
  },
};
