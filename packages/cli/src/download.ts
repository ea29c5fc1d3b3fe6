import { lstat, mkdir, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type Artifact,
  type ArtifactsClient,
  type DownloadProgress,
  type FindLatestArtifactParams,
  findArtifacts,
  findLatestArtifact,
  pickLatestArtifact,
  safeFileName,
} from "@gh-artifacts/client";
import { type DownloadInfo, downloadArtifacts, downloadArtifactToFile } from "@gh-artifacts/client/node";
import type { Command, Context, Flags } from "./context.js";
import { stringFlag } from "./context.js";
import { formatBytes, plural, printable } from "./format.js";
import { formatError } from "./format-error.js";
import { fetchArtifacts } from "./list.js";
import { parseRepository, parseWholeNumber } from "./repository.js";
import {
  describeSelector,
  selectorFrom,
  selectorHelp,
  selectorOptions,
  usesSelector,
  withFlagNames,
} from "./selector.js";
import { UsageError } from "./usage-error.js";

export const downloadHelp = `Usage: gh-artifacts download OWNER/REPO --id ID [--out DIR] [--extract [--force]] [--json]
       gh-artifacts download OWNER/REPO (--name NAME | --pattern GLOB) [SELECTOR] [--latest] [--out DIR] [--extract [--force]] [--json]
       gh-artifacts download OWNER/REPO [--name NAME | --pattern GLOB] SELECTOR --all [--out DIR] [--extract [--force]] [--json]

Downloads one artifact to DIR: a zip archive to DIR/NAME.zip, a single file (uploaded with archive: false) to
DIR/NAME, NAME being the artifact's name made safe (no path, no leading dot, no control character). Streamed,
checked against the artifact's SHA-256 digest (when GitHub has one), and put in place only once complete: an
existing file of that name is replaced only by a verified download. Prints the path, kind, bytes, SHA-256 and
whether it was verified.

With a selector it takes the newest matching artifact that has not expired (--latest, the default), or with --all
every matching artifact of the newest matching run, each in its own place in DIR (NAME (ID) when two would share
one), several at a time; one failure does not stop the others (exit 1 when any failed). "The latest successful
ci.yml build on main": --workflow ci.yml --branch main --name dist.

  --id ID          the artifact with this id
  --name NAME      artifacts with exactly this name
${selectorHelp}
  --latest         take the newest match (the default)
  --all            take every match of the newest matching run (a name or pattern is optional)
  --out DIR        the folder to write to, created if missing (default: the current folder)
  --extract        also unzip a zip into DIR/NAME/ (NAME without .zip), all or nothing, after verification;
                   refuses entries escaping the folder. A single file is already in place at DIR/NAME.
  --force          with --extract: unzip into DIR/NAME/ even if it holds files (they are replaced or kept)
  --json           print the result as JSON
  --base-url URL   the REST API root (default: GITHUB_API_URL, else https://api.github.com)
`;

/** Why `pickLatestArtifact` found nothing: no artifact of `name` (and `branch`) at all, or only expired ones. */
function noLatestMessage(artifacts: readonly Artifact[], name: string, branch: string | undefined): string {
  const found = artifacts.filter(
    (a) => a.name === name && (branch === undefined || a.workflow_run?.head_branch === branch),
  ).length;
  const where = `named ${JSON.stringify(name)}${branch === undefined ? "" : ` on branch ${JSON.stringify(branch)}`}`;
  return found === 0
    ? `no artifact ${where}`
    : `no artifact ${where} that has not expired (${found} found, all expired)`;
}

/**
 * Where `--extract` puts a download: a zip's content in `out/<its safe name without .zip>/`, which must be new or
 * empty unless `force` (and never a symbolic link); a single file is already in place in `out`.
 */
async function extractFolder(out: string, download: DownloadInfo, id: number, force: boolean): Promise<string> {
  if (download.kind === "file") return out;
  // note: the name less its extension is made safe again (`x .zip` would leave a trailing space).
  const folder = join(out, safeFileName(download.fileName.replace(/\.zip$/i, ""), `artifact-${id}`));
  const found = await lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (found?.isSymbolicLink()) throw new Error(`${folder} is a symbolic link: --extract never writes through one`);
  if (found && !force && (!found.isDirectory() || (await readdir(folder)).length > 0)) {
    throw new UsageError(
      "--extract",
      `would write into ${folder}, which exists and is not an empty folder (add --force)`,
    );
  }
  return folder;
}

/** Checks the flags' combination before any request; returns the artifact id when `--id` is given. */
function checkFlags(flags: Flags): number | undefined {
  const id = stringFlag(flags, "id");
  const name = stringFlag(flags, "name");
  const pattern = stringFlag(flags, "pattern");
  if (flags.force && !flags.extract) throw new UsageError("--force", "goes with --extract");
  if (id !== undefined && (name !== undefined || pattern !== undefined)) {
    const other = name !== undefined ? "--name" : "--pattern";
    throw new UsageError("--id", `and ${other} exclude each other: --id names one artifact, ${other} picks one`);
  }
  if (flags.latest && flags.all) throw new UsageError("--latest", "and --all exclude each other");
  if (id !== undefined) {
    for (const flag of ["branch", "run-id", "latest", "all", ...Object.keys(selectorOptions)]) {
      if (flags[flag] !== undefined) throw new UsageError(`--${flag}`, "goes with --name, not --id");
    }
    return parseWholeNumber("--id", id, 1);
  }
  if (name === undefined && pattern === undefined && !(flags.all && (usesSelector(flags) || flags["run-id"]))) {
    throw new UsageError(
      "--id or --name",
      "is required (or --pattern; --all with a run filter or --run-id takes every artifact of the run)",
    );
  }
  const runId = stringFlag(flags, "run-id");
  if (runId !== undefined) parseWholeNumber("--run-id", runId, 1);
  const branch = stringFlag(flags, "branch");
  if (branch === "") throw new UsageError("--branch", "must not be empty");
  return undefined;
}

/**
 * A progress line on stderr for several downloads at once: the bytes of all of them, and how many are done; redrawn
 * at most every 100 ms, only on a terminal.
 */
function manyProgress(context: Context, artifacts: readonly Artifact[]) {
  if (!context.terminals.stderr) return { onProgress: undefined, done() {} };
  const loaded = new Map<number, number>();
  const totals = new Map(artifacts.map((a) => [a.id, a.size_in_bytes]));
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    onProgress({ artifact, loaded: bytes, total }: DownloadProgress & { artifact: { id: number } }) {
      loaded.set(artifact.id, bytes);
      if (total !== undefined) totals.set(artifact.id, total);
      const complete = [...loaded].filter(([id, n]) => n === totals.get(id)).length;
      const now = context.now();
      if (now - last < 100 && bytes !== total) return;
      last = now;
      drawn = true;
      const sum = [...loaded.values()].reduce((a, b) => a + b, 0);
      const of = [...totals.values()].reduce((a, b) => a + b, 0);
      const share = of ? ` ${Math.min(100, Math.floor((sum / of) * 100))}%` : "";
      context.stderr.write(
        `\r\u001b[2KDownloading ${plural(artifacts.length, "artifact")}${share} (${formatBytes(sum)} of ` +
          `${formatBytes(of)}), ${complete} of ${artifacts.length} done`,
      );
    },
    done() {
      if (drawn) context.stderr.write("\r\u001b[2K");
    },
  };
}

/** Refuses to unzip into a folder that exists and holds anything (`--extract` without `--force`), or a link. */
async function refuseBusyFolder(folder: string): Promise<void> {
  const found = await lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (found?.isSymbolicLink()) throw new Error(`${folder} is a symbolic link: --extract never writes through one`);
  if (found && (!found.isDirectory() || (await readdir(folder)).length > 0)) {
    throw new UsageError(
      "--extract",
      `would write into ${folder}, which exists and is not an empty folder (add --force)`,
    );
  }
}

/** `--all`: every artifact of the selection into `out`, each in its own place; exit 1 when any failed. */
async function downloadMany(
  context: Context,
  gh: ArtifactsClient,
  target: { owner: string; repo: string },
  artifacts: Artifact[],
  flags: Flags,
): Promise<number> {
  const out = resolve(stringFlag(flags, "out") ?? ".");
  await mkdir(out, { recursive: true });
  const progress = manyProgress(context, artifacts);
  let result: Awaited<ReturnType<typeof downloadArtifacts>>;
  try {
    result = await downloadArtifacts(gh, artifacts, {
      ...target,
      dir: out,
      extract: flags.extract === true,
      checkExtractFolder: flags.force ? undefined : refuseBusyFolder,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.done();
  }
  const { downloaded, failed } = result;
  const run = artifacts[0]?.workflow_run?.id;
  if (flags.json) {
    const json = {
      run_id: run ?? null,
      downloaded: downloaded.map(({ artifact, ...d }) => ({ id: artifact.id, name: artifact.name, ...d })),
      failed: failed.map(({ artifact, error }) => ({
        id: artifact.id,
        name: artifact.name,
        error: formatError(error),
      })),
    };
    context.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const { green, yellow } = context.colour.stdout;
    const from = run === undefined ? "" : ` of run ${run}`;
    const lines = [`Downloaded ${downloaded.length} of ${plural(artifacts.length, "artifact")}${from} to ${out}`];
    for (const d of downloaded) {
      const verified = d.verified ? green("verified") : yellow("not verified (no digest)");
      const extracted = d.extracted?.kind === "zip" ? `, extracted to ${d.extracted.path}` : "";
      lines.push(
        `  ${printable(d.artifact.name)} (id ${d.artifact.id})  ${d.fileName}  ${formatBytes(d.bytes)}  ${verified}${extracted}`,
      );
    }
    context.stdout.write(`${lines.join("\n")}\n`);
  }
  const { red } = context.colour.stderr;
  for (const { artifact, error } of failed) {
    context.stderr.write(
      `${red("gh-artifacts: error:")} ${printable(artifact.name)} (id ${artifact.id}): ${formatError(error)}\n`,
    );
  }
  return failed.length > 0 ? 1 : 0;
}

/** A progress line on stderr, redrawn at most every 100 ms; only on a terminal. */
function progressReporter(context: Context, label: string) {
  if (!context.terminals.stderr) return { onProgress: undefined, done() {} };
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    onProgress({ loaded, total }: DownloadProgress) {
      const now = context.now();
      if (now - last < 100 && loaded !== total) return;
      last = now;
      drawn = true;
      const share = total ? ` ${Math.floor((loaded / total) * 100)}%` : "";
      const of = total ? ` of ${formatBytes(total)}` : "";
      context.stderr.write(`\r\u001b[2KDownloading ${label}${share} (${formatBytes(loaded)}${of})`);
    },
    done() {
      if (drawn) context.stderr.write("\r\u001b[2K");
    },
  };
}

export const download: Command = {
  options: {
    id: { type: "string" },
    name: { type: "string" },
    branch: { type: "string" },
    "run-id": { type: "string" },
    ...selectorOptions,
    latest: { type: "boolean" },
    all: { type: "boolean" },
    out: { type: "string" },
    extract: { type: "boolean" },
    force: { type: "boolean" },
    json: { type: "boolean" },
  },
  help: downloadHelp,
  async run([repository], flags, context) {
    const target = parseRepository(repository);
    const id = checkFlags(flags);
    const gh = context.client(stringFlag(flags, "base-url"));
    let artifact: Artifact;
    if (id !== undefined) {
      artifact = await gh.getArtifact({ ...target, artifact_id: id });
      if (artifact.expired) {
        throw new Error(`artifact ${id} (${printable(artifact.name)}) has expired: its archive is gone`);
      }
    } else if (flags.all || usesSelector(flags)) {
      // note: the client's selection (bounded, runs read for a run filter); the plain --name path below is the one
      // the CLI had before, kept as it was.
      const selector = selectorFrom(flags, target);
      const where = `${describeSelector(selector)} in ${target.owner}/${target.repo}`;
      if (flags.all) {
        const all = await withFlagNames(() => findArtifacts(gh, selector));
        if (all.length === 0) throw new Error(`no artifact ${where} that has not expired`);
        return downloadMany(context, gh, target, all, flags);
      }
      const latest = await withFlagNames(() => findLatestArtifact(gh, selector as FindLatestArtifactParams));
      if (!latest) throw new Error(`no artifact ${where} that has not expired`);
      artifact = latest;
    } else {
      const artifacts = await fetchArtifacts(context, flags, target);
      const name = stringFlag(flags, "name")!;
      const branch = stringFlag(flags, "branch");
      const latest = pickLatestArtifact(artifacts, { name, branch });
      if (!latest) throw new Error(`${noLatestMessage(artifacts, name, branch)} in ${target.owner}/${target.repo}`);
      artifact = latest;
    }

    const out = resolve(stringFlag(flags, "out") ?? ".");
    await mkdir(out, { recursive: true });
    const force = flags.force === true;
    const progress = progressReporter(context, printable(artifact.name));
    let result: Awaited<ReturnType<typeof downloadArtifactToFile>>;
    try {
      // note: the client names the file (`artifactFileName`: the artifact's name made safe, `.zip` for a zip), and
      // every path below is built from that name inside `out`.
      result = await downloadArtifactToFile(gh, {
        ...target,
        artifact_id: artifact.id,
        dir: out,
        extractTo: flags.extract ? (download) => extractFolder(out, download, artifact.id, force) : undefined,
        onProgress: progress.onProgress,
      });
    } finally {
      progress.done();
    }

    if (flags.json) {
      const json = { id: artifact.id, name: artifact.name, ...result };
      context.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    const { green, yellow } = context.colour.stdout;
    const lines = [
      `Downloaded ${printable(artifact.name)} (id ${artifact.id}) to ${result.path}`,
      `  kind      ${result.kind === "zip" ? "zip archive" : "single file (uploaded with archive: false)"}`,
      `  bytes     ${result.bytes} (${formatBytes(result.bytes)})`,
      `  sha256    ${result.sha256}`,
      `  verified  ${result.verified ? green("yes: it matches the artifact's digest") : yellow("no: the artifact has no digest")}`,
    ];
    if (result.extracted?.kind === "zip") lines.push(`  extracted ${result.extracted.path}`);
    if (result.extracted?.kind === "file")
      lines.push(`  extracted ${result.extracted.path} (a single file: nothing to unzip)`);
    context.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  },
};
