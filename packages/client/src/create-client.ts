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
import {
  type ArtifactDownload,
  type ArtifactRef,
  type DownloadContext,
  type DownloadOptions,
  downloadArtifact,
  getArtifactDownloadUrl,
} from "./download.js";
import { InvalidInputError } from "./errors.js";
import { createAuthHeaders } from "./middleware/auth-headers.js";
import { createErrorMapping } from "./middleware/error-mapping.js";
import { type CacheStore, createEtagCache, createMemoryStore, credentialId } from "./middleware/etag-cache.js";
import { createRetryingFetch, DEFAULT_RETRY, type RetryOptions } from "./middleware/retry.js";
import { collect, type FetchPage, nextPageFromLink, paginate } from "./paginate.js";
import { isBrowser } from "./platform.js";
import { createRedactor } from "./redact.js";
import { parameterBounds, validateInteger, validateParams } from "./validate.js";
import { VERSION } from "./version.js";

/** Options of `createArtifactsClient`; all are optional. */
export interface ArtifactsClientOptions {
  /** A GitHub token, sent as `Authorization: Bearer` to `baseUrl` only. Default: none (anonymous, public data). */
  token?: string | undefined;
  /** The REST API root; a GHES root is `https://HOST/api/v3`. Default: `"https://api.github.com"`. */
  baseUrl?: string | undefined;
  /** Sent as `X-GitHub-Api-Version`. Default: `"2022-11-28"`. */
  apiVersion?: string | undefined;
  /** Sent as `User-Agent` outside browsers (which forbid it). Default: `"gh-artifacts-client/<version>"`. */
  userAgent?: string | undefined;
  /** The `fetch` to use. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /** Retry policy, or `false` for a single attempt. Default: `true` (3 retries, see `RetryOptions`). */
  retry?: boolean | RetryOptions | undefined;
  /** Per-attempt limit in ms until the response headers arrive; `0` for none. Default: `30_000`. */
  timeoutMs?: number | undefined;
  /** Conditional requests: `true` keeps ETags in memory per client, or pass a `CacheStore`. Default: `false`. */
  cache?: boolean | CacheStore | undefined;
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
  /** The REST API root this client talks to, without a trailing slash (cache keys are scoped by it). */
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

function resolveBaseUrl(value: string | undefined): string {
  const raw = value ?? "https://api.github.com";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidInputError("baseUrl", "must be an absolute http(s) URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidInputError("baseUrl", "must be an absolute http(s) URL");
  }
  return raw.replace(/\/+$/, "");
}

/** Creates a client. Nothing is sent until a method is called. */
export function createArtifactsClient(options: ArtifactsClientOptions = {}): ArtifactsClient {
  const baseUrl = resolveBaseUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 30_000;
  validateInteger("timeoutMs", timeoutMs, 0, 2 ** 31 - 1);
  // note: the token lives only in this closure; no object the client exposes holds it.
  const token = options.token;
  const getToken = () => token;
  const retry =
    options.retry === false ? false : { ...DEFAULT_RETRY, ...(options.retry === true ? {} : options.retry) };
  if (retry) {
    validateInteger("retry.retries", retry.retries, 0, 100);
    for (const key of ["baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
      validateInteger(`retry.${key}`, retry[key], 0, Number.MAX_SAFE_INTEGER);
    }
  }
  const userFetch = options.fetch;
  const fetch = createRetryingFetch({
    // note: the platform's fetch takes the attempt's signal as `init`, which spares building one more Request
    // per call; a user's fetch gets a single Request, as openapi-fetch documents for its own `fetch` option.
    fetch: (request, init) =>
      userFetch ? userFetch(init ? new Request(request, init) : request) : globalThis.fetch(request, init),
    retry,
    timeoutMs,
  });

  const raw = createClient<paths>({ baseUrl, fetch });
  raw.use(
    createAuthHeaders({
      getToken,
      baseUrl,
      apiVersion: options.apiVersion ?? "2022-11-28",
      userAgent: isBrowser() ? undefined : (options.userAgent ?? `gh-artifacts-client/${VERSION}`),
    }),
  );
  if (options.cache) {
    const store = options.cache === true ? createMemoryStore() : options.cache;
    let identity: Promise<string> | undefined;
    raw.use(createEtagCache(store, () => (identity ??= credentialId(token))));
  }
  const redact = createRedactor(() => (token ? [token] : []));
  const errorMapping = createErrorMapping(redact);
  const middleware = [errorMapping];
  const downloads: DownloadContext = { raw, storageFetch: fetch, redact, baseUrl };

  async function listArtifactsForRepo(params: ListArtifactsForRepoParams & CallOptions) {
    return (await repoPage(params, params.page)).list;
  }
  async function repoPage(params: ListArtifactsForRepoParams & CallOptions, page: number | undefined) {
    const all = { ...params, page };
    validateParams("actions/list-artifacts-for-repo", all);
    const { owner, repo, per_page, name, signal } = all;
    const { data, response } = await raw.GET(REPO_LIST, {
      params: { path: { owner, repo }, query: { per_page, page, name } },
      signal,
      middleware,
    });
    return { list: data as ArtifactList, link: response.headers.get("link") };
  }

  async function listWorkflowRunArtifacts(params: ListWorkflowRunArtifactsParams & CallOptions) {
    return (await runPage(params, params.page)).list;
  }
  async function runPage(params: ListWorkflowRunArtifactsParams & CallOptions, page: number | undefined) {
    const all = { ...params, page };
    validateParams("actions/list-workflow-run-artifacts", all);
    const { owner, repo, run_id, per_page, name, direction, signal } = all;
    const { data, response } = await raw.GET(RUN_LIST, {
      params: { path: { owner, repo, run_id }, query: { per_page, page, name, direction } },
      signal,
      middleware,
    });
    return { list: data as ArtifactList, link: response.headers.get("link") };
  }

  type Lister<P> = (params: P, page: number | undefined) => Promise<{ list: ArtifactList; link: string | null }>;
  function iterate<P extends { per_page?: number; signal?: AbortSignal | undefined; concurrency?: number | undefined }>(
    operationId: "actions/list-artifacts-for-repo" | "actions/list-workflow-run-artifacts",
    lister: Lister<P>,
    params: P,
    defaultConcurrency: number,
  ): AsyncGenerator<Artifact, void, undefined> {
    // note: checked before the generator starts, so a bad value throws at the call, like every other method.
    validateParams(operationId, params);
    const concurrency = params.concurrency ?? defaultConcurrency;
    validateInteger("concurrency", concurrency, 1, MAX_CONCURRENCY);
    const perPage = params.per_page ?? parameterBounds(operationId, "per_page").maximum ?? 100;
    const fetchPage: FetchPage = async (page, signal) => {
      const { list, link } = await lister({ ...params, per_page: perPage, signal }, page);
      const total = (list as { total_count?: unknown }).total_count;
      return {
        artifacts: Array.isArray(list?.artifacts) ? list.artifacts : [],
        total_count: typeof total === "number" ? total : undefined,
        next: nextPageFromLink(link),
      };
    };
    return paginate(fetchPage, { perPage, concurrency, signal: params.signal });
  }

  const client: ArtifactsClient = {
    listArtifactsForRepo,
    listWorkflowRunArtifacts,
    async getArtifact(params) {
      validateParams("actions/get-artifact", params);
      const { owner, repo, artifact_id, signal } = params;
      const { data } = await raw.GET(ONE, { params: { path: { owner, repo, artifact_id } }, signal, middleware });
      return data as Artifact;
    },
    async deleteArtifact(params) {
      validateParams("actions/delete-artifact", params);
      const { owner, repo, artifact_id, signal } = params;
      await raw.DELETE(ONE, { params: { path: { owner, repo, artifact_id } }, signal, middleware });
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
    iterateArtifactsForRepo: (params) => iterate("actions/list-artifacts-for-repo", repoPage, params, 1),
    listAllArtifactsForRepo: async (params) => collect(iterate("actions/list-artifacts-for-repo", repoPage, params, 4)),
    iterateWorkflowRunArtifacts: (params) => iterate("actions/list-workflow-run-artifacts", runPage, params, 1),
    listAllWorkflowRunArtifacts: async (params) =>
      collect(iterate("actions/list-workflow-run-artifacts", runPage, params, 4)),
    raw,
    baseUrl,
    // TODO(identity): a one-way fingerprint of the token (see issue item 8); placeholder until then.
    cacheScope: token ? "token" : "anonymous",
  };
  return client;
}
