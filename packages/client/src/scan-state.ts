import type { Artifact } from "@gh-artifacts/types";
import { InvalidInputError } from "./errors.js";

/**
 * What a scan keeps of an artifact: the fields `summarizeArtifactStorage` and `planArtifactCleanup` read, so a
 * state file stays a fraction of the size of GitHub's objects.
 */
export type ArtifactRecord = Pick<
  Artifact,
  "id" | "name" | "size_in_bytes" | "expired" | "created_at" | "expires_at"
> & {
  /** `{ head_branch }` of the run that made it; `null` without a run or a branch. */
  workflow_run: { head_branch: string } | null;
};

/** One repository a scan has listed. */
export interface ArtifactScanStateEntry {
  /** When it was listed (ISO 8601). */
  listedAt: string;
  artifacts: ArtifactRecord[];
}

/**
 * What a scan has done, to resume from (`scanArtifactStorage`'s `state`): plain JSON, so it can be kept in a file
 * (`readScanState` / `writeScanState` in `@gh-artifacts/client/node`). It holds no token and no identity.
 */
export interface ArtifactScanState {
  version: 1;
  /** The API root it was made against: a state is only used with a client of the same `baseUrl`. */
  baseUrl: string;
  /** The `name` the scan listed only, if any: a state is only used by a scan of the same name. */
  name?: string | undefined;
  /** Each repository done, by `OWNER/REPO`. */
  repositories: Record<string, ArtifactScanStateEntry>;
}

/** The record of an artifact as listed (fields of the wrong type are dropped to their empty value). */
export function toArtifactRecord(artifact: Artifact): ArtifactRecord {
  const branch = artifact.workflow_run?.head_branch;
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const size = artifact.size_in_bytes;
  return {
    id: artifact.id,
    name: typeof artifact.name === "string" ? artifact.name : "",
    size_in_bytes: Number.isSafeInteger(size) && size > 0 ? size : 0,
    expired: artifact.expired === true,
    created_at: text(artifact.created_at),
    expires_at: text(artifact.expires_at),
    workflow_run: typeof branch === "string" ? { head_branch: branch } : null,
  };
}

const isText = (value: unknown) => typeof value === "string";
const isTextOrNull = (value: unknown) => value === null || typeof value === "string";

/** Why `value` is not an artifact record, or `undefined` when it is one. */
function recordProblem(value: unknown): string | undefined {
  const r = value as Partial<ArtifactRecord> | null;
  if (r === null || typeof r !== "object") return "is not an object";
  if (!Number.isSafeInteger(r.id) || (r.id as number) < 1) return "has no integer id";
  if (!isText(r.name)) return "has no name";
  if (!Number.isSafeInteger(r.size_in_bytes) || (r.size_in_bytes as number) < 0) return "has no size_in_bytes";
  if (typeof r.expired !== "boolean") return "has no boolean expired";
  if (!isTextOrNull(r.created_at) || !isTextOrNull(r.expires_at)) return "has a date that is not a string";
  const run = r.workflow_run;
  if (run !== null && (typeof run !== "object" || !isText(run?.head_branch))) return "has a malformed workflow_run";
  return undefined;
}

/**
 * `value` as a scan state, checked field by field (a file may hold anything); with `baseUrl`, it must also have been
 * made against that API root, for artifacts of that `name` (or of every name). Anything else is an
 * `InvalidInputError` naming `state`.
 */
export function checkScanState(value: unknown, baseUrl?: string, name?: string): ArtifactScanState {
  const fail = (rule: string) => new InvalidInputError("state", rule);
  const state = value as Partial<ArtifactScanState> | null;
  if (state === null || typeof state !== "object") throw fail("must be an object made by a scan");
  if (state.version !== 1) throw fail("must be of version 1");
  if (!isText(state.baseUrl)) throw fail("must name its baseUrl");
  if (baseUrl !== undefined && state.baseUrl !== baseUrl) {
    throw fail(`was made against another API root (${state.baseUrl}), not ${baseUrl}`);
  }
  if (state.name !== undefined && !isText(state.name)) throw fail("must have a string name");
  if (baseUrl !== undefined && state.name !== name) {
    const of = (n: string | undefined) => (n === undefined ? "every name" : `the name ${JSON.stringify(n)}`);
    throw fail(`lists artifacts of ${of(state.name)}, not of ${of(name)}`);
  }
  const repositories = state.repositories;
  if (repositories === null || typeof repositories !== "object" || Array.isArray(repositories)) {
    throw fail("must have a repositories object");
  }
  for (const [repository, entry] of Object.entries(repositories)) {
    const where = `repository ${JSON.stringify(repository)}`;
    if (!/^[^/\s]+\/[^/\s]+$/.test(repository)) throw fail(`has a key that is not OWNER/REPO: ${where}`);
    if (entry === null || typeof entry !== "object" || !isText(entry.listedAt) || !Array.isArray(entry.artifacts)) {
      throw fail(`has a malformed entry for ${where}`);
    }
    for (const [index, record] of entry.artifacts.entries()) {
      const problem = recordProblem(record);
      if (problem) throw fail(`${where}: artifact ${index} ${problem}`);
    }
  }
  return state as ArtifactScanState;
}
