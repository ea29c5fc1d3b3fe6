import type { ArtifactList } from "@gh-artifacts/client";
import type { ArtifactPages, ArtifactsError } from "@gh-artifacts/query";
// note: `QueryKey` from query-core, as `@gh-artifacts/query` has it (React Query re-exports the same type): one
// `QueryKey` in this package's API, not two that only look alike.
import type { QueryKey } from "@tanstack/query-core";
import type {
  DataTag,
  QueryFunction,
  UseInfiniteQueryOptions,
  UseQueryOptions,
  UseSuspenseInfiniteQueryOptions,
  UseSuspenseQueryOptions,
} from "@tanstack/react-query";

export type { ArtifactPages, ArtifactsError, LatestArtifactParams } from "@gh-artifacts/query";

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
