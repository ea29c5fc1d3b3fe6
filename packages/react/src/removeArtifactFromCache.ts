import type { Artifact, ArtifactList } from "@gh-artifacts/client";
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { ArtifactPages } from "./types.js";

/**
 * One place an artifact was taken out of: a cached entry, where in it (`[]` for the detail, `[index]` in a list,
 * `[page, index]` in infinite pages) and what was there.
 */
export interface RemovedArtifact {
  key: QueryKey;
  at: number[];
  value: unknown;
}

const indexOf = (list: ArtifactList, id: number) => list.artifacts.findIndex((artifact) => artifact.id === id);

function isList(data: unknown): data is ArtifactList {
  return typeof data === "object" && data !== null && Array.isArray((data as ArtifactList).artifacts);
}

function isPages(data: unknown): data is ArtifactPages {
  return typeof data === "object" && data !== null && Array.isArray((data as ArtifactPages).pages);
}

function without(list: ArtifactList, id: number): ArtifactList {
  const artifacts = list.artifacts.filter((artifact) => artifact.id !== id);
  return { ...list, artifacts, total_count: Math.max(0, list.total_count - 1) };
}

function withArtifact(list: ArtifactList, index: number | undefined, artifact: Artifact | undefined): ArtifactList {
  const artifacts = [...list.artifacts];
  if (artifact && index !== undefined) artifacts.splice(Math.min(index, artifacts.length), 0, artifact);
  return { ...list, artifacts, total_count: list.total_count + 1 };
}

/** Drops artifact `id` from one cached list or infinite list, noting where it was in `removed`. */
function remove(key: QueryKey, data: unknown, id: number, removed: RemovedArtifact[]): unknown {
  if (isList(data)) {
    const index = indexOf(data, id);
    if (index < 0) return data;
    removed.push({ key, at: [index], value: data.artifacts[index] });
    return without(data, id);
  }
  if (isPages(data)) {
    const page = data.pages.findIndex((list) => indexOf(list, id) >= 0);
    const list = data.pages[page];
    if (!list) return data;
    const index = indexOf(list, id);
    removed.push({ key, at: [page, index], value: list.artifacts[index] });
    // note: every page carries `total_count`; lowering each keeps `getNextPageParam` consistent.
    return { ...data, pages: data.pages.map((each) => without(each, id)) };
  }
  return data;
}

/**
 * Removes artifact `id` from every cached list under `prefixes` (plain and infinite, `total_count` lowered) and
 * drops its cached detail. Returns where it was, for `restoreArtifact`.
 */
export function removeArtifactFromCache(
  queryClient: QueryClient,
  prefixes: QueryKey[],
  detailKey: QueryKey,
  id: number,
): RemovedArtifact[] {
  const removed: RemovedArtifact[] = [];
  for (const queryKey of prefixes) {
    for (const [key, data] of queryClient.getQueriesData({ queryKey })) {
      const next = remove(key, data, id, removed);
      if (next !== data) queryClient.setQueryData(key, next);
    }
  }
  const detail = queryClient.getQueryData(detailKey);
  if (detail !== undefined) {
    removed.push({ key: detailKey, at: [], value: detail });
    queryClient.removeQueries({ queryKey: detailKey, exact: true });
  }
  return removed;
}

/** Puts artifact `id` back where `removed` says it was, into what is cached now; other changes stay. */
function putBack(data: unknown, id: number, { at, value }: RemovedArtifact): unknown {
  const [first, second] = at;
  if (at.length === 0) return data ?? value;
  if (isList(data)) return indexOf(data, id) < 0 ? withArtifact(data, first, value as Artifact) : data;
  if (isPages(data) && data.pages[first ?? 0] && data.pages.every((list) => indexOf(list, id) < 0)) {
    const pages = data.pages.map((list, page) =>
      withArtifact(list, page === first ? second : undefined, value as Artifact),
    );
    return { ...data, pages };
  }
  return data;
}

/**
 * Undoes `removeArtifactFromCache` for this one artifact only.
 * note: not a snapshot restore: a delete that overlapped this one must not come back with it.
 */
export function restoreArtifact(queryClient: QueryClient, removed: RemovedArtifact[], id: number): void {
  for (const entry of removed) {
    const data = queryClient.getQueryData(entry.key);
    const next = putBack(data, id, entry);
    if (next !== data) queryClient.setQueryData(entry.key, next);
  }
}
