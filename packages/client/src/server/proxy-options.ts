import type { ArtifactOperationId } from "@gh-artifacts/types";
import { resolveBaseUrl } from "../base-url.js";
import { InvalidInputError } from "../errors.js";
import { defaultApiVersion } from "../generated/routes.js";
import { MAX_DELAY_MS } from "../rate-limit.js";
import { checkToken } from "../token.js";
import { validateInteger } from "../validate.js";
import { VERSION } from "../version.js";
import { type HostRule, resolveHosts } from "./allowed-hosts.js";
import { type StoragePolicy, storagePolicy } from "./storage-policy.js";

/** What `authorize` is told about a request that passed every check of the spec. */
export interface ProxyRequestContext {
  /** The incoming request: read the user's session from it. */
  request: Request;
  /** Which of the spec's operations it asks for. */
  operationId: ArtifactOperationId;
  /** The repository's owner, checked by the client's rule. */
  owner: string;
  /** The repository's name, checked by the client's rule. */
  repo: string;
  /**
   * Every path and query parameter that will be sent upstream, checked (integers as numbers, `true`/`false` as
   * booleans); nothing else is.
   */
  params: Record<string, string | number | boolean>;
}

/** Options of `createArtifactsProxy`. */
export interface ArtifactsProxyOptions {
  /**
   * The token sent upstream: a string, or a function of the incoming request (per-user session tokens). When there
   * is none (`undefined`, or the function returns `undefined`) the handler answers 401 and sends nothing upstream.
   * Default: none.
   */
  token?: string | ((request: Request) => string | undefined | Promise<string | undefined>) | undefined;
  /** GitHub's API root (GHES: `https://HOST/api/v3`). Default: `"https://api.github.com"`. */
  baseUrl?: string | undefined;
  /** Where the handler is mounted, e.g. `"/api/github"`; requests outside it are 404. Default: `""` (the root). */
  pathPrefix?: string | undefined;
  /**
   * Decides every request that passed the spec's checks; anything but `true` is 403 and nothing goes upstream.
   * Default: every read (the artifact operations' and the run listings' GETs) is allowed, `actions/delete-artifact`
   * is refused.
   */
  authorize?: ((ctx: ProxyRequestContext) => boolean | Promise<boolean>) | undefined;
  /** `"redirect"`: answer a download with 302 to the signed storage URL; `"stream"`: pass the bytes through. Default: `"redirect"`. */
  download?: "redirect" | "stream" | undefined;
  /** Origins besides the request's own from which a DELETE is accepted (e.g. `"https://app.example"`). Default: `[]`. */
  allowedOrigins?: readonly string[] | undefined;
  /**
   * The hosts the handler answers for (`"app.example"`, `"localhost:3000"`: a name without a port matches any port); a
   * request whose URL names another is 421 before any other check, which defeats DNS rebinding. Default: none, any
   * host (but `toNodeListener` on a loopback address accepts only loopback names).
   */
  allowedHosts?: readonly string[] | undefined;
  /**
   * The only storage hosts a download may lead to (`"storage.ghe.example"`; GHES), private addresses included.
   * Default: any `https:` host (`http:` too with an `http:` baseUrl), in stream mode no localhost or loopback,
   * link-local or private address literal unless `baseUrl` is one.
   */
  storageHosts?: readonly string[] | undefined;
  /** The `fetch` used for GitHub and the storage host. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /**
   * Limit in ms for an upstream answer (body included), for what `token` and `authorize` return to settle (504 past
   * it), and, when streaming, the longest pause between bytes; `0` for none. Default: `30_000`.
   */
  timeoutMs?: number | undefined;
  /** Largest upstream JSON body read, in bytes after decompression (a page of 100 artifacts is about 100 KB). Default: `8_388_608` (8 MiB). */
  maxResponseBytes?: number | undefined;
  /** Sent as `X-GitHub-Api-Version` when the browser sends none (it may send only a version the spec names). Default: the spec's, `"2022-11-28"`. */
  apiVersion?: string | undefined;
  /** Sent as `User-Agent` (the browser's is not passed on). Default: `"gh-artifacts-proxy/<version>"`. */
  userAgent?: string | undefined;
  /**
   * Told, once, what is behind every 5xx the handler answers with: a 500 (`token` or `authorize` threw) or a 502/504
   * (GitHub or storage unreachable, too slow, an answer too large or one it does not pass on, such as a download that
   * is no redirect), and a streamed download that breaks after its headers went out. An `Error` saying what happened
   * (the thrown error itself, when there is one), for your logs: the answer never quotes it, and it never holds the
   * token. GitHub's own error answers are passed on and not told, nor is a browser going away. What it returns or
   * throws is ignored. Default: none.
   */
  onError?: ((error: unknown, request: Request) => void) | undefined;
}

export interface ProxySettings {
  token: string | ((request: Request) => string | undefined | Promise<string | undefined>) | undefined;
  baseUrl: string;
  pathPrefix: string;
  authorize: (ctx: ProxyRequestContext) => boolean | Promise<boolean>;
  download: "redirect" | "stream";
  allowedOrigins: ReadonlySet<string>;
  allowedHosts: readonly HostRule[] | undefined;
  storage: StoragePolicy;
  fetch: (request: Request) => Promise<Response>;
  timeoutMs: number;
  maxResponseBytes: number;
  apiVersion: string;
  userAgent: string;
  onError: ((error: unknown, request: Request) => void) | undefined;
}

const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
// note: path segments made of characters that no encoding can spell another way, so comparing the raw path with the
// prefix is exact.
const PREFIX = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*$/;
const HEADER_VALUE = /^[\x20-\x7e]+$/;

const readsOnly = (ctx: ProxyRequestContext) => ctx.operationId !== "actions/delete-artifact";

function isFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") throw new InvalidInputError(name, "must be a function");
}

function resolveOrigins(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set();
  const rule = 'must be an array of origins such as "https://app.example" (scheme, host and port only)';
  if (!Array.isArray(value)) throw new InvalidInputError("allowedOrigins", rule);
  for (const origin of value) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {}
    if (typeof origin !== "string" || parsed?.origin !== origin) throw new InvalidInputError("allowedOrigins", rule);
  }
  return new Set(value);
}

/** Checks every option (InvalidInputError naming it) and fills the defaults. */
export function resolveProxyOptions(options: ArtifactsProxyOptions): ProxySettings {
  if (options === null || typeof options !== "object") throw new InvalidInputError("options", "must be an object");
  const { token, authorize, fetch, onError, download = "redirect" } = options;
  if (typeof token !== "function") checkToken(token);
  isFunction("authorize", authorize);
  isFunction("fetch", fetch);
  isFunction("onError", onError);
  if (download !== "redirect" && download !== "stream") {
    throw new InvalidInputError("download", 'must be "redirect" or "stream"');
  }
  const prefixOption: unknown = options.pathPrefix ?? "";
  // note: "/api/github/" and "/" mean "/api/github" and the root.
  const pathPrefix = typeof prefixOption === "string" ? prefixOption.replace(/\/+$/, "") : undefined;
  if (pathPrefix === undefined || !PREFIX.test(pathPrefix)) {
    throw new InvalidInputError(
      "pathPrefix",
      'must be "" or a path such as "/api/github": segments of letters, digits, ".", "_", "~" or "-", not starting with "."',
    );
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  validateInteger("timeoutMs", timeoutMs, 0, MAX_DELAY_MS);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  validateInteger("maxResponseBytes", maxResponseBytes, 1, MAX_DELAY_MS);
  const apiVersion = options.apiVersion ?? defaultApiVersion;
  if (typeof apiVersion !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(apiVersion)) {
    throw new InvalidInputError("apiVersion", "must be a date such as 2022-11-28");
  }
  const userAgent = options.userAgent ?? `gh-artifacts-proxy/${VERSION}`;
  if (typeof userAgent !== "string" || !HEADER_VALUE.test(userAgent)) {
    throw new InvalidInputError("userAgent", "must be a non-empty string of printable ASCII characters");
  }
  const baseUrl = resolveBaseUrl(options.baseUrl);
  return {
    token: typeof token === "function" ? token : checkToken(token),
    baseUrl,
    pathPrefix,
    authorize: authorize ?? readsOnly,
    download,
    allowedOrigins: resolveOrigins(options.allowedOrigins),
    allowedHosts: resolveHosts("allowedHosts", options.allowedHosts),
    storage: storagePolicy(baseUrl, resolveHosts("storageHosts", options.storageHosts), download === "stream"),
    fetch: fetch ?? ((request) => globalThis.fetch(request)),
    timeoutMs,
    maxResponseBytes,
    apiVersion,
    userAgent,
    onError,
  };
}

/** Hands `error` to `onError`, whose own failure must not turn a 502 into a crash. */
export function reportError(s: ProxySettings, error: unknown, request: Request): void {
  try {
    s.onError?.(error, request);
  } catch {
    // note: a logger that throws is the caller's bug; the browser still gets the answer it was going to get.
  }
}
