import type {
  Artifact,
  ArtifactList,
  DeleteArtifactParams,
  GetArtifactParams,
  ListArtifactsForRepoParams,
  ListWorkflowRunArtifactsParams,
  paths,
} from "@gh-artifacts/types";
import createClient, { type Client } from "openapi-fetch";
import { resolveBaseUrl } from "./base-url.js";
import { artifactFrom, listFrom } from "./check-response.js";
import {
  type ArtifactDownload,
  type ArtifactRef,
  type DownloadContext,
  type DownloadOptions,
  downloadArtifact,
  getArtifactDownloadUrl,
} from "./download.js";
import { InvalidInputError, UnexpectedResponseError } from "./errors.js";
import { fingerprint } from "./fingerprint.js";
import { createAuthHeaders } from "./middleware/auth-headers.js";
import { errorFromResponse } from "./middleware/error-mapping.js";
import { type CacheStore, createEtagCache, createMemoryStore } from "./middleware/etag-cache.js";
import {
  createRetryingFetch,
  type RetryingFetch,
  type RetryOptions,
  resolveRetryOptions,
  wasRetried,
} from "./middleware/retry.js";
import { collect, type FetchPage, nextPageFromLink, paginate } from "./paginate.js";
import { isBrowser } from "./platform.js";
import { MAX_DELAY_MS } from "./rate-limit.js";
import { createRedactor } from "./redact.js";
import { createTokenSource, type TokenOption } from "./token.js";
import { parameterBounds, validateInteger, validateParams } from "./validate.js";
import { VERSION } from "./version.js";

/** Options of `createArtifactsClient`; all are optional. */
export interface ArtifactsClientOptions {
  /** A token, or a function asked for one before each request and after a 401; sent only to `baseUrl`. Default: none */
  token?: TokenOption;
  /** The REST API root (GHES: `https://HOST/api/v3`; relative in browsers only). Default: `"https://api.github.com"` */
  baseUrl?: string | undefined;
  /** Sent as `X-GitHub-Api-Version`. Default: `"2022-11-28"`. */
  apiVersion?: string | undefined;
  /** Sent as `User-Agent` outside browsers (which forbid it). Default: `"gh-artifacts-client/<version>"`. */
  userAgent?: string | undefined;
  /** The `fetch` to use. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /** Retry policy, or `false` for a single attempt. Default: `true` (3 retries, see `RetryOptions`). */
  retry?: boolean | RetryOptions | undefined;
  /** Per-attempt limit in ms for an API answer, body included, and the longest pause between archive bytes; `0` for none. Default: `30_000`. */
  timeoutMs?: number | undefined;
  /** Conditional requests: `true` keeps ETags in memory per client, or pass a `CacheStore`. Default: `false`. */
  cache?: boolean | CacheStore | undefined;
  /** Largest API response body read, in bytes after decompression. Default: `33_554_432` (32 MiB). */
  maxResponseBytes?: number | undefined;
  /** Who is asking, for cache keys (pass one with a token function on a server). Default: derived from `token`. */
  cacheScope?: string | undefined;
}

/** Per-call options, given in the same object as the parameters. */
export interface CallOptions {
  /** Cancels the call, including any wait between retries. */
  signal?: AbortSignal | undefined;
}

/** Options of the paginating methods. */
export interface PaginationOptions extends CallOptions {
  /** Pages requested at once when `total_count` allows planning ahead. Default: `1` for iterators, `4` for `listAll*`. */
  concurrency?: number | undefined;
}

export type ArtifactCallParams = ArtifactRef & CallOptions;
export type IterateArtifactsForRepoParams = Omit<ListArtifactsForRepoParams, "page"> & PaginationOptions;
export type IterateWorkflowRunArtifactsParams = Omit<ListWorkflowRunArtifactsParams, "page"> & PaginationOptions;

/** The client: GitHub's five artifact operations plus pagination and downloads. */
export interface ArtifactsClient {
  /** `GET /repos/{owner}/{repo}/actions/artifacts`: one page. */
  listArtifactsForRepo(params: ListArtifactsForRepoParams & CallOptions): Promise<ArtifactList>;
  /** `GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts`: one page. */
  listWorkflowRunArtifacts(params: ListWorkflowRunArtifactsParams & CallOptions): Promise<ArtifactList>;
  /** `GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}`. */
  getArtifact(params: GetArtifactParams & CallOptions): Promise<Artifact>;
  /** `DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}`. */
  deleteArtifact(params: DeleteArtifactParams & CallOptions): Promise<void>;
  /** The signed URL of the zip archive; it expires about a minute after it is issued. */
  getArtifactDownloadUrl(params: ArtifactCallParams): Promise<URL>;
  /** Starts downloading the zip archive; the token is never sent to the storage host. */
  downloadArtifact(params: ArtifactRef & DownloadOptions): Promise<ArtifactDownload>;
  /** Every artifact of a repository, page after page (`per_page` defaults to 100 here). */
  iterateArtifactsForRepo(params: IterateArtifactsForRepoParams): AsyncGenerator<Artifact, void, undefined>;
  /** Every artifact of a repository, fetched with `concurrency` (default 4) pages in flight. */
  listAllArtifactsForRepo(params: IterateArtifactsForRepoParams): Promise<Artifact[]>;
  /** Every artifact of a workflow run, page after page. */
  iterateWorkflowRunArtifacts(params: IterateWorkflowRunArtifactsParams): AsyncGenerator<Artifact, void, undefined>;
  /** Every artifact of a workflow run, fetched with `concurrency` (default 4) pages in flight. */
  listAllWorkflowRunArtifacts(params: IterateWorkflowRunArtifactsParams): Promise<Artifact[]>;
  /** The typed openapi-fetch client, with our headers, retries and cache, returning `{ data, error, response }`. */
  readonly raw: Client<paths>;
  /** The REST API root this client talks to, normalized and absolute, without a trailing slash (cache keys use it). */
  readonly baseUrl: string;
  /**
   * Who is asking, as a one-way name that never holds the token: query keys and ETag entries are scoped by it so
   * two identities never share cached data; the same token (or `cacheScope`) gives the same value everywhere.
   */
  readonly cacheScope: string;
}

const REPO_LIST = "/repos/{owner}/{repo}/actions/artifacts";
const RUN_LIST = "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts";
const ONE = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}";
const MAX_CONCURRENCY = 16;

const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
let instances = 0;

type Call = (path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** Creates a client. Nothing is sent until a method is called. */
export function createArtifactsClient(options: ArtifactsClientOptions = {}): ArtifactsClient {
  const baseUrl = resolveBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 30_000;
  validateInteger("timeoutMs", timeoutMs, 0, MAX_DELAY_MS);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // note: the same 2^31-1 bound as a timer's, named once; the limit itself is unchanged.
  validateInteger("maxResponseBytes", maxResponseBytes, 1, MAX_DELAY_MS);
  const scopeOption = options.cacheScope;
  if (scopeOption !== undefined && (typeof scopeOption !== "string" || !scopeOption)) {
    throw new InvalidInputError("cacheScope", "must be a non-empty string");
  }
  // note: tokens live only in this closure and the token source's; no object the client exposes holds one.
  const tokens = createTokenSource(options.token);
  const fixedToken = tokens.provider ? undefined : (tokens.get() as string | undefined);
  const cacheScope =
    scopeOption ??
    (tokens.provider
      ? // note: fail closed: clients sharing a token function may still act for different users.
        `client-${(++instances).toString(36)}-${Math.random().toString(36).slice(2)}`
      : fixedToken
        ? fingerprint(fixedToken)
        : "anonymous");
  const retry = resolveRetryOptions(options.retry);
  const userFetch = options.fetch;
  // note: the platform's fetch takes the attempt's signal as `init`, which spares building one more Request
  // per call; a user's fetch gets a single Request, as openapi-fetch documents for its own `fetch` option.
  const attempt = (request: Request, init?: { signal: AbortSignal }) =>
    userFetch ? userFetch(init ? new Request(request, init) : request) : globalThis.fetch(request, init);
  const prefix = `${baseUrl}/`;
  let fetch: RetryingFetch = createRetryingFetch({
    fetch: attempt,
    retry,
    timeoutMs,
    maxBodyBytes: maxResponseBytes,
    reauthorize: tokens.provider
      ? async (request) => {
          const sent = request.headers.get("authorization");
          if (!sent || !request.url.startsWith(prefix)) return undefined;
          const fresh = await tokens.get();
          if (!fresh || sent === `Bearer ${fresh}`) return undefined;
          const next = new Request(request);
          next.headers.set("authorization", `Bearer ${fresh}`);
          return next;
        }
      : undefined,
  });
  // note: archives stream; their bodies are bounded by the download code, not read here.
  const storageFetch = createRetryingFetch({ fetch: attempt, retry, timeoutMs });
  if (options.cache) {
    const store = options.cache === true ? createMemoryStore() : options.cache;
    let lastHeader: string | null = null;
    let lastScope = "anonymous";
    // note: with a token function the key follows the token actually sent, so a shared store never mixes users.
    const scopeOf = (request: Request) => {
      if (scopeOption || !tokens.provider) return cacheScope;
      const header = request.headers.get("authorization");
      if (header !== lastHeader) {
        lastHeader = header;
        lastScope = header ? fingerprint(header.slice(7)) : "anonymous";
      }
      return lastScope;
    };
    fetch = createEtagCache(store, scopeOf, fetch);
  }

  const raw = createClient<paths>({ baseUrl, fetch });
  raw.use(
    createAuthHeaders(
      tokens.get,
      prefix,
      options.apiVersion ?? "2022-11-28",
      isBrowser() ? undefined : (options.userAgent ?? `gh-artifacts-client/${VERSION}`),
    ),
  );
  const redact = createRedactor(tokens.recent);
  const downloads: DownloadContext = { raw, storageFetch, redact, baseUrl, idleTimeoutMs: timeoutMs };

  /**
   * One call of a method: `raw` without extra middleware (so `raw.use()` middleware sees every answer), then the
   * typed error for a failed one. Resolves the body text of a 2xx answer.
   */
  async function send(method: "GET" | "DELETE", path: string, init: object) {
    let url = "";
    const { data, error, response } = await (raw[method] as Call)(path, {
      ...init,
      parseAs: "text",
      // note: the URL errors quote; a Response built by a user's fetch (or from a buffered body) knows none.
      fetch: (request: Request) => {
        url = request.url;
        return fetch(request);
      },
    });
    const { status } = response;
    if (response.ok) return { text: data, status, link: response.headers.get("link") };
    // note: a DELETE retried after a 5xx or a dropped connection may have deleted on the first attempt.
    if (method === "DELETE" && status === 404 && wasRetried(response)) return { text: undefined, status, link: null };
    if (status < 400) throw new UnexpectedResponseError(status, "not a success status");
    throw errorFromResponse(response, error, redact, { method, url });
  }

  type ListOperation = "actions/list-artifacts-for-repo" | "actions/list-workflow-run-artifacts";
  type ListParams = (ListArtifactsForRepoParams | ListWorkflowRunArtifactsParams) & CallOptions;
  const REPO_OP = "actions/list-artifacts-for-repo";

  /** One page of either list; only the parameters the operation's spec names are sent. */
  async function listPage(operationId: ListOperation, params: ListParams, page: number | undefined) {
    const all = { ...params, page };
    validateParams(operationId, all);
    const { owner, repo, run_id, per_page, name, direction, signal } = all as ListWorkflowRunArtifactsParams &
      CallOptions;
    const ofRepo = operationId === REPO_OP;
    const { text, status, link } = await send("GET", ofRepo ? REPO_LIST : RUN_LIST, {
      params: {
        path: { owner, repo, run_id },
        query: { per_page, page, name, direction: ofRepo ? undefined : direction },
      },
      signal,
    });
    return { list: listFrom(text, status), link, status };
  }

  function iterate(
    operationId: ListOperation,
    params: ListParams & PaginationOptions,
    defaultConcurrency: number,
  ): AsyncGenerator<Artifact, void, undefined> {
    // note: checked before the generator starts, so a bad value throws at the call, like every other method.
    validateParams(operationId, params);
    const concurrency = params.concurrency ?? defaultConcurrency;
    validateInteger("concurrency", concurrency, 1, MAX_CONCURRENCY);
    const perPage = params.per_page ?? parameterBounds(operationId, "per_page").maximum ?? 100;
    const fetchPage: FetchPage = async (page, signal) => {
      const { list, link, status } = await listPage(operationId, { ...params, per_page: perPage, signal }, page);
      // note: the page's other fields ride along unread; `next` and `status` are ours.
      return { ...list, next: nextPageFromLink(link), status };
    };
    return paginate(fetchPage, { perPage, concurrency, signal: params.signal });
  }

  const client: ArtifactsClient = {
    listArtifactsForRepo: async (params) => (await listPage(REPO_OP, params, params.page)).list,
    listWorkflowRunArtifacts: async (params) =>
      (await listPage("actions/list-workflow-run-artifacts", params, params.page)).list,
    async getArtifact(params) {
      validateParams("actions/get-artifact", params);
      const { owner, repo, artifact_id, signal } = params;
      const { text, status } = await send("GET", ONE, { params: { path: { owner, repo, artifact_id } }, signal });
      return artifactFrom(text, status);
    },
    async deleteArtifact(params) {
      validateParams("actions/delete-artifact", params);
      const { owner, repo, artifact_id, signal } = params;
      await send("DELETE", ONE, { params: { path: { owner, repo, artifact_id } }, signal });
    },
    async getArtifactDownloadUrl(params) {
      validateParams("actions/download-artifact", { ...params, archive_format: "zip" });
      return getArtifactDownloadUrl(downloads, params, params.signal);
    },
    async downloadArtifact(params) {
      validateParams("actions/download-artifact", { ...params, archive_format: "zip" });
      if (params.expectedSize !== undefined)
        validateInteger("expectedSize", params.expectedSize, 0, Number.MAX_SAFE_INTEGER);
      return downloadArtifact(downloads, params, params);
    },
    iterateArtifactsForRepo: (params) => iterate(REPO_OP, params, 1),
    listAllArtifactsForRepo: async (params) => collect(iterate(REPO_OP, params, 4)),
    iterateWorkflowRunArtifacts: (params) => iterate("actions/list-workflow-run-artifacts", params, 1),
    listAllWorkflowRunArtifacts: async (params) => collect(iterate("actions/list-workflow-run-artifacts", params, 4)),
    raw,
    baseUrl,
    cacheScope,
  };
  return client;
}
