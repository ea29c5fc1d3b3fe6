import { readFile } from "node:fs/promises";
import { UsageError } from "./usage-error.js";

/** `OWNER/REPO` as the client's `{ owner, repo }`; the client checks each part's rules before any request. */
export function parseRepository(value: string | undefined): { owner: string; repo: string } {
  if (value === undefined) throw new UsageError("OWNER/REPO", "is missing (e.g. octo-org/octo-repo)");
  const parts = value.split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new UsageError(
      "OWNER/REPO",
      `must be an owner and a repository name with one "/" between (got ${JSON.stringify(value)})`,
    );
  }
  return { owner: parts[0], repo: parts[1] };
}

/** A flag's value as a whole number from `minimum` up, e.g. `--keep-latest 3` or `--id 42`. */
export function parseWholeNumber(flag: string, value: string, minimum: number): number {
  const n = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < minimum)
    throw new UsageError(flag, `must be a whole number >= ${minimum} (got ${JSON.stringify(value)})`);
  return n;
}

/**
 * The repositories a command runs on: the `OWNER/REPO` arguments, then those of `--repos FILE` (one per line, as
 * `gh repo list ORG --json nameWithOwner -q '.[].nameWithOwner'` prints them; blank lines and lines starting with `#`
 * are skipped), each once, in that order. Checked before any request.
 */
export async function repositoriesFrom(args: readonly string[], file: string | undefined): Promise<string[]> {
  const all = new Set<string>();
  for (const arg of args) {
    const { owner, repo } = parseRepository(arg);
    all.add(`${owner}/${repo}`);
  }
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new UsageError("--repos", `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    for (const [index, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) continue;
      const parts = line.split("/");
      if (parts.length !== 2 || !parts[0] || !parts[1] || /\s/.test(line)) {
        throw new UsageError("--repos", `line ${index + 1} of ${file} is not OWNER/REPO (got ${JSON.stringify(line)})`);
      }
      all.add(line);
    }
    if (all.size === 0) throw new UsageError("--repos", `${file} names no repository`);
  }
  if (all.size === 0) throw new UsageError("OWNER/REPO", "is missing (give one or more, or --repos FILE)");
  return [...all];
}
