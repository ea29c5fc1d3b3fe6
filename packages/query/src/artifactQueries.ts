import {
  type Artifact,
  type ArtifactList,
  type ArtifactSelector,
  type ArtifactsClient,
  findArtifacts,
  findLatestArtifact,
  type GetArtifactParams,
  type ListArtifactsForRepoParams,
  type ListWorkflowRunArtifactsParams,
} from "@gh-artifacts/client";
import type { DataTag } from "@tanstack/query-core";
import {
  type ArtifactDetailKey,
  type ArtifactInfiniteListKey,
  type ArtifactInfiniteRunKey,
  type ArtifactLatestKey,
  type ArtifactListKey,
  type ArtifactRunKey,
  type ArtifactSelectedKey,
  artifactKeys,
  latestArtifactKey,
  selectedArtifactsKey,
} from "./artifactKeys.js";
import { shouldRetryArtifactsError } from "./shouldRetryArtifactsError.js";
import type {
  ArtifactInfiniteQueryDefinition,
  ArtifactInfiniteQueryOptions,
  ArtifactPages,
  ArtifactQueryDefinition,
  ArtifactQueryOptions,
  ArtifactsError,
  LatestArtifactParams,
} from "./types.js";

/**
 * The next page number while fewer artifacts than `total_count` are loaded.
 * note: the client's list methods return one page without its `Link` header, so `total_count` is what is left;
 * an empty page also ends the list, so a wrong total never loops.
 */
function getNextPageParam(lastPage: ArtifactList, allPages: ArtifactList[], lastPageParam: number) {
  const loaded = allPages.reduce((sum, page) => sum + page.artifacts.length, 0);
  return lastPage.artifacts.length > 0 && loaded < lastPage.total_count ? lastPageParam + 1 : undefined;
}

/**
 * The pages with each artifact id only where it first appears: an upload (or a delete) between two page requests
 * shifts artifacts across a page boundary, so the next page can repeat one already shown.
 * note: the cached pages stay as GitHub sent them (their lengths drive `getNextPageParam`); only `data` is cleaned.
 */
function uniquePages(data: ArtifactPages): ArtifactPages {
  const seen = new Set<number>();
  let repeats = 0;
  const pages = data.pages.map((page) => ({
    ...page,
    artifacts: page.artifacts.filter(({ id }) => (seen.has(id) ? !++repeats : seen.add(id))),
  }));
  return repeats ? { ...data, pages } : data;
}

/** The infinite lists' `select`: `uniquePages`, then the caller's own `select`, if any. */
const selectUnique = <TData>(select?: (data: ArtifactPages) => TData) =>
  (select ? (data: ArtifactPages) => select(uniquePages(data)) : uniquePages) as (data: ArtifactPages) => TData;

/** What both infinite lists add to a query. */
const infinite = <TData>(select?: (data: ArtifactPages) => TData) => ({
  select: selectUnique(select),
  initialPageParam: 1,
  getNextPageParam,
});

// note: `as DataTag` is what `queryOptions()` does, in types only: the key carries its data type for `getQueryData`.

/** One page of a repository's artifacts. */
function listForRepo<TData = ArtifactList>(
  client: ArtifactsClient,
  params: ListArtifactsForRepoParams,
  options?: ArtifactQueryOptions<ArtifactList, TData, ArtifactListKey>,
): ArtifactQueryDefinition<ArtifactList, TData, ArtifactListKey> {
  return {
    retry: shouldRetryArtifactsError,
    ...options,
    queryKey: artifactKeys.list(client, params) as DataTag<ArtifactListKey, ArtifactList, ArtifactsError>,
    queryFn: ({ signal }) => client.listArtifactsForRepo({ ...params, signal }),
  };
}

/** One page of a workflow run's artifacts. */
function listForRun<TData = ArtifactList>(
  client: ArtifactsClient,
  params: ListWorkflowRunArtifactsParams,
  options?: ArtifactQueryOptions<ArtifactList, TData, ArtifactRunKey>,
): ArtifactQueryDefinition<ArtifactList, TData, ArtifactRunKey> {
  return {
    retry: shouldRetryArtifactsError,
    ...options,
    queryKey: artifactKeys.run(client, params) as DataTag<ArtifactRunKey, ArtifactList, ArtifactsError>,
    queryFn: ({ signal }) => client.listWorkflowRunArtifacts({ ...params, signal }),
  };
}

/** One artifact. */
function detail<TData = Artifact>(
  client: ArtifactsClient,
  params: GetArtifactParams,
  options?: ArtifactQueryOptions<Artifact, TData, ArtifactDetailKey>,
): ArtifactQueryDefinition<Artifact, TData, ArtifactDetailKey> {
  return {
    retry: shouldRetryArtifactsError,
    ...options,
    queryKey: artifactKeys.detail(client, params) as DataTag<ArtifactDetailKey, Artifact, ArtifactsError>,
    queryFn: ({ signal }) => client.getArtifact({ ...params, signal }),
  };
}

/** A repository's artifacts page after page (`fetchNextPage`), starting at page 1. */
function infiniteListForRepo<TData = ArtifactPages>(
  client: ArtifactsClient,
  params: Omit<ListArtifactsForRepoParams, "page">,
  options?: ArtifactInfiniteQueryOptions<TData, ArtifactInfiniteListKey>,
): ArtifactInfiniteQueryDefinition<TData, ArtifactInfiniteListKey> {
  return {
    retry: shouldRetryArtifactsError,
    ...options,
    queryKey: artifactKeys.infiniteList(client, params) as DataTag<
      ArtifactInfiniteListKey,
      ArtifactPages,
      ArtifactsError
    >,
    queryFn: ({ signal, pageParam }) => client.listArtifactsForRepo({ ...params, page: pageParam, signal }),
    ...infinite(options?.select),
  };
}

/** A workflow run's artifacts page after page (`fetchNextPage`), starting at page 1. */
function infiniteListForRun<TData = ArtifactPages>(
  client: ArtifactsClient,
  params: Omit<ListWorkflowRunArtifactsParams, "page">,
  options?: ArtifactInfiniteQueryOptions<TData, ArtifactInfiniteRunKey>,
): ArtifactInfiniteQueryDefinition<TData, ArtifactInfiniteRunKey> {
  return {
    retry: shouldRetryArtifactsError,
    ...options,
    queryKey: artifactKeys.infiniteRun(client, params) as DataTag<
      ArtifactInfiniteRunKey,
      ArtifactPages,
      ArtifactsError
    >,
    queryFn: ({ signal, pageParam }) => client.listWorkflowRunArtifacts({ ...params, page: pageParam, signal }),
    ...infinite(options?.select),
  };
}

/**
 * `queryOptions`/`infiniteQueryOptions` for each operation, as plain objects. Each takes the client first, so it
 * works with a bare `QueryClient` (`queryClient.fetchQuery(artifactQueries.listForRepo(client, { owner, repo }))`,
 * `prefetchInfiniteQuery`, `ensureQueryData`, server rendering) and with any adapter's hooks (`useQuery`, …). The key comes from `artifactKeys`; the query's `signal` is passed to the client, so an unmounted
 * or cancelled query aborts its request; `retry` defaults to `shouldRetryArtifactsError`.
 */
export const artifactQueries = { listForRepo, listForRun, detail, infiniteListForRepo, infiniteListForRun };

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
  return {
    retry: shouldRetryArtifactsError,
    ...options,
    queryKey: latestArtifactKey(client, params) as DataTag<ArtifactLatestKey, Artifact | null, ArtifactsError>,
    queryFn: async ({ signal }) => (await findLatestArtifact(client, { ...params, signal })) ?? null,
  };
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
  return {
    retry: shouldRetryArtifactsError,
    ...options,
    queryKey: selectedArtifactsKey(client, params) as DataTag<ArtifactSelectedKey, Artifact[], ArtifactsError>,
    queryFn: ({ signal }) => findArtifacts(client, { ...params, signal }),
  };
}
