import type { ArtifactList, ArtifactsClientError, FindLatestArtifactParams } from "@gh-artifacts/client";
import type {
  DataTag,
  InfiniteData,
  QueryFunction,
  QueryKey,
  UseInfiniteQueryOptions,
  UseQueryOptions,
  UseSuspenseInfiniteQueryOptions,
  UseSuspenseQueryOptions,
} from "@tanstack/react-query";

/** The error type of every query and mutation: the client's error union (narrow with `instanceof`). */
export type ArtifactsError = ArtifactsClientError;

/**
 * What `useLatestArtifact` takes: the client's `FindLatestArtifactParams` (a `name` or a `pattern`, and the filters)
 * without `signal`, which React Query passes.
 * note: distributed over the name-or-pattern union, which a plain `Omit` would merge into one optional pair.
 */
export type LatestArtifactParams = FindLatestArtifactParams extends infer P
  ? P extends unknown
    ? Omit<P, "signal">
    : never
  : never;

/** The pages of an infinite list, each one `{ total_count, artifacts }`, keyed by page number. */
export type ArtifactPages = InfiniteData<ArtifactList, number>;

/** React Query options a hook or factory accepts besides the key and function it builds itself. */
export type ArtifactQueryOptions<TQueryFnData, TData = TQueryFnData, TQueryKey extends QueryKey = QueryKey> = Omit<
  UseQueryOptions<TQueryFnData, ArtifactsError, TData, TQueryKey>,
  "queryKey" | "queryFn"
>;

/** Options of the `useSuspense*` hooks (no `enabled`, `placeholderData` or `throwOnError`, as in React Query). */
export type ArtifactSuspenseQueryOptions<
  TQueryFnData,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = Omit<UseSuspenseQueryOptions<TQueryFnData, ArtifactsError, TData, TQueryKey>, "queryKey" | "queryFn">;

/** Options of the infinite lists; the page parameter and `getNextPageParam` are this package's. */
export type ArtifactInfiniteQueryOptions<TData = ArtifactPages, TQueryKey extends QueryKey = QueryKey> = Omit<
  UseInfiniteQueryOptions<ArtifactList, ArtifactsError, TData, TQueryKey, number>,
  "queryKey" | "queryFn" | "initialPageParam" | "getNextPageParam" | "getPreviousPageParam"
>;

/** Options of the suspense infinite lists. */
export type ArtifactSuspenseInfiniteQueryOptions<TData = ArtifactPages, TQueryKey extends QueryKey = QueryKey> = Omit<
  UseSuspenseInfiniteQueryOptions<ArtifactList, ArtifactsError, TData, TQueryKey, number>,
  "queryKey" | "queryFn" | "initialPageParam" | "getNextPageParam" | "getPreviousPageParam"
>;

/** What the plain `artifactQueries` factories return: for `useQuery`, `useSuspenseQuery`, `prefetchQuery`, … */
export type ArtifactQueryDefinition<TQueryFnData, TData, TQueryKey extends QueryKey> = ArtifactQueryOptions<
  TQueryFnData,
  TData,
  TQueryKey
> & {
  /** Tagged with the data type, so `queryClient.getQueryData(queryKey)` is typed. */
  queryKey: DataTag<TQueryKey, TQueryFnData, ArtifactsError>;
  queryFn: QueryFunction<TQueryFnData, TQueryKey>;
};

/** What the infinite `artifactQueries` factories return: for `useInfiniteQuery`, `prefetchInfiniteQuery`, … */
export type ArtifactInfiniteQueryDefinition<TData, TQueryKey extends QueryKey> = ArtifactInfiniteQueryOptions<
  TData,
  TQueryKey
> &
  Pick<
    UseInfiniteQueryOptions<ArtifactList, ArtifactsError, TData, TQueryKey, number>,
    "initialPageParam" | "getNextPageParam"
  > & {
    /** Tagged with the data type, so `queryClient.getQueryData(queryKey)` is typed. */
    queryKey: DataTag<TQueryKey, ArtifactPages, ArtifactsError>;
    queryFn: QueryFunction<ArtifactList, TQueryKey, number>;
  };
