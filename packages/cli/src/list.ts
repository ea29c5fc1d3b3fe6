import { type Artifact, findArtifacts } from "@gh-artifacts/client";
import type { Command, Context, Flags } from "./context.js";
import { stringFlag } from "./context.js";
import { formatAge, formatBytes, plural, printable, shortDigest, storedBytes, table } from "./format.js";
import { parseRepository, parseWholeNumber } from "./repository.js";
import { selectorFrom, selectorHelp, selectorOptions, usesSelector, withFlagNames } from "./selector.js";

export const listHelp = `Usage: gh-artifacts list OWNER/REPO [--run-id ID] [--name NAME] [--json] [--base-url URL]
       gh-artifacts list OWNER/REPO [--name NAME | --pattern GLOB] SELECTOR [--json] [--base-url URL]

Lists a repository's artifacts (or one workflow run's), newest first: a table with a totals line, or with --json
the JSON array of GitHub's artifact objects. With a selector flag beyond --name and --run-id, it lists what the
selector picks, as download --all takes it: every matching artifact (not expired) of the newest matching run.

  --name NAME      only artifacts with exactly this name
${selectorHelp}
  --json           print GitHub's artifact objects as a JSON array
  --base-url URL   the REST API root (default: GITHUB_API_URL, else https://api.github.com)
`;

/** Every artifact of the repository, or of one run; `name` filters on GitHub's side. */
export async function fetchArtifacts(
  context: Context,
  flags: Flags,
  target: { owner: string; repo: string },
): Promise<Artifact[]> {
  const runId = stringFlag(flags, "run-id");
  const name = stringFlag(flags, "name");
  const run_id = runId === undefined ? undefined : parseWholeNumber("--run-id", runId, 1);
  const gh = context.client(stringFlag(flags, "base-url"));
  const params = { ...target, ...(name === undefined ? {} : { name }) };
  return run_id === undefined
    ? gh.listAllArtifactsForRepo(params)
    : gh.listAllWorkflowRunArtifacts({ ...params, run_id });
}

/** The table `list` prints: one row per artifact, then the totals. */
export function artifactTable(artifacts: readonly Artifact[], now: number): string[] {
  const rows = artifacts.map((a) => [
    String(a.id),
    printable(a.name),
    formatBytes(a.size_in_bytes),
    formatAge(a.created_at, now),
    a.expired ? "expired" : formatAge(a.expires_at, now),
    printable(a.workflow_run?.head_branch ?? "-"),
    shortDigest((a as { digest?: unknown }).digest),
  ]);
  return table([["ID", "NAME", "SIZE", "CREATED", "EXPIRES", "BRANCH", "DIGEST"], ...rows], [0, 2]);
}

/** `12 artifacts (2 expired), 1.5 MiB in storage`: expired artifacts take no storage. */
export function totalsLine(artifacts: readonly Artifact[]): string {
  const expired = artifacts.filter((a) => a.expired).length;
  const count = plural(artifacts.length, "artifact");
  return `${count}${expired ? ` (${expired} expired)` : ""}, ${formatBytes(storedBytes(artifacts))} in storage`;
}

export const list: Command = {
  options: {
    "run-id": { type: "string" },
    name: { type: "string" },
    branch: { type: "string" },
    ...selectorOptions,
    json: { type: "boolean" },
  },
  help: listHelp,
  async run([repository], flags, context) {
    const target = parseRepository(repository);
    const selecting = usesSelector(flags) || flags.branch !== undefined;
    const artifacts = selecting
      ? await withFlagNames(() =>
          findArtifacts(context.client(stringFlag(flags, "base-url")), selectorFrom(flags, target)),
        )
      : await fetchArtifacts(context, flags, target);
    if (flags.json) {
      context.stdout.write(`${JSON.stringify(artifacts, null, 2)}\n`);
      return 0;
    }
    const { bold } = context.colour.stdout;
    if (artifacts.length > 0) {
      const [header, ...rows] = artifactTable(artifacts, context.now());
      context.stdout.write(`${bold(header!)}\n${rows.map((r) => `${r}\n`).join("")}`);
    }
    const run = selecting ? artifacts[0]?.workflow_run?.id : undefined;
    context.stdout.write(`${totalsLine(artifacts)}${run === undefined ? "" : `, of run ${run}`}\n`);
    return 0;
  },
};
