import type { IncomingMessage, ServerResponse } from "node:http";
import type { paths } from "@gh-artifacts/types";
import createClient from "openapi-fetch";
import { createAuthHeaders } from "../../src/middleware/auth-headers.js";
import { errorFromResponse } from "../../src/middleware/error-mapping.js";
import { createRetryingFetch, type RetryOptions, resolveRetryOptions } from "../../src/middleware/retry.js";
import { createRedactor } from "../../src/redact.js";
import { startServer, type TestServer } from "../helpers.js";

export const MiB = 1024 * 1024;

export interface NetworkClientOptions {
  token?: string;
  /** Every secret the redactor hides (a token provider hands out several); defaults to `[token]`. */
  secrets?: string[];
  retry?: boolean | RetryOptions;
  timeoutMs?: number;
  maxResponseBytes?: number;
  reauthorize?: (request: Request) => Promise<Request | undefined>;
}

/**
 * The API path of the client as it is wired in `createArtifactsClient`: openapi-fetch on the retrying fetch (with
 * `maxBodyBytes`), GitHub's headers, and `errorFromResponse` after the call. It runs the platform's own fetch
 * against a loopback server, so undici's errors, decompression and framing are the real ones.
 */
export function networkClient(baseUrl: string, options: NetworkClientOptions = {}) {
  const { token } = options;
  const fetch = createRetryingFetch({
    fetch: (request, init) => globalThis.fetch(request, init),
    retry: resolveRetryOptions(options.retry ?? false),
    timeoutMs: options.timeoutMs ?? 30_000,
    maxBodyBytes: options.maxResponseBytes ?? 32 * MiB,
    reauthorize: options.reauthorize,
  });
  const raw = createClient<paths>({ baseUrl, fetch });
  raw.use(createAuthHeaders({ getToken: () => token, baseUrl, apiVersion: "2022-11-28", userAgent: "fault-tests" }));
  const redact = createRedactor(() => options.secrets ?? (token ? [token] : []));
  const ONE = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}" as const;
  return {
    raw,
    fetch,
    async getArtifact(params: { artifact_id?: number; signal?: AbortSignal } = {}) {
      const path = { owner: "o", repo: "r", artifact_id: params.artifact_id ?? 1 };
      const { data, error, response } = await raw.GET(ONE, { params: { path }, signal: params.signal });
      if (!response.ok) throw errorFromResponse(response, error, redact, { method: "GET", url: response.url });
      return data;
    },
    async listArtifactsForRepo(params: { page?: number; signal?: AbortSignal } = {}) {
      const { data, error, response } = await raw.GET("/repos/{owner}/{repo}/actions/artifacts", {
        params: { path: { owner: "o", repo: "r" }, query: { page: params.page } },
        signal: params.signal,
      });
      if (!response.ok) throw errorFromResponse(response, error, redact, { method: "GET", url: response.url });
      return data;
    },
  };
}

/** What a handler gets: the request, the response, and how many requests came before it. */
export type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => void;

const open = new Set<TestServer>();

/** A loopback server answering the n-th request with `handlers[n]` (the last one repeats); see `closeServers`. */
export async function serveSequence(...handlers: Handler[]): Promise<TestServer> {
  let n = 0;
  const server = await startServer((req, res) => {
    const index = n++;
    (handlers[Math.min(index, handlers.length - 1)] as Handler)(req, res, index);
  });
  open.add(server);
  return server;
}

/** Closes every server `serveSequence` started (for `afterEach`). */
export async function closeServers(): Promise<void> {
  const all = [...open];
  open.clear();
  await Promise.all(all.map((server) => server.close()));
}

/** Answers with JSON and the given status and headers. */
export function sendJson(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };
}

export const ARTIFACT = {
  id: 1,
  node_id: "MDg6QXJ0aWZhY3Qx",
  name: "artifact-1",
  size_in_bytes: 100,
  url: "http://127.0.0.1/repos/o/r/actions/artifacts/1",
  archive_download_url: "http://127.0.0.1/repos/o/r/actions/artifacts/1/zip",
  expired: false,
  created_at: "2024-01-01T00:00:00Z",
  expires_at: "2024-04-01T00:00:00Z",
  updated_at: "2024-01-01T00:00:00Z",
  digest: null,
  workflow_run: null,
};

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
