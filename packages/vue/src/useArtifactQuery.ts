import type { ArtifactsError } from "@gh-artifacts/query";
import {
  type UseInfiniteQueryReturnType,
  type UseQueryReturnType,
  useInfiniteQuery,
  useQuery,
} from "@tanstack/vue-query";
import { computed, type MaybeRefOrGetter, toValue } from "vue";

// note: internal. The factories of @gh-artifacts/query return query-core's option objects, and Vue Query takes them
// as they are at run time (it unwraps refs, then hands them to query-core's observer). Its option types differ in
// one way: `enabled` is a ref or a getter (it calls a function `enabled` with no argument), not query-core's
// `(query) => boolean`. So the composables type what users pass in Vue's terms and what they get back, and these two
// helpers bridge the types in one place.

/** A user's Vue Query options, handed to a factory of @gh-artifacts/query (typed as its query-core options). */
export const coreOptions = (options: MaybeRefOrGetter<object | undefined>): never => toValue(options) as never;

/** `useQuery` over the options `build` returns, recomputed (a new key: a new query) when what it reads changes. */
export function useArtifactQuery<TData>(build: () => object): UseQueryReturnType<TData, ArtifactsError> {
  return useQuery(computed(build) as never) as unknown as UseQueryReturnType<TData, ArtifactsError>;
}

/** `useInfiniteQuery` over the options `build` returns, recomputed when what it reads changes. */
export function useArtifactInfiniteQuery<TData>(
  build: () => object,
): UseInfiniteQueryReturnType<TData, ArtifactsError> {
  return useInfiniteQuery(computed(build) as never) as unknown as UseInfiniteQueryReturnType<TData, ArtifactsError>;
}
