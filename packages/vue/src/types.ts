import type { ArtifactList } from "@gh-artifacts/client";
import type { ArtifactPages, ArtifactsError } from "@gh-artifacts/query";
import type { InfiniteQueryObserverOptions, QueryKey, QueryObserverOptions } from "@tanstack/vue-query";

/**
 * Vue Query options a composable accepts besides the key and function it builds itself (`enabled`, `select`,
 * `staleTime`, …); the whole object may be a ref or a getter.
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
