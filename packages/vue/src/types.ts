import type {
  ArtifactPages,
  ArtifactInfiniteQueryOptions as CoreInfiniteOptions,
  ArtifactQueryOptions as CoreOptions,
} from "@gh-artifacts/query";
import type { QueryKey } from "@tanstack/vue-query";
import type { MaybeRefOrGetter } from "vue";

/**
 * Vue Query options a composable accepts besides the key and function it builds itself (`select`, `staleTime`, …);
 * the whole object may be a ref or a getter. `enabled` is Vue Query's: a boolean, a ref or a getter.
 */
export type ArtifactQueryOptions<TQueryFnData, TData = TQueryFnData, TQueryKey extends QueryKey = QueryKey> = Omit<
  CoreOptions<TQueryFnData, TData, TQueryKey>,
  "enabled"
> & {
  /** `false` holds the query (no request) until it turns `true`; a ref or a getter is followed. Default: `true`. */
  enabled?: MaybeRefOrGetter<boolean | undefined>;
};

/** Options of the infinite lists; the page parameter and `getNextPageParam` are this package's. */
export type ArtifactInfiniteQueryOptions<TData = ArtifactPages, TQueryKey extends QueryKey = QueryKey> = Omit<
  CoreInfiniteOptions<TData, TQueryKey>,
  "enabled"
> & {
  /** `false` holds the query (no request) until it turns `true`; a ref or a getter is followed. Default: `true`. */
  enabled?: MaybeRefOrGetter<boolean | undefined>;
};
