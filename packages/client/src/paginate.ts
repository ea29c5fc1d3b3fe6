import type { Artifact } from "@gh-artifacts/types";
import { UnexpectedResponseError } from "./errors.js";
import { anySignal } from "./middleware/retry.js";

/** One page as the list endpoints return it, plus the page `Link: rel="next"` points to. */
export interface Page {
  artifacts: Artifact[];
  total_count: number | undefined;
  next: number | undefined;
  /** The HTTP status it came with (quoted by the errors below). */
  status: number;
}

/** Empty pages in a row that are followed while they still link to a next page; one more is an error. */
export const MAX_EMPTY_PAGES = 3;

export type FetchPage = (page: number, signal: AbortSignal) => Promise<Page>;

export interface PaginateOptions {
  perPage: number;
  /** Pages in flight at once; `1` follows `Link` one page at a time. */
  concurrency: number;
  signal: AbortSignal | undefined;
}

/** The page number of `rel="next"` in a `Link` header, if any. */
export function nextPageFromLink(link: string | null | undefined): number | undefined {
  if (!link) return undefined;
  for (const match of link.matchAll(/<([^>]*)>([^,]*)/g)) {
    const [, url = "", params = ""] = match;
    const rel = /;\s*rel\s*=\s*"?([^";]*)"?/i.exec(params)?.[1] ?? "";
    if (!rel.split(/\s+/).includes("next")) continue;
    try {
      const page = Number(new URL(url, "http://link.invalid").searchParams.get("page"));
      return Number.isSafeInteger(page) && page > 0 ? page : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Yields every artifact once, in page order.
 *
 * With `concurrency > 1` and a `total_count`, pages 2..N are requested ahead (at most `concurrency` at once) and
 * yielded in order. The plan is dropped for plain `Link` following when the count proves wrong: a page before the
 * last comes back short or empty, or the last planned page still links to a next one.
 * note: artifacts created or deleted while we page shift items between pages; ids already yielded are skipped, which
 * removes the duplicates a shift causes (an item shifted backwards past a fetched page cannot be seen by any pager).
 *
 * Fails with `UnexpectedResponseError` rather than loop or end early: a page after the first that holds only ids
 * already seen (a server or proxy ignoring `page`; also, rarely, a full page's worth of artifacts created while
 * paging), a `rel="next"` pointing back to a page already fetched, or more than `MAX_EMPTY_PAGES` (3) empty pages in
 * a row that still link further (fewer are followed: GitHub may send an empty page before the end).
 */
export async function* paginate(fetchPage: FetchPage, options: PaginateOptions): AsyncGenerator<Artifact> {
  const { perPage, concurrency } = options;
  // note: our own controller cancels prefetched pages once they are no longer wanted (early break, fallback).
  const controller = new AbortController();
  const signal = options.signal ? anySignal([options.signal, controller.signal]) : controller.signal;
  const seen = new Set<number>();
  function* fresh(page: Page, n: number): Generator<Artifact> {
    const before = seen.size;
    for (const artifact of page.artifacts) {
      if (seen.has(artifact.id)) continue;
      seen.add(artifact.id);
      yield artifact;
    }
    if (seen.size === before && page.artifacts.length > 0) {
      throw new UnexpectedResponseError(page.status, `page ${n} repeats only artifacts already seen`);
    }
  }

  try {
    let current = 1;
    let page = await fetchPage(1, signal);
    yield* fresh(page, 1);

    const total = page.total_count;
    if (concurrency > 1 && typeof total === "number" && Number.isSafeInteger(total) && total >= 0) {
      const lastPlanned = Math.ceil(total / perPage);
      const inFlight = new Map<number, Promise<Page>>();
      const request = (n: number) => {
        if (n > lastPlanned || inFlight.has(n)) return;
        const pending = fetchPage(n, signal);
        // note: a prefetched page may be abandoned; its rejection must not surface as unhandled.
        pending.catch(() => undefined);
        inFlight.set(n, pending);
      };
      for (let n = 2; n <= lastPlanned; n++) {
        for (let k = n; k < n + concurrency; k++) request(k);
        page = await (inFlight.get(n) as Promise<Page>);
        inFlight.delete(n);
        current = n;
        yield* fresh(page, n);
        const short = page.artifacts.length < perPage && n < lastPlanned;
        if (short || page.artifacts.length === 0) break;
      }
    }

    // Link following: the whole walk when concurrency is 1 or total_count is missing, the rest otherwise.
    let empty = 0;
    while (page.next !== undefined) {
      const { next, status } = page;
      if (next <= current) throw new UnexpectedResponseError(status, `page ${current} links back to page ${next}`);
      empty = page.artifacts.length ? 0 : empty + 1;
      if (empty > MAX_EMPTY_PAGES) {
        throw new UnexpectedResponseError(status, `${empty} empty pages in a row still link to a next page`);
      }
      current = next;
      page = await fetchPage(current, signal);
      yield* fresh(page, current);
    }
  } finally {
    controller.abort();
  }
}

/** Collects `paginate` into an array. */
export async function collect(iterable: AsyncIterable<Artifact>): Promise<Artifact[]> {
  const all: Artifact[] = [];
  for await (const artifact of iterable) all.push(artifact);
  return all;
}
