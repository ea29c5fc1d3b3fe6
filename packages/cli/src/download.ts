import { lstat, mkdir, readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Artifact, type DownloadProgress, pickLatestArtifact, safeFileName } from "@gh-artifacts/client";
import { type DownloadInfo, downloadArtifactToFile } from "@gh-artifacts/client/node";
import type { Command, Context, Flags } from "./context.js";
import { stringFlag } from "./context.js";
import { formatBytes, printable } from "./format.js";
import { fetchArtifacts } from "./list.js";
import { parseRepository, parseWholeNumber } from "./repository.js";
import { UsageError } from "./usage-error.js";

export const downloadHelp = `Usage: gh-artifacts download OWNER/REPO --id ID [--out DIR] [--extract [--force]] [--json]
       gh-artifacts download OWNER/REPO --name NAME [--branch BRANCH] [--run-id ID] --latest [--out DIR] [--extract [--force]] [--json]

Downloads one artifact to DIR: a zip archive to DIR/NAME.zip, a single file (uploaded with archive: false) to
DIR/NAME, NAME being the artifact's name made safe (no path, no leading dot, no control character). Streamed,
checked against the artifact's SHA-256 digest (when GitHub has one), and put in place only once complete: an
existing file of that name is replaced only by a verified download. Prints the path, kind, bytes, SHA-256 and
whether it was verified.

  --id ID          the artifact with this id
  --name NAME      the newest artifact with exactly this name that has not expired (needs --latest)
  --branch BRANCH  with --name: only artifacts built from this branch
  --run-id ID      with --name: only artifacts of this workflow run
  --latest         with --name: take the newest match (required, so picking one of several is explicit)
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
  if (flags.force && !flags.extract) throw new UsageError("--force", "goes with --extract");
  if (id !== undefined && name !== undefined) {
    throw new UsageError("--id", "and --name exclude each other: --id names one artifact, --name --latest picks one");
  }
  if (id === undefined && name === undefined) throw new UsageError("--id or --name", "is required");
  if (id !== undefined) {
    for (const flag of ["branch", "run-id", "latest"]) {
      if (flags[flag] !== undefined) throw new UsageError(`--${flag}`, "goes with --name, not --id");
    }
    return parseWholeNumber("--id", id, 1);
  }
  if (!flags.latest) {
    throw new UsageError("--latest", "is required with --name: it takes the newest matching artifact not expired");
  }
  const runId = stringFlag(flags, "run-id");
  if (runId !== undefined) parseWholeNumber("--run-id", runId, 1);
  const branch = stringFlag(flags, "branch");
  if (branch === "") throw new UsageError("--branch", "must not be empty");
  return undefined;
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
    latest: { type: "boolean" },
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
