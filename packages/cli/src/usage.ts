import { rm } from "node:fs/promises";
import {
  type ArtifactScanState,
  type ArtifactStorageGroupBy,
  type ArtifactStorageScan,
  type ArtifactStorageSummary,
  type ArtifactStorageUsage,
  type ArtifactsClient,
  InvalidInputError,
  scanArtifactStorage,
  summarizeArtifactStorage,
} from "@gh-artifacts/client";
import { readScanState, writeScanState } from "@gh-artifacts/client/node";
import { budgetText, reserveFrom, resumeText } from "./budget.js";
import type { Command, Context, Flags } from "./context.js";
import { stringFlag } from "./context.js";
import { formatAge, formatBytes, plural, printable, table } from "./format.js";
import { formatError } from "./format-error.js";
import { progressLine } from "./progress.js";
import { repositoriesFrom } from "./repository.js";
import { UsageError } from "./usage-error.js";

export const usageHelp = `Usage: gh-artifacts usage OWNER/REPO… [--repos FILE] [--by repo|name|branch] [--json]
         [--budget-reserve P] [--state FILE] [--cache-dir DIR] [--base-url URL]

Where the artifact storage goes, across one or many repositories: per repository (or artifact name, or branch) the
bytes stored, the live artifacts, the oldest, the bytes expiring within 1, 7 and 30 days, and the GB-hours they will
still accrue until they expire, largest first, with totals. GitHub bills artifact storage in GB-hours accrued
hourly: deleting an artifact stops its future hours and refunds none already counted.

Every artifact of every repository is listed, one page at a time, a few repositories at once (fewer after a
secondary rate limit). Before the primary rate limit's remaining requests fall under the reserve, the scan stops
and says when the window resets; with --state it resumes there.

  --repos FILE           also the repositories in FILE, one OWNER/REPO per line (blank lines and # comments
                         skipped), e.g. from: gh repo list ORG --json nameWithOwner -q '.[].nameWithOwner'
  --by repo|name|branch  group by repository (default), artifact name, or branch
  --json                 print the summary as one JSON document
  --budget-reserve P     the share of the rate limit to leave unused, in percent (default: 20)
  --state FILE           where a scan that stopped keeps what it listed, and where the next run resumes from;
                         removed once a run lists every repository
  --cache-dir DIR        keep ETags in DIR: a rerun of unchanged repositories is answered with 304s, which GitHub
                         does not count against the rate limit
  --base-url URL         the REST API root (default: GITHUB_API_URL, else https://api.github.com)

Exit codes: 0 every repository listed, 1 a repository could not be listed (the others are shown), 2 a bad command
line, 3 stopped at the rate-limit reserve (the figures cover the repositories listed; run again after the reset,
with --state to resume).
`;

const GROUP_BY: Record<string, ArtifactStorageGroupBy> = { repo: "repository", name: "name", branch: "branch" };
const HEADER: Record<ArtifactStorageGroupBy, string> = { repository: "REPOSITORY", name: "NAME", branch: "BRANCH" };

function groupByFrom(flag: string | undefined): ArtifactStorageGroupBy {
  const groupBy = GROUP_BY[flag ?? "repo"];
  if (!groupBy) throw new UsageError("--by", `must be repo, name or branch (got ${JSON.stringify(flag)})`);
  return groupBy;
}

/** GB-hours with one decimal below 100, whole (with separators) above. */
export const formatGbHours = (value: number) =>
  value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString("en-US");

/** One row of the table. */
function row(key: string, usage: ArtifactStorageUsage, now: number): string[] {
  const { in1d, in7d, in30d } = usage.expiringBytes;
  return [
    key,
    String(usage.count),
    formatBytes(usage.bytes),
    formatAge(usage.oldestCreatedAt, now),
    formatBytes(in1d),
    formatBytes(in7d),
    formatBytes(in30d),
    formatGbHours(usage.gbHoursLeft),
  ];
}

/** The table: one row per group, then the totals. */
export function usageTable(summary: ArtifactStorageSummary, now: number): string[] {
  const rows = summary.groups.map((g) => row(printable(g.key ?? "-"), g, now));
  const header = [HEADER[summary.groupBy], "ARTIFACTS", "SIZE", "OLDEST", "IN 1D", "IN 7D", "IN 30D", "GB-HOURS LEFT"];
  return table([header, ...rows, row("TOTAL", summary.totals, now)], [1, 2, 4, 5, 6, 7]);
}

/** What the scan did, in words, for the lines under the table. */
function scanLines(scan: ArtifactStorageScan, total: number, stateFile: string | undefined, now: number): string[] {
  const restored = scan.repositories.filter((r) => r.fromState).length;
  const lines = [
    `${plural(total, "repository", "repositories")}: ${scan.repositories.length - restored} listed` +
      (restored ? `, ${restored} from ${stateFile}` : "") +
      (scan.failed.length ? `, ${scan.failed.length} failed` : "") +
      (scan.pending.length ? `, ${scan.pending.length} not listed yet` : "") +
      `; ${plural(scan.requests.sent, "request")}` +
      (scan.requests.notModified ? ` (${scan.requests.notModified} answered 304 from the cache)` : "") +
      (budgetText(scan.rateLimit) ? `, ${budgetText(scan.rateLimit)}` : "") +
      ".",
  ];
  if (scan.stopped) {
    const why =
      scan.stopped.reason === "budget"
        ? "Stopped at the rate-limit reserve"
        : scan.stopped.reason === "rate-limit"
          ? "Stopped by the rate limit"
          : "Stopped";
    const again = stateFile ? `run again with --state ${stateFile}` : "run again (with --state FILE to resume)";
    lines.push(`${why}: ${scan.pending.length} left; ${again} ${resumeText(scan.stopped.resumeAt, now)}.`);
  }
  return lines;
}

/** `usage --json`: the summary, and what the scan did. */
function usageJson(summary: ArtifactStorageSummary, scan: ArtifactStorageScan, total: number) {
  return {
    groupBy: summary.groupBy,
    now: summary.now.toISOString(),
    groups: summary.groups,
    totals: summary.totals,
    repositories: {
      total,
      listed: scan.repositories.filter((r) => !r.fromState).length,
      fromState: scan.repositories.filter((r) => r.fromState).length,
      failed: scan.failed.map((f) => ({ repository: f.repository, reason: formatError(f.error) })),
      pending: scan.pending,
    },
    stopped: scan.stopped
      ? { reason: scan.stopped.reason, resumeAt: scan.stopped.resumeAt?.toISOString() ?? null }
      : null,
    requests: scan.requests,
    rateLimit: scan.rateLimit
      ? {
          limit: scan.rateLimit.limit ?? null,
          remaining: scan.rateLimit.remaining ?? null,
          reset: scan.rateLimit.reset?.toISOString() ?? null,
        }
      : null,
  };
}

/** The state in `file`, if any; a bad file is a usage error naming `--state`. */
async function stateFrom(file: string | undefined): Promise<ArtifactScanState | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readScanState(file);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new UsageError("--state", `${file}: ${error.rule}`);
    throw error;
  }
}

/** The client of `usage` and `prune`: `--base-url`, and ETags kept in `--cache-dir` when given. */
export const scanClient = (context: Context, flags: Flags) =>
  context.client(stringFlag(flags, "base-url"), { cacheDir: stringFlag(flags, "cache-dir") });

/** Lists the repositories with a progress line on a terminal; shared by `usage` and `prune`. */
export async function scanWithProgress(
  context: Context,
  gh: ArtifactsClient,
  flags: Flags,
  repositories: string[],
  options: { state?: ArtifactScanState | undefined; name?: string | undefined } = {},
): Promise<ArtifactStorageScan> {
  // note: one repository is one listing, over in a moment: a progress line would only flash.
  const progress = repositories.length > 1 ? progressLine(context) : undefined;
  const total = repositories.length;
  try {
    const scan = await scanArtifactStorage(gh, repositories, {
      reserve: reserveFrom(stringFlag(flags, "budget-reserve")),
      name: options.name,
      state: options.state,
      signal: context.signal,
      onProgress: (p) => {
        const left = budgetText(p.rateLimit);
        progress?.update(
          `Listing artifacts: ${p.done + p.failed}/${total} repositories (${p.concurrency} at once)${left ? `, ${left}` : ""}`,
          p.done + p.failed === total,
        );
      },
    });
    // note: one repository that cannot be listed is the command's failure, told as any other error is.
    const [only] = scan.failed;
    if (repositories.length === 1 && only) throw only.error;
    for (const { repository, error } of scan.failed) {
      context.stderr.write(`gh-artifacts: could not list ${repository}: ${formatError(error)}\n`);
    }
    return scan;
  } catch (error) {
    // note: a state of another API root or name is the command line's mistake, caught before any request.
    if (error instanceof InvalidInputError && error.field === "state") {
      throw new UsageError("--state", error.rule);
    }
    throw error;
  } finally {
    progress?.done();
  }
}

export const usage: Command = {
  options: {
    repos: { type: "string" },
    by: { type: "string" },
    json: { type: "boolean" },
    "budget-reserve": { type: "string" },
    state: { type: "string" },
    "cache-dir": { type: "string" },
  },
  help: usageHelp,
  manyRepositories: true,
  async run(args, flags, context) {
    const repositories = await repositoriesFrom(args, stringFlag(flags, "repos"));
    const groupBy = groupByFrom(stringFlag(flags, "by"));
    reserveFrom(stringFlag(flags, "budget-reserve"));
    const stateFile = stringFlag(flags, "state");
    const state = await stateFrom(stateFile);
    const scan = await scanWithProgress(context, scanClient(context, flags), flags, repositories, { state });
    const now = context.now();
    const summary = summarizeArtifactStorage(scan.repositories, { now, groupBy });

    if (stateFile !== undefined) {
      // note: the file lives while there is something left to do; a complete run removes it, so the next run lists
      // afresh (cheaply, with --cache-dir).
      if (scan.stopped || scan.failed.length > 0) await writeScanState(stateFile, scan.state);
      else if (state) await rm(stateFile, { force: true });
    }

    if (flags.json) {
      context.stdout.write(`${JSON.stringify(usageJson(summary, scan, repositories.length), null, 2)}\n`);
    } else {
      const { bold } = context.colour.stdout;
      const [header, ...rows] = usageTable(summary, now);
      const lines = [
        bold(header!),
        ...rows,
        "",
        ...scanLines(scan, repositories.length, stateFile, now),
        "GB-hours left: what the live artifacts will still accrue until they expire (GB = 2^30 bytes). Deleting " +
          "one stops its hours; what it accrued this month stays billed.",
      ];
      context.stdout.write(`${lines.join("\n")}\n`);
    }
    return scan.stopped?.reason === "budget" || scan.stopped?.reason === "rate-limit"
      ? 3
      : scan.stopped || scan.failed.length > 0
        ? 1
        : 0;
  },
};
