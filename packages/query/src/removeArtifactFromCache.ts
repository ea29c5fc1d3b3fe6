import type { ArtifactList } from "@gh-artifacts/client";
import type { QueryClient, QueryKey } from "@tanstack/query-core";
import type { ArtifactPages } from "./types.js";

/**
 * One place an artifact was taken out of: a cached entry, where in it (`[page, index]`, page 0 for a plain list;
 * `[]` for the detail) and what was there.
 */
export interface RemovedArtifact {
  key: QueryKey;
  at: number[];
  value: unknown;
}

/** A cached list as pages (a plain list is one page), or `undefined` for other data. */
function pagesOf(data: unknown): ArtifactList[] | undefined {
  const value = data as Partial<ArtifactPages & ArtifactList> | undefined;
  if (Array.isArray(value?.pages)) return value.pages;
  return Array.isArray(value?.artifacts) ? [value as ArtifactList] : undefined;
}

/** `data` with `pages` mapped by `change`, in its own shape. */
function mapPages(data: unknown, pages: ArtifactList[], change: (page: ArtifactList, n: number) => ArtifactList) {
  const next = pages.map(change);
  return Array.isArray((data as ArtifactPages).pages) ? { ...(data as ArtifactPages), pages: next } : next[0];
}

/**
 * Removes artifact `id` from every cached list under `prefix` (plain and infinite, `total_count` lowered) and
 * drops its cached detail. Returns where it was, for `restoreArtifact`.
 */
export function removeArtifactFromCache(
  queryClient: QueryClient,
  prefix: QueryKey,
  detailKey: QueryKey,
  id: number,
): RemovedArtifact[] {
  const removed: RemovedArtifact[] = [];
  for (const [key, data] of queryClient.getQueriesData({ queryKey: prefix })) {
    const pages = pagesOf(data);
    const before = removed.length;
    pages?.forEach((list, page) => {
      const index = list.artifacts.findIndex((artifact) => artifact.id === id);
      if (index >= 0) removed.push({ key, at: [page, index], value: list.artifacts[index] });
    });
    if (!pages || removed.length === before) continue;
    // note: every page carries `total_count`; lowering each keeps `getNextPageParam` consistent.
    const next = mapPages(data, pages, (list) => ({
      ...list,
      artifacts: list.artifacts.filter((artifact) => artifact.id !== id),
      total_count: Math.max(0, list.total_count - 1),
    }));
    queryClient.setQueryData(key, next);
  }
  const detail = queryClient.getQueryData(detailKey);
  if (detail !== undefined) {
    removed.push({ key: detailKey, at: [], value: detail });
    queryClient.removeQueries({ queryKey: detailKey, exact: true });
  }
  return removed;
}

/**
 * Undoes `removeArtifactFromCache` for artifact `id` alone, in what is cached now.
 * note: not a snapshot restore: a delete that overlapped this one must not come back with it.
 */
export function restoreArtifact(queryClient: QueryClient, removed: RemovedArtifact[], id: number): void {
  for (const { key, at, value } of removed) {
    const [page = -1, index = 0] = at;
    const data = queryClient.getQueryData(key);
    const pages = pagesOf(data);
    if (page < 0) {
      if (data === undefined) queryClient.setQueryData(key, value);
    } else if (pages?.[page] && !pages.some((list) => list.artifacts.some((artifact) => artifact.id === id))) {
      const next = mapPages(data, pages, (list, n) => {
        const artifacts = [...list.artifacts];
        if (n === page) artifacts.splice(index, 0, value as ArtifactList["artifacts"][number]);
        return { ...list, artifacts, total_count: list.total_count + 1 };
      });
      queryClient.setQueryData(key, next);
    }
  }
}
