import type { Artifact } from "@gh-artifacts/types";
import { UnexpectedResponseError } from "./errors.js";
import { anySignal } from "./middleware/retry.js";
import { parseLink } from "./parse-link.js";

/** Anything a list endpoint pages through: artifacts, workflow runs. */
export interface Listed {
  id: number;
}

/** One page as the list endpoints return it (its items under `items`), plus where `Link: rel="next"` points. */
export interface Page<T extends Listed = Artifact> {
  items: T[];
  total_count: number | undefined;
  /** The page `rel="next"` points to, when the source has parsed it; otherwise read from `link` when needed. */
  next?: number | undefined;
  /** The `Link` header, parsed only when the walk follows it (planned pages never need it). */
  link?: string | null | undefined;
  /** The HTTP status it came with (quoted by the errors below). */
  status: number;
}

/** Empty pages in a row that are followed while they still link to a next page; one more is an error. */
export const MAX_EMPTY_PAGES = 3;

export type FetchPage<T extends Listed = Artifact> = (page: number, signal: AbortSignal) => Promise<Page<T>>;

export interface PaginateOptions {
  perPage: number;
  /** What the pages hold, as errors name it. Default: `"artifacts"`. */
  noun?: string;
  /** Pages in flight at once; `1` follows `Link` one page at a time. */
  concurrency: number;
  signal: AbortSignal | undefined;
}

/**
 * The page number of `rel="next"` in a `Link` header, if any: the first such entry whose URL parses decides (the
 * proxy drops the others, so a browser behind it reads the same page).
 */
export function nextPageFromLink(link: string | null | undefined): number | undefined {
  for (const [url, rel] of link ? parseLink(link) : []) {
    try {
      if (!rel.includes("next")) continue;
      const page = Number(new URL(url, "http://link.invalid").searchParams.get("page"));
      return Number.isSafeInteger(page) && page > 0 ? page : undefined;
    } catch {
      // note: a URL that does not parse is skipped, as the proxy's rewriteLink skips it.
    }
  }
  return undefined;
}

const nextOf = (page: Page<Listed>) => page.next ?? nextPageFromLink(page.link);

/**
 * Yields the artifacts of every page, each artifact once, page after page in order (see `paginate`).
 * note: whole pages rather than single artifacts: a caller that collects them all (`listAll*`) pays one step per
 * page instead of one per artifact.
 */
export async function* paginatePages<T extends Listed = Artifact>(
  fetchPage: FetchPage<T>,
  options: PaginateOptions,
): AsyncGenerator<T[]> {
  const { perPage, concurrency, noun = "artifacts" } = options;
  // note: our own controller cancels prefetched pages once they are no longer wanted (early break, fallback).
  const controller = new AbortController();
  const signal = options.signal ? anySignal([options.signal, controller.signal]) : controller.signal;
  const seen = new Set<number>();
  function fresh(page: Page<T>, n: number): T[] {
    const out: T[] = [];
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      out.push(item);
    }
    if (out.length === 0 && page.items.length > 0) {
      throw new UnexpectedResponseError(page.status, `page ${n} repeats only ${noun} already seen`);
    }
    return out;
  }

  try {
    let current = 1;
    let page = await fetchPage(1, signal);
    const total = page.total_count;
    const planned = concurrency > 1 && typeof total === "number" && Number.isSafeInteger(total) && total >= 0;
    const lastPlanned = planned ? Math.ceil(total / perPage) : 1;
    const inFlight = new Map<number, Promise<Page<T>>>();
    let requested = 1;
    /** Requests the planned pages up to `last` (callers keep at most `concurrency` of them in flight). */
    const requestUpTo = (last: number) => {
      while (requested < Math.min(last, lastPlanned)) {
        const pending = fetchPage(++requested, signal);
        // note: a prefetched page may be abandoned; its rejection must not surface as unhandled.
        pending.catch(() => undefined);
        inFlight.set(requested, pending);
      }
    };
    // note: the plan starts as soon as page 1 is read, before its artifacts are handed on.
    requestUpTo(1 + concurrency);
    yield fresh(page, 1);

    for (let n = 2; n <= lastPlanned; n++) {
      requestUpTo(n - 1 + concurrency);
      page = await (inFlight.get(n) as Promise<Page<T>>);
      inFlight.delete(n);
      current = n;
      const short = page.items.length < perPage && n < lastPlanned;
      // note: the next window opens before this page is handed on, so a slow consumer never delays the requests.
      if (!short && page.items.length > 0) requestUpTo(n + concurrency);
      yield fresh(page, n);
      if (short || page.items.length === 0) break;
    }

    // Link following: the whole walk when concurrency is 1 or total_count is missing, the rest otherwise.
    let empty = 0;
    for (let next = nextOf(page); next !== undefined; next = nextOf(page)) {
      const { status } = page;
      if (next <= current) throw new UnexpectedResponseError(status, `page ${current} links back to page ${next}`);
      empty = page.items.length ? 0 : empty + 1;
      if (empty > MAX_EMPTY_PAGES) {
        throw new UnexpectedResponseError(status, `${empty} empty pages in a row still link to a next page`);
      }
      current = next;
      page = await fetchPage(current, signal);
      yield fresh(page, current);
    }
  } finally {
    controller.abort();
  }
}

/**
 * Yields every artifact once, in page order.
 *
 * With `concurrency > 1` and a `total_count`, pages 2..N are requested ahead (at most `concurrency` at once, the
 * first ones as soon as page 1 is read) and yielded in order. The plan is dropped for plain `Link` following when
 * the count proves wrong: a page before the last comes back short or empty, or the last planned page still links to
 * a next one.
 * note: artifacts created or deleted while we page shift items between pages; ids already yielded are skipped, which
 * removes the duplicates a shift causes (an item shifted backwards past a fetched page cannot be seen by any pager).
 *
 * Fails with `UnexpectedResponseError` rather than loop or end early: a page after the first that holds only ids
 * already seen (a server or proxy ignoring `page`; also, rarely, a full page's worth of artifacts created while
 * paging), a `rel="next"` pointing back to a page already fetched, or more than `MAX_EMPTY_PAGES` (3) empty pages in
 * a row that still link further (fewer are followed: GitHub may send an empty page before the end).
 */
export async function* paginate<T extends Listed = Artifact>(
  fetchPage: FetchPage<T>,
  options: PaginateOptions,
): AsyncGenerator<T> {
  for await (const items of paginatePages(fetchPage, options)) yield* items;
}

/** Collects the pages of `paginatePages` into one array. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const items of pages) for (const item of items) all.push(item);
  return all;
}
