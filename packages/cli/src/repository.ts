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
