import type { ArtifactList, ArtifactsClientError, FindLatestArtifactParams } from "@gh-artifacts/client";
import type {
  DataTag,
  InfiniteData,
  InfiniteQueryObserverOptions,
  QueryFunction,
  QueryKey,
  QueryObserverOptions,
} from "@tanstack/query-core";

/** The error type of every query and mutation: the client's error union (narrow with `instanceof`). */
export type ArtifactsError = ArtifactsClientError;

/**
 * What `latestArtifactQueryOptions` takes: the client's `FindLatestArtifactParams` (a `name` or a `pattern`, and the
 * filters) without `signal`, which the query passes.
 * note: distributed over the name-or-pattern union, which a plain `Omit` would merge into one optional pair.
 */
export type LatestArtifactParams = FindLatestArtifactParams extends infer P
  ? P extends unknown
    ? Omit<P, "signal">
    : never
  : never;

/** The pages of an infinite list, each one `{ total_count, artifacts }`, keyed by page number. */
export type ArtifactPages = InfiniteData<ArtifactList, number>;

/**
 * Query options a factory accepts besides the key and function it builds itself, as query-core types them (an
 * adapter's own option types, e.g. React's, are wider and may be passed through as they are).
 */
export type ArtifactQueryOptions<TQueryFnData, TData = TQueryFnData, TQueryKey extends QueryKey = QueryKey> = Omit<
  QueryObserverOptions<TQueryFnData, ArtifactsError, TData, TQueryFnData, TQueryKey>,
  "queryKey" | "queryFn"
>;

/** Options of the infinite lists; the page parameter and `getNextPageParam` are this package's. */
export type ArtifactInfiniteQueryOptions<TData = ArtifactPages, TQueryKey extends QueryKey = QueryKey> = Omit<
  InfiniteQueryObserverOptions<ArtifactList, ArtifactsError, TData, TQueryKey, number>,
  "queryKey" | "queryFn" | "initialPageParam" | "getNextPageParam" | "getPreviousPageParam"
>;

/** What the plain factories return: for `fetchQuery`, `prefetchQuery`, an adapter's `useQuery`, … */
export type ArtifactQueryDefinition<TQueryFnData, TData, TQueryKey extends QueryKey> = ArtifactQueryOptions<
  TQueryFnData,
  TData,
  TQueryKey
> & {
  /** Tagged with the data type, so `queryClient.getQueryData(queryKey)` is typed. */
  queryKey: DataTag<TQueryKey, TQueryFnData, ArtifactsError>;
  queryFn: QueryFunction<TQueryFnData, TQueryKey>;
};

/** What the infinite factories return: for `fetchInfiniteQuery`, `prefetchInfiniteQuery`, an adapter's `useInfiniteQuery`, … */
export type ArtifactInfiniteQueryDefinition<TData, TQueryKey extends QueryKey> = ArtifactInfiniteQueryOptions<
  TData,
  TQueryKey
> &
  Pick<
    InfiniteQueryObserverOptions<ArtifactList, ArtifactsError, TData, TQueryKey, number>,
    "initialPageParam" | "getNextPageParam"
  > & {
    /** Tagged with the data type, so `queryClient.getQueryData(queryKey)` is typed. */
    queryKey: DataTag<TQueryKey, ArtifactPages, ArtifactsError>;
    queryFn: QueryFunction<ArtifactList, TQueryKey, number>;
  };
