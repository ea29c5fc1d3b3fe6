import type { Middleware } from "openapi-fetch";

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

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * A short, one-way name for the credentials, so entries of different tokens never mix in a shared store and the
 * token itself is never written into one.
 */
export async function credentialId(token: string | undefined): Promise<string> {
  if (!token) return "anonymous";
  const subtle = globalThis.crypto?.subtle;
  // note: `crypto.subtle` is missing on insecure (http://) browser pages; FNV is weaker but still not the token.
  if (!subtle) return `f${fnv1a(token)}`;
  const digest = new Uint8Array(await subtle.digest("SHA-256", new TextEncoder().encode(`gh-artifacts:${token}`)));
  return Array.from(digest.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Sends `If-None-Match` for GET URLs seen before and turns GitHub's 304 into the remembered 200: GitHub does not
 * count 304s against the rate limit.
 */
export function createEtagCache(store: CacheStore, identity: () => Promise<string>): Middleware {
  const keyOf = async (request: Request) => `${await identity()} ${request.url}`;
  return {
    async onRequest({ request }) {
      if (request.method !== "GET") return undefined;
      const entry = await store.get(await keyOf(request));
      if (entry) request.headers.set("If-None-Match", entry.etag);
      return request;
    },
    async onResponse({ request, response }) {
      if (request.method !== "GET") return undefined;
      if (response.status === 304) {
        const entry = await store.get(await keyOf(request));
        if (!entry) return undefined;
        const headers = new Headers(response.headers);
        for (const [name, value] of Object.entries(entry.headers)) headers.set(name, value);
        headers.delete("content-length");
        return new Response(entry.body, { status: 200, statusText: "OK", headers });
      }
      const etag = response.headers.get("etag");
      // note: only JSON is kept; a browser following the download redirect must not copy an archive into memory.
      if (response.status !== 200 || !etag || !response.headers.get("content-type")?.includes("json")) return undefined;
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = response.headers.get(name);
        if (value !== null) headers[name] = value;
      }
      await store.set(await keyOf(request), { etag, body: await response.clone().text(), headers });
      return undefined;
    },
  };
}
