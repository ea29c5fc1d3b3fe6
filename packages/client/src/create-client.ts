import {
  type Artifact,
  type ArtifactList,
  type DeleteArtifactParams,
  type GetArtifactParams,
  type ListArtifactsForRepoParams,
  type ListWorkflowRunArtifactsParams,
  type ListWorkflowRunsForRepoParams,
  type ListWorkflowRunsParams,
  parameterRules,
  type WorkflowRun,
  type WorkflowRunList,
} from "@gh-artifacts/types";
import { resolveBaseUrl } from "./base-url.js";
import { artifactFrom, listFrom, runListFrom } from "./check-response.js";
import type { ArtifactRef } from "./download.js";
import { InvalidInputError, UnexpectedResponseError } from "./errors.js";
import { fingerprint } from "./fingerprint.js";
import { type RawSend, type ResponseObserver, registerInternals, WRAP_FETCH, type WrapFetch } from "./internals.js";
import { githubHeaders } from "./middleware/auth-headers.js";
import { errorFromResponse } from "./middleware/error-mapping.js";
import type { EtagCache } from "./middleware/etag-cache.js";
import {
  bodyBytes,
  createRetryingFetch,
  type RetryingFetch,
  type RetryOptions,
  resolveRetryOptions,
  wasRetried,
} from "./middleware/retry.js";
import { headerOf, Outgoing, type Sendable, withHeader } from "./outgoing.js";
import { collect, type FetchPage, type Listed, type PaginateOptions, paginate, paginatePages } from "./paginate.js";
import { isBrowser } from "./platform.js";
import { MAX_DELAY_MS } from "./rate-limit.js";
import { decoder } from "./read-body.js";
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
  /** Conditional requests (ETags), opted into with `createEtagCache(store?)`. Default: none. */
  cache?: EtagCache | undefined;
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
export type IterateWorkflowRunsForRepoParams = Omit<ListWorkflowRunsForRepoParams, "page"> & PaginationOptions;
export type IterateWorkflowRunsParams = Omit<ListWorkflowRunsParams, "page"> & PaginationOptions;

/**
 * The client: GitHub's artifact operations plus pagination. Downloads (`downloadArtifact(client, …)`,
 * `getArtifactDownloadUrl(client, …)`) and the typed openapi-fetch client (`rawClient(client)`) are functions to
 * import, so that a bundle which does not use them does not ship their code.
 */
export interface ArtifactsClient {
  /** `GET /repos/{owner}/{repo}/actions/artifacts`: one page. */
  listArtifactsForRepo(params: ListArtifactsForRepoParams & CallOptions): Promise<ArtifactList>;
  /** `GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts`: one page. */
  listWorkflowRunArtifacts(params: ListWorkflowRunArtifactsParams & CallOptions): Promise<ArtifactList>;
  /** `GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}`. */
  getArtifact(params: GetArtifactParams & CallOptions): Promise<Artifact>;
  /** `DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}`. */
  deleteArtifact(params: DeleteArtifactParams & CallOptions): Promise<void>;
  /** Every artifact of a repository, page after page (`per_page` defaults to 100 here). */
  iterateArtifactsForRepo(params: IterateArtifactsForRepoParams): AsyncGenerator<Artifact, void, undefined>;
  /** Every artifact of a repository, fetched with `concurrency` (default 4) pages in flight. */
  listAllArtifactsForRepo(params: IterateArtifactsForRepoParams): Promise<Artifact[]>;
  /** Every artifact of a workflow run, page after page. */
  iterateWorkflowRunArtifacts(params: IterateWorkflowRunArtifactsParams): AsyncGenerator<Artifact, void, undefined>;
  /** Every artifact of a workflow run, fetched with `concurrency` (default 4) pages in flight. */
  listAllWorkflowRunArtifacts(params: IterateWorkflowRunArtifactsParams): Promise<Artifact[]>;
  /** `GET /repos/{owner}/{repo}/actions/runs`: one page of a repository's workflow runs, newest first. */
  listWorkflowRunsForRepo(params: ListWorkflowRunsForRepoParams & CallOptions): Promise<WorkflowRunList>;
  /** `GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs`: one page of a workflow's runs (id or file name). */
  listWorkflowRuns(params: ListWorkflowRunsParams & CallOptions): Promise<WorkflowRunList>;
  /** Every workflow run of a repository, page after page (`per_page` defaults to 100 here). */
  iterateWorkflowRunsForRepo(params: IterateWorkflowRunsForRepoParams): AsyncGenerator<WorkflowRun, void, undefined>;
  /** Every workflow run of a repository, fetched with `concurrency` (default 4) pages in flight. */
  listAllWorkflowRunsForRepo(params: IterateWorkflowRunsForRepoParams): Promise<WorkflowRun[]>;
  /** Every run of a workflow, page after page (`per_page` defaults to 100 here). */
  iterateWorkflowRuns(params: IterateWorkflowRunsParams): AsyncGenerator<WorkflowRun, void, undefined>;
  /** Every run of a workflow, fetched with `concurrency` (default 4) pages in flight. */
  listAllWorkflowRuns(params: IterateWorkflowRunsParams): Promise<WorkflowRun[]>;
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
const REPO_RUNS = "/repos/{owner}/{repo}/actions/runs";
const WORKFLOW_RUNS = "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs";
/** The lists: each one's path template, and whether it holds workflow runs (`workflow_runs`) or artifacts. */
const LISTS = {
  "actions/list-artifacts-for-repo": [REPO_LIST, false],
  "actions/list-workflow-run-artifacts": [RUN_LIST, false],
  "actions/list-workflow-runs-for-repo": [REPO_RUNS, true],
  "actions/list-workflow-runs": [WORKFLOW_RUNS, true],
} as const;
const MAX_CONCURRENCY = 16;

const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
let instances = 0;

type Query = Record<string, string | number | boolean | undefined>;

const PATH_PARAM = /\{(\w+)\}/g;

/** `?name=value&…` of the defined values, encoded as openapi-fetch's default query serializer does. */
function search(query: Query): string {
  let out = "";
  for (const name in query) {
    const value = query[name];
    if (value !== undefined) out += `${out ? "&" : "?"}${name}=${encodeURIComponent(value)}`;
  }
  return out;
}

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
  const tokens = createTokenSource(options.token, timeoutMs);
  const fixedToken = tokens.provider ? undefined : (tokens.get() as string | undefined);
  const redact = createRedactor(tokens.recent);
  // note: fail closed: clients sharing a token function may still act for different users.
  let cacheScope =
    scopeOption ??
    (tokens.provider
      ? `client-${(++instances).toString(36)}-${Math.random().toString(36).slice(2)}`
      : fixedToken
        ? undefined
        : "anonymous");
  // note: a token's fingerprint (a SHA-256) is computed when something first reads it (a cache key, a query key),
  // not for every client made.
  const scope = () => (cacheScope ??= fingerprint(fixedToken as string));
  const retry = resolveRetryOptions(options.retry);
  const userFetch = options.fetch;
  // note: the platform's fetch takes the attempt's signal as `init`, which spares building one more Request
  // per call; a user's fetch gets a single Request, as openapi-fetch documents for its own `fetch` option.
  const sendAttempt = (request: Sendable, init?: { signal: AbortSignal }) => {
    if (request instanceof Request) {
      return userFetch ? userFetch(init ? new Request(request, init) : request) : globalThis.fetch(request, init);
    }
    const { method, url, headers } = request;
    const requestInit = { method, headers, signal: init?.signal ?? request.signal };
    return userFetch ? userFetch(new Request(url, requestInit)) : globalThis.fetch(url, requestInit);
  };
  const observers = new Set<ResponseObserver>();
  // note: a Set looked at per attempt; nothing more is done until something watches (watchRateLimit).
  const attempt = (request: Sendable, init?: { signal: AbortSignal }) =>
    observers.size
      ? sendAttempt(request, init).then(async (response) => {
          for (const observe of observers) await observe(response, request.method);
          return response;
        })
      : sendAttempt(request, init);
  const prefix = `${baseUrl}/`;
  // note: only ever for the API root: a storage URL never gets a token, fresh or not.
  const reauthorize = tokens.provider
    ? async (request: Sendable) => {
        const sent = headerOf(request, "authorization");
        if (!sent || !request.url.startsWith(prefix)) return undefined;
        const fresh = await tokens.get(request.signal ?? undefined);
        if (!fresh || sent === `Bearer ${fresh}`) return undefined;
        return withHeader(request, "authorization", `Bearer ${fresh}`);
      }
    : undefined;
  let fetch: RetryingFetch = createRetryingFetch({
    fetch: attempt,
    retry,
    timeoutMs,
    maxBodyBytes: maxResponseBytes,
    reauthorize,
    redact,
  });
  // note: archives stream; their bodies are bounded by the download code, not read here. The download request
  // itself goes through it too: a proxy in "stream" mode answers it with the archive instead of a redirect.
  const storageFetch = createRetryingFetch({ fetch: attempt, retry, timeoutMs, reauthorize, redact });
  if (options.cache) {
    // note: the cache brings its own code (the core never imports it), reached through a hook only it carries.
    const wrap = (options.cache as { [WRAP_FETCH]?: WrapFetch })[WRAP_FETCH];
    if (typeof wrap !== "function") throw new InvalidInputError("cache", "must be made by createEtagCache()");
    fetch = wrap(fetch, scopeOption || !tokens.provider ? scope : undefined);
  }

  const apiVersion = options.apiVersion ?? "2022-11-28";
  const userAgent = isBrowser() ? undefined : (options.userAgent ?? `gh-artifacts-client/${VERSION}`);
  // note: the typed methods send what the auth middleware sets, built once per client instead of per call.
  const common = githubHeaders(apiVersion, userAgent);
  const fixedHeaders = fixedToken ? { ...common, authorization: `Bearer ${fixedToken}` } : common;
  // note: once a user's middleware is added to `rawClient(client)`, the methods go through it so that it sees every
  // call (it is never told of a call it was not shown); until then they skip openapi-fetch's per-call work, which
  // `rawClient` exists for. `route` is how `rawClient` says so, and how its code stays out of bundles without it.
  let viaRaw: RawSend | undefined;

  /**
   * One call of a method, then the typed error for a failed one. Resolves the body text of a 2xx answer.
   * The request is the one `raw` would send (same URL, headers and fetch layers), built directly while no user
   * middleware is registered; see `viaRaw` for the other case.
   */
  async function send(
    method: "GET" | "DELETE",
    template: string,
    path: Record<string, string | number | undefined>,
    query: Query | undefined,
    signal: AbortSignal | undefined,
  ) {
    if (viaRaw) {
      const { url, response, body } = await viaRaw(method, template, { path, query }, signal);
      return settle(method, url, response, body);
    }
    let url = baseUrl + template.replace(PATH_PARAM, (_, name: string) => encodeURIComponent(path[name] as string));
    if (query) url += search(query);
    const token = tokens.provider ? await tokens.get(signal) : fixedToken;
    const headers = token === fixedToken ? fixedHeaders : { ...common, authorization: `Bearer ${token}` };
    // note: `true`: the body read (and bounded) inside the attempt is taken as bytes, not through the Response API
    // (see `serve` in retry.ts); an answer with no body read there (a 3xx, a 204, an ETag cache's) is read as usual.
    const response = await fetch(new Outgoing(method, url, token ? headers : common, signal), true);
    const bytes = bodyBytes(response);
    return settle(method, url, response, bytes ? decoder.decode(bytes) : await response.text());
  }

  /** The answer as the methods use it: `{ text, status, headers }` for a 2xx, the typed error otherwise. */
  function settle(method: "GET" | "DELETE", url: string, response: Response, body: unknown) {
    const { status } = response;
    // note: `headers`, not `link`: reading a header costs a µs or two, and only the lists want one.
    if (response.ok) return { text: body, status, headers: response.headers };
    // note: a DELETE retried after a 5xx or a dropped connection may have deleted on the first attempt.
    if (method === "DELETE" && status === 404 && wasRetried(response))
      return { text: undefined, status, headers: response.headers };
    if (status < 400) throw new UnexpectedResponseError(status, "not a success status");
    throw errorFromResponse(response, body, redact, { method, url });
  }

  type ListOperation = keyof typeof LISTS;
  type ListParams = Record<string, unknown> & CallOptions;
  const REPO_OP = "actions/list-artifacts-for-repo";
  const RUN_OP = "actions/list-workflow-run-artifacts";
  const REPO_RUNS_OP = "actions/list-workflow-runs-for-repo";
  const WORKFLOW_RUNS_OP = "actions/list-workflow-runs";

  /**
   * One page of a list, its parameters already checked. The path and query parameters are the ones the spec names
   * (`parameterRules`, in the spec's order), so nothing else is ever sent.
   */
  async function listPage(
    operationId: ListOperation,
    params: ListParams,
    page: number | undefined,
    signal?: AbortSignal,
  ) {
    const [template, runs] = LISTS[operationId];
    const path: Record<string, string | number | undefined> = {};
    const query: Query = {};
    for (const name in parameterRules[operationId]) {
      if (template.includes(`{${name}}`)) path[name] = params[name] as string | number;
      else query[name] = name === "page" ? page : (params[name] as Query[string]);
    }
    const { text, status, headers } = await send("GET", template, path, query, signal);
    const list = runs ? runListFrom(text, status) : listFrom(text, status);
    const items: Listed[] = runs ? (list as WorkflowRunList).workflow_runs : (list as ArtifactList).artifacts;
    return { list, items, headers, status };
  }

  /** The page source and options of a walk over a list; bad parameters throw here, at the call. */
  function plan(
    operationId: ListOperation,
    params: ListParams & PaginationOptions,
    defaultConcurrency: number,
  ): [FetchPage<Listed>, PaginateOptions] {
    validateParams(operationId, params);
    const concurrency = params.concurrency ?? defaultConcurrency;
    validateInteger("concurrency", concurrency, 1, MAX_CONCURRENCY);
    const perPage = (params.per_page as number | undefined) ?? parameterBounds(operationId, "per_page").maximum ?? 100;
    const query = { ...params, per_page: perPage };
    // note: the parameters were checked above and page numbers come from the paginator, so a page costs its request
    // and nothing more; `Link` is parsed only if the walk follows it.
    const fetchPage: FetchPage<Listed> = async (page, signal) => {
      const { list, items, headers, status } = await listPage(operationId, query, page, signal);
      return { items, total_count: list.total_count, link: headers.get("link"), status };
    };
    const noun = LISTS[operationId][1] ? "workflow runs" : "artifacts";
    return [fetchPage, { perPage, concurrency, signal: params.signal, noun }];
  }

  /** One page of a list (`listArtifactsForRepo`, `listWorkflowRuns`, …), its parameters checked. */
  async function onePage(operationId: ListOperation, params: object) {
    validateParams(operationId, params);
    const { page, signal } = params as { page?: number; signal?: AbortSignal };
    return (await listPage(operationId, params, page, signal)).list;
  }

  // note: the methods' parameter types are the spec's; the shared code above reads them as plain records.
  const each = <T>(operationId: ListOperation, params: object, concurrency: number) =>
    paginate(...(plan(operationId, params as ListParams, concurrency) as [FetchPage<T & Listed>, PaginateOptions]));
  const all = async <T>(operationId: ListOperation, params: object) =>
    collect(paginatePages(...(plan(operationId, params as ListParams, 4) as [FetchPage<T & Listed>, PaginateOptions])));

  const client: ArtifactsClient = {
    listArtifactsForRepo: (params) => onePage(REPO_OP, params) as Promise<ArtifactList>,
    listWorkflowRunArtifacts: (params) => onePage(RUN_OP, params) as Promise<ArtifactList>,
    async getArtifact(params) {
      validateParams("actions/get-artifact", params);
      const { owner, repo, artifact_id, signal } = params;
      const { text, status } = await send("GET", ONE, { owner, repo, artifact_id }, undefined, signal);
      return artifactFrom(text, status);
    },
    async deleteArtifact(params) {
      validateParams("actions/delete-artifact", params);
      const { owner, repo, artifact_id, signal } = params;
      await send("DELETE", ONE, { owner, repo, artifact_id }, undefined, signal);
    },
    // note: the iterators are checked at the call, before the generator starts, like every other method.
    iterateArtifactsForRepo: (params) => each<Artifact>(REPO_OP, params, 1),
    listAllArtifactsForRepo: (params) => all<Artifact>(REPO_OP, params),
    iterateWorkflowRunArtifacts: (params) => each<Artifact>(RUN_OP, params, 1),
    listAllWorkflowRunArtifacts: (params) => all<Artifact>(RUN_OP, params),
    listWorkflowRunsForRepo: (params) => onePage(REPO_RUNS_OP, params) as Promise<WorkflowRunList>,
    listWorkflowRuns: (params) => onePage(WORKFLOW_RUNS_OP, params) as Promise<WorkflowRunList>,
    iterateWorkflowRunsForRepo: (params) => each<WorkflowRun>(REPO_RUNS_OP, params, 1),
    listAllWorkflowRunsForRepo: (params) => all<WorkflowRun>(REPO_RUNS_OP, params),
    iterateWorkflowRuns: (params) => each<WorkflowRun>(WORKFLOW_RUNS_OP, params, 1),
    listAllWorkflowRuns: (params) => all<WorkflowRun>(WORKFLOW_RUNS_OP, params),
    baseUrl,
    get cacheScope() {
      return scope();
    },
  };
  registerInternals(client, {
    fetch,
    getToken: tokens.get,
    headers: common,
    route: (send) => {
      viaRaw = send;
    },
    storageFetch,
    redact,
    baseUrl,
    idleTimeoutMs: timeoutMs,
    observers,
  });
  return client;
}
