import type { paths } from "@gh-artifacts/types";
import type { Client } from "openapi-fetch";
import { InvalidInputError } from "./errors.js";
import type { RetryingFetch } from "./middleware/retry.js";
import type { Redact } from "./redact.js";

/**
 * What the opt-in functions (`rawClient`, `downloadArtifact`, `getArtifactDownloadUrl`) need of a client: its layers
 * and its token source, never a token (the layers ask for it themselves, and send it only to `baseUrl`).
 * note: kept in a WeakMap private to this package rather than on the client, so nothing a user can enumerate or
 * serialize reaches it, and a client that is dropped takes its entry with it.
 */
export interface ClientInternals {
  /** The API fetch: retries, timeouts, bounded bodies and the ETag cache, if any. */
  fetch: RetryingFetch;
  /**
   * The token source, for `rawClient`'s auth middleware, which sends it only to `baseUrl`; a token function's wait
   * ends with `signal` or after the client's `timeoutMs`.
   */
  getToken: (signal?: AbortSignal) => string | undefined | Promise<string | undefined>;
  /** GitHub's headers as the typed methods send them (lowercase names), without the token. */
  headers: Readonly<Record<string, string>>;
  /** Routes the typed methods through `send` from now on (`rawClient`'s user middleware must see every call). */
  route: (send: RawSend) => void;
  /** The one `rawClient(client)`, once made. */
  raw?: Client<paths>;
  /**
   * Fetch with retries and timeouts which leaves the body unread: archives are streamed, never buffered. It adds no
   * header of its own (storage URLs never see the token; the download request gets its headers from `raw`).
   */
  storageFetch: RetryingFetch;
  redact: Redact;
  /** Resolves a relative `Location` when the response does not know its own URL. */
  baseUrl: string;
  /** An archive body that sends no byte for this long (ms) errors with `TimeoutError`; `0` for none. */
  idleTimeoutMs: number;
  /**
   * Told of every answer the network gives, each attempt of a retried call and a 304 included, before anything
   * reads it, and awaited (`watchRateLimit` is the public face). A listener must not read the body: clone it.
   */
  observers: Set<ResponseObserver>;
}

/** A listener of `ClientInternals.observers`: the answer of one attempt, and the method of its request. */
export type ResponseObserver = (response: Response, method: string) => void | Promise<void>;

/**
 * One call of a typed method through `rawClient`: the URL it went to (for errors), the answer, and its body as text
 * (the data of a 2xx, the error body otherwise).
 */
export type RawSend = (
  method: "GET" | "DELETE",
  template: string,
  params: object,
  signal: AbortSignal | undefined,
) => Promise<{ url: string; response: Response; body: unknown }>;

const internals = new WeakMap<object, ClientInternals>();

export const registerInternals = (client: object, value: ClientInternals) => {
  internals.set(client, value);
};

/** The internals of a client made by `createArtifactsClient`; anything else is an `InvalidInputError`. */
export function internalsOf(client: unknown): ClientInternals {
  const found = internals.get(client as object);
  if (!found) throw new InvalidInputError("client", "must be a client made by createArtifactsClient");
  return found;
}

/**
 * How the client hands its API fetch to an ETag cache: `scope` is who is asking, or `undefined` when it follows the
 * token of each request (a token function without `cacheScope`), which only the cache module then fingerprints.
 */
export type WrapFetch = (fetch: RetryingFetch, scope: (() => string) | undefined) => RetryingFetch;

/** The key under which `createEtagCache()`'s object carries its `WrapFetch` (non-enumerable). */
export const WRAP_FETCH = Symbol("gh-artifacts.etag-cache");
