import { InvalidInputError } from "../errors.js";
import { fingerprint } from "../fingerprint.js";
import { WRAP_FETCH, type WrapFetch } from "../internals.js";
import { headerOf, type Sendable, withHeader } from "../outgoing.js";
import type { RetryingFetch } from "./retry.js";

/** What is remembered of a 200 answer to answer a later 304 with. */
export interface CacheEntry {
  etag: string;
  /** The response body as text. */
  body: string;
  /** The headers the client reads back: `content-type`, `etag`, `link`. */
  headers: Record<string, string>;
}

/** A place to keep ETags and bodies: a `Map` fits, and so does an async store (IndexedDB, Redis, …). */
export interface CacheStore {
  get(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): unknown;
}

const KEPT_HEADERS = ["content-type", "etag", "link"];

/** An in-memory store that forgets its oldest entry past `maxEntries`. */
export function createMemoryStore(maxEntries = 500): CacheStore {
  const map = new Map<string, CacheEntry>();
  return {
    get: (key) => map.get(key),
    set(key, entry) {
      map.delete(key);
      map.set(key, entry);
      if (map.size > maxEntries) map.delete(map.keys().next().value as string);
    },
  };
}

/** An entry a store gave back is only used if it has the shape we wrote (stores may hand back anything). */
function usable(entry: unknown): entry is CacheEntry {
  const e = entry as CacheEntry | undefined;
  return typeof e?.etag === "string" && typeof e.body === "string" && typeof e.headers === "object" && !!e.headers;
}

/** What `createEtagCache()` returns: the value of the client's `cache` option. */
export interface EtagCache {
  /** Where the entries are kept. */
  readonly store: CacheStore;
}

/**
 * Conditional requests for a client, opted into with `createArtifactsClient({ cache: createEtagCache() })`: GET
 * answers with an ETag are remembered in `store` (default: `createMemoryStore()`, 500 entries), and GitHub's 304 to
 * a later `If-None-Match` is answered with the remembered 200 (GitHub does not count 304s against the rate limit).
 * Entries are keyed by the client's `cacheScope` and the URL, so identities never mix in a shared store; a key never
 * holds the token. A client that does not import this function ships none of its code.
 */
export function createEtagCache(store: CacheStore = createMemoryStore()): EtagCache {
  if (typeof store?.get !== "function" || typeof store.set !== "function") {
    throw new InvalidInputError("cache", "the store must have get(key) and set(key, entry) methods");
  }
  const wrap: WrapFetch = (fetch, scope) => {
    let lastHeader: string | null = null;
    let lastScope = "anonymous";
    // note: with a token function the key follows the token actually sent, so a shared store never mixes users.
    const scopeOf =
      scope ??
      ((request: Sendable) => {
        const header = headerOf(request, "authorization");
        if (header !== lastHeader) {
          lastHeader = header;
          lastScope = header ? fingerprint(header.slice(7)) : "anonymous";
        }
        return lastScope;
      });
    return cachingFetch(store, scopeOf, fetch);
  };
  // note: the hook is non-enumerable: the object reads (and logs) as `{ store }`.
  return Object.defineProperty({ store }, WRAP_FETCH, { value: wrap });
}

/**
 * Wraps the API fetch: sends `If-None-Match` for GET URLs seen before and turns GitHub's 304 into the remembered 200.
 * `scopeOf` names who is asking, so entries of different identities never mix in a shared store.
 * note: a wrapped fetch, not a middleware: the 304 is answered with the very entry whose ETag was sent (another
 * request may evict it, a TTL store may expire it, in the meantime), an unexpected 304 can be sent again, and the
 * middleware of `raw.use()` sees the answer the methods use.
 */
function cachingFetch(store: CacheStore, scopeOf: (request: Sendable) => string, fetch: RetryingFetch): RetryingFetch {
  return async (input) => {
    if (input.method !== "GET") return fetch(input);
    let request = input;
    const key = `${scopeOf(request)} ${request.url}`;
    const entry = await store.get(key);
    const sent = usable(entry) ? entry : undefined;
    if (sent) {
      // note: a Request is openapi-fetch's own for this call; an Outgoing shares its headers with other calls.
      if (request instanceof Request) request.headers.set("If-None-Match", sent.etag);
      else request = withHeader(request, "if-none-match", sent.etag);
    }
    let response = await fetch(request);
    if (response.status === 304) {
      if (sent) {
        const headers = new Headers(response.headers);
        for (const [name, value] of Object.entries(sent.headers)) headers.set(name, value);
        headers.delete("content-length");
        return new Response(sent.body, { status: 200, statusText: "OK", headers });
      }
      // note: a 304 we did not ask for (a proxy, or the caller's own If-None-Match) has nothing to answer it with:
      // one unconditional request more. A second 304 is handed on (the methods fail with UnexpectedResponseError).
      await response.body?.cancel();
      response = await fetch(withHeader(request, "if-none-match", undefined));
    }
    const etag = response.headers.get("etag");
    // note: only JSON is kept; a browser following the download redirect must not copy an archive into memory.
    if (response.status !== 200 || !etag || !response.headers.get("content-type")?.includes("json")) return response;
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    await store.set(key, { etag, body: await response.clone().text(), headers });
    return response;
  };
}
