import type {
  Artifact,
  ArtifactList,
  ArtifactSelector,
  ArtifactsClient,
  GetArtifactParams,
  ListArtifactsForRepoParams,
  ListWorkflowRunArtifactsParams,
} from "@gh-artifacts/client";
import {
  type ArtifactDetailKey,
  type ArtifactInfiniteListKey,
  type ArtifactInfiniteRunKey,
  type ArtifactLatestKey,
  type ArtifactListKey,
  type ArtifactRunKey,
  type ArtifactSelectedKey,
  latestArtifactQueryOptions as coreLatest,
  artifactQueries as coreQueries,
  selectedArtifactsQueryOptions as coreSelected,
} from "@gh-artifacts/query";
import type {
  ArtifactInfiniteQueryDefinition,
  ArtifactInfiniteQueryOptions,
  ArtifactPages,
  ArtifactQueryDefinition,
  ArtifactQueryOptions,
  LatestArtifactParams,
} from "./types.js";

// note: the factories are `@gh-artifacts/query`'s, typed here with React Query's option types (which add
// `subscribed` and such to query-core's): the same objects at run time, so React's hooks cost no wrapper.

/** One page of a repository's artifacts. */
declare function listForRepo<TData = ArtifactList>(
  client: ArtifactsClient,
  params: ListArtifactsForRepoParams,
  options?: ArtifactQueryOptions<ArtifactList, TData, ArtifactListKey>,
): ArtifactQueryDefinition<ArtifactList, TData, ArtifactListKey>;

/** One page of a workflow run's artifacts. */
declare function listForRun<TData = ArtifactList>(
  client: ArtifactsClient,
  params: ListWorkflowRunArtifactsParams,
  options?: ArtifactQueryOptions<ArtifactList, TData, ArtifactRunKey>,
): ArtifactQueryDefinition<ArtifactList, TData, ArtifactRunKey>;

/** One artifact. */
declare function detail<TData = Artifact>(
  client: ArtifactsClient,
  params: GetArtifactParams,
  options?: ArtifactQueryOptions<Artifact, TData, ArtifactDetailKey>,
): ArtifactQueryDefinition<Artifact, TData, ArtifactDetailKey>;

/** A repository's artifacts page after page (`fetchNextPage`), starting at page 1. */
declare function infiniteListForRepo<TData = ArtifactPages>(
  client: ArtifactsClient,
  params: Omit<ListArtifactsForRepoParams, "page">,
  options?: ArtifactInfiniteQueryOptions<TData, ArtifactInfiniteListKey>,
): ArtifactInfiniteQueryDefinition<TData, ArtifactInfiniteListKey>;

/** A workflow run's artifacts page after page (`fetchNextPage`), starting at page 1. */
declare function infiniteListForRun<TData = ArtifactPages>(
  client: ArtifactsClient,
  params: Omit<ListWorkflowRunArtifactsParams, "page">,
  options?: ArtifactInfiniteQueryOptions<TData, ArtifactInfiniteRunKey>,
): ArtifactInfiniteQueryDefinition<TData, ArtifactInfiniteRunKey>;

/**
 * `queryOptions`/`infiniteQueryOptions` for each operation. Each takes the client first, so it works outside React:
 * `queryClient.prefetchQuery(artifactQueries.listForRepo(client, { owner, repo }))`, `ensureQueryData`, `useQueries`,
 * server rendering. The key comes from `artifactKeys`; the query's `signal` is passed to the client, so an unmounted
 * or cancelled query aborts its request; `retry` defaults to `shouldRetryArtifactsError`.
 */
export const artifactQueries: {
  listForRepo: typeof listForRepo;
  listForRun: typeof listForRun;
  detail: typeof detail;
  infiniteListForRepo: typeof infiniteListForRepo;
  infiniteListForRun: typeof infiniteListForRun;
} = coreQueries;

/**
 * The newest artifact a selector names (`name` or `pattern`, and `branch`, `headSha`, `event`, `workflow`, `status`,
 * `runId`, `pullRequest`), as the client's `findLatestArtifact` finds it. `null` when there is none, since a query's
 * data must not be `undefined`. Like the `artifactQueries` factories: the client first, the query's `signal` passed
 * on, `retry: shouldRetryArtifactsError`.
 */
export function latestArtifactQueryOptions<TData = Artifact | null>(
  client: ArtifactsClient,
  params: LatestArtifactParams,
  options?: ArtifactQueryOptions<Artifact | null, TData, ArtifactLatestKey>,
): ArtifactQueryDefinition<Artifact | null, TData, ArtifactLatestKey> {
  return coreLatest(client, params, options);
}

/**
 * Every artifact of the newest run a selector names that matches it, newest first (`[]` when none), as the client's
 * `findArtifacts` finds them; like `latestArtifactQueryOptions` otherwise.
 */
export function selectedArtifactsQueryOptions<TData = Artifact[]>(
  client: ArtifactsClient,
  params: Omit<ArtifactSelector, "signal">,
  options?: ArtifactQueryOptions<Artifact[], TData, ArtifactSelectedKey>,
): ArtifactQueryDefinition<Artifact[], TData, ArtifactSelectedKey> {
  return coreSelected(client, params, options);
}
