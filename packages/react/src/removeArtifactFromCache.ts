import type { ArtifactList } from "@gh-artifacts/client";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { ArtifactPages } from "./types.js";

function withoutArtifact(list: ArtifactList, id: number, found = false): ArtifactList {
  const artifacts = list.artifacts.filter((artifact) => artifact.id !== id);
  if (!found && artifacts.length === list.artifacts.length) return list;
  return { ...list, artifacts, total_count: Math.max(0, list.total_count - 1) };
}

function isList(data: unknown): data is ArtifactList {
  return typeof data === "object" && data !== null && Array.isArray((data as ArtifactList).artifacts);
}

function isPages(data: unknown): data is ArtifactPages {
  return typeof data === "object" && data !== null && Array.isArray((data as ArtifactPages).pages);
}

/** Drops artifact `id` from one cached list or infinite list; other data is returned as it is. */
function update(data: unknown, id: number): unknown {
  if (isList(data)) return withoutArtifact(data, id);
  if (isPages(data)) {
    const found = data.pages.some((page) => page.artifacts.some((artifact) => artifact.id === id));
    // note: every page carries `total_count`; lowering each keeps `getNextPageParam` consistent.
    if (found) return { ...data, pages: data.pages.map((page) => withoutArtifact(page, id, true)) };
  }
  return data;
}

/** A snapshot of what `removeArtifactFromCache` changed, to put back with `restoreCache`. */
export type CacheSnapshot = Array<[QueryKey, unknown]>;

/**
 * Removes artifact `id` from every cached list under `prefixes` (plain and infinite, `total_count` lowered) and
 * drops its cached detail. Returns what was there before.
 */
export function removeArtifactFromCache(
  queryClient: QueryClient,
  prefixes: QueryKey[],
  detailKey: QueryKey,
  id: number,
): CacheSnapshot {
  const snapshot: CacheSnapshot = [];
  for (const queryKey of prefixes) {
    for (const [key, data] of queryClient.getQueriesData({ queryKey })) {
      const next = update(data, id);
      if (next === data) continue;
      snapshot.push([key, data]);
      queryClient.setQueryData(key, next);
    }
  }
  const detail = queryClient.getQueryData(detailKey);
  if (detail !== undefined) {
    snapshot.push([detailKey, detail]);
    queryClient.removeQueries({ queryKey: detailKey, exact: true });
  }
  return snapshot;
}

/** Puts back what `removeArtifactFromCache` changed. */
export function restoreCache(queryClient: QueryClient, snapshot: CacheSnapshot): void {
  for (const [key, data] of snapshot) queryClient.setQueryData(key, data);
}
