import {
  type ArtifactSelector,
  type ArtifactsClient,
  type GetArtifactParams,
  InvalidInputError,
  type ListArtifactsForRepoParams,
  type ListWorkflowRunArtifactsParams,
} from "@gh-artifacts/client";
import type { LatestArtifactParams } from "./types.js";

/**
 * What keys are scoped by: a client, or the two fields of one that matter, `{ baseUrl, cacheScope }` (e.g. on a
 * server that builds keys without a client).
 */
export type ArtifactKeyScope = Pick<ArtifactsClient, "baseUrl" | "cacheScope">;

/** The repository a key belongs to. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * The API root a key is scoped by, so `api.github.com` and a GHES host never share a cache entry (trailing slashes
 * dropped, as the client does).
 */
export function baseUrlOf(scope: ArtifactKeyScope): string {
  return scope.baseUrl.replace(/\/+$/, "");
}

/**
 * `["gh-artifacts", baseUrl, cacheScope]`: who is asking is part of every key, as the client's one-way
 * `cacheScope` (never the token), so two identities never share cached data.
 */
function all(scope: ArtifactKeyScope) {
  const { cacheScope } = scope;
  // note: fail closed: a key without an identity could hand one user's cached data to another.
  if (!cacheScope) throw new InvalidInputError("scope.cacheScope", "is required");
  return ["gh-artifacts", baseUrlOf(scope), cacheScope] as const;
}
const repo = (scope: ArtifactKeyScope, ref: RepoRef) => [...all(scope), "repo", ref.owner, ref.repo] as const;
const lists = (scope: ArtifactKeyScope, ref: RepoRef) => [...repo(scope, ref), "list"] as const;
const runs = (scope: ArtifactKeyScope, ref: RepoRef & { run_id: number }) =>
  [...repo(scope, ref), "run", ref.run_id] as const;

/** The part of list parameters that is not the repository: `{ name, per_page, page, … }`. */
function rest<P extends RepoRef>(params: P): Omit<P, "owner" | "repo" | "run_id" | "signal"> {
  const {
    owner: _owner,
    repo: _repo,
    run_id: _run,
    signal: _signal,
    ...others
  } = params as P & {
    run_id?: unknown;
    signal?: unknown;
  };
  return others;
}

/**
 * Query keys, from the broadest to the narrowest; each is a prefix of the ones below it, so
 * `invalidateQueries({ queryKey: artifactKeys.repo(client, { owner, repo }) })` reaches every query of a repository.
 *
 * ```
 * all(scope)                    ["gh-artifacts", baseUrl, cacheScope]
 * repo(scope, { owner, repo })  [...all, "repo", owner, repo]
 * lists(scope, ref)             [...repo, "list"]
 * list(scope, params)           [...repo, "list", { name, per_page, page }]
 * infiniteList(scope, params)   [...repo, "list", "infinite", { name, per_page }]
 * runs(scope, { …, run_id })    [...repo, "run", run_id]
 * run(scope, params)            [...repo, "run", run_id, { name, direction, per_page, page }]
 * infiniteRun(scope, params)    [...repo, "run", run_id, "infinite", { name, direction, per_page }]
 * detail(scope, params)         [...repo, "detail", artifact_id]
 *
 * latestArtifactKey(scope, params)      [...repo, "latest", { name | pattern, branch, workflow, status, … }]
 * selectedArtifactsKey(scope, params)   [...repo, "selected", { name | pattern, branch, workflow, status, … }]
 * ```
 */
export const artifactKeys = {
  all,
  repo,
  lists,
  list: (scope: ArtifactKeyScope, params: ListArtifactsForRepoParams) =>
    [...lists(scope, params), rest(params)] as const,
  infiniteList: (scope: ArtifactKeyScope, params: Omit<ListArtifactsForRepoParams, "page">) =>
    [...lists(scope, params), "infinite", rest(params)] as const,
  runs,
  run: (scope: ArtifactKeyScope, params: ListWorkflowRunArtifactsParams) =>
    [...runs(scope, params), rest(params)] as const,
  infiniteRun: (scope: ArtifactKeyScope, params: Omit<ListWorkflowRunArtifactsParams, "page">) =>
    [...runs(scope, params), "infinite", rest(params)] as const,
  detail: (scope: ArtifactKeyScope, params: GetArtifactParams) =>
    [...repo(scope, params), "detail", params.artifact_id] as const,
};

/** A selector's `pattern` as a key holds it: a glob as it is, a RegExp as `{ regexp, flags }`. */
export type PatternKey = string | { regexp: string; flags: string } | undefined;

/**
 * Everything of a selector that narrows it, as a key part: never the repository (already in the key) or a signal,
 * and a RegExp `pattern` spelt out, which a key would otherwise hash as `{}` (two patterns, one cache entry).
 */
function selectorPart<P extends { pattern?: string | RegExp | undefined; signal?: unknown }>(
  params: P,
): Omit<P, "owner" | "repo" | "signal" | "pattern"> & { pattern?: PatternKey } {
  const { owner: _owner, repo: _repo, signal: _signal, pattern, ...filter } = params as P & RepoRef;
  if (pattern === undefined) return filter;
  return {
    ...filter,
    pattern: pattern instanceof RegExp ? { regexp: pattern.source, flags: pattern.flags } : pattern,
  };
}

/**
 * The key of the newest artifact a selector names (`latestArtifactQueryOptions`): under `repo`, so the
 * refetch after a delete (`deleteArtifactMutationOptions`) and an invalidation of the repository reach it.
 * note: a function of its own, not a member of `artifactKeys`: a new member would change that object's public type.
 */
export function latestArtifactKey(scope: ArtifactKeyScope, params: LatestArtifactParams) {
  // note: everything that narrows the lookup (`run_id` included); never a signal, should one be passed anyway.
  return [...repo(scope, params), "latest", selectorPart(params)] as const;
}

/**
 * The key of every artifact of the newest run a selector names (`selectedArtifactsQueryOptions`):
 * under `repo`, like `latestArtifactKey`.
 */
export function selectedArtifactsKey(scope: ArtifactKeyScope, params: Omit<ArtifactSelector, "signal">) {
  return [...repo(scope, params), "selected", selectorPart(params)] as const;
}

/** The key of one page of a repository's artifacts. */
export type ArtifactListKey = ReturnType<typeof artifactKeys.list>;
/** The key of a repository's infinite list. */
export type ArtifactInfiniteListKey = ReturnType<typeof artifactKeys.infiniteList>;
/** The key of one page of a workflow run's artifacts. */
export type ArtifactRunKey = ReturnType<typeof artifactKeys.run>;
/** The key of a workflow run's infinite list. */
export type ArtifactInfiniteRunKey = ReturnType<typeof artifactKeys.infiniteRun>;
/** The key of one artifact. */
export type ArtifactDetailKey = ReturnType<typeof artifactKeys.detail>;
/** The key of the newest artifact a selector names. */
export type ArtifactLatestKey = ReturnType<typeof latestArtifactKey>;
/** The key of the artifacts of the newest run a selector names. */
export type ArtifactSelectedKey = ReturnType<typeof selectedArtifactsKey>;
