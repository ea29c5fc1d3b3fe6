// The proxy tests' upstream: @gh-artifacts/testing, the repository's one fake of GitHub, served on loopback by
// `startFakeGitHub` (paging and Link, ETag/304, rate-limit headers, get, delete, the download's 302, run listings
// are the world's). What GitHub never sends (an echoed token, a hostile Link or redirect, a body that is not JSON,
// stalls or never ends) is the test's `answer` through `intercept`; only what needs a socket (a connection cut
// before any answer or after a written part) is a script on node:http.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { type ArtifactsWorld, createArtifactsWorld } from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";
import { onTestFinished } from "vitest";
import { type ArtifactsProxyOptions, createArtifactsProxy } from "../../src/server/index.js";
import { startServer, type TestServer } from "../helpers.js";

export const TOKEN = "ghp_proxyServerToken000000000000000000000";
/** Where the handler is mounted in these tests. */
export const PREFIX = "/api/github";
/** The origin the handler's own URLs have when a test calls it directly. */
export const APP = "http://app.test";

/** What reached the fake GitHub: enough to assert that nothing did, or what exactly did. */
export interface UpstreamRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A script on node:http, for what only a socket can do. */
export type Respond = (req: IncomingMessage, res: ServerResponse, upstream: Upstream) => void;

export interface Upstream {
  url: string;
  requests: UpstreamRequest[];
  /** The world behind it; absent when a test scripts the answers on a socket. */
  world?: ArtifactsWorld;
  /** The world's storage host, where its download redirects (unless the test's `storage` says otherwise). */
  storageUrl?: string;
  server: Pick<TestServer, "url" | "close">;
}

/** What reached the fake GitHub's API, headers and all (the world keeps only the headers' names). */
const recorded = (request: Request): UpstreamRequest => {
  const url = new URL(request.url);
  return { method: request.method, url: `${url.pathname}${url.search}`, headers: Object.fromEntries(request.headers) };
};

/** The world the proxy tests start from. */
export interface WorldUpstreamOptions {
  /**
   * Where the download's 302 points instead of the world's storage host: a storage server of the test's own (what
   * it serves is then the test's script), or a URL the proxy must refuse. Default: the world's storage host.
   */
  storage?: string | undefined;
  /**
   * What the test answers instead of the world: a body or header GitHub never sends (an escaped URL, a token echoed
   * back, a hostile Link). `world` asks the world. Default: the world answers.
   */
  answer?: Answer | undefined;
}

/**
 * A test's own answer to a request that reached the fake GitHub; `world` is what the world would answer (with the
 * extra headers and the `storage` redirect of `startUpstream`).
 */
export type Answer = (request: Request, world: (request: Request) => Promise<Response>) => Response | Promise<Response>;

/**
 * `o/r` with artifacts 1 to 9 (listed newest first: 9 to 1; 1 to 3 uploaded by run 42 of workflow 42, `ci.yml`, so
 * a run's list has a second page at `per_page=2`; the others of no run, so run 42 is the only one), and the
 * repositories `mine/r` and `oct-o/my.repo_-1`, empty.
 */
function proxyWorld(): ArtifactsWorld {
  const world = createArtifactsWorld();
  for (const repo of ["mine/r", "oct-o/my.repo_-1"]) {
    const [owner = "", name = ""] = repo.split("/");
    world.addRepository({ owner, name });
  }
  const run = world.addWorkflowRun({ repo: "o/r", id: 42, workflow: "ci.yml", workflowId: 42 });
  for (let id = 1; id <= 9; id++) {
    world.addArtifact({
      repo: "o/r",
      id,
      name: `artifact-${id}`,
      // note: 4 KiB of bytes, so a download can break or stall partway.
      bytes: new Uint8Array(4096).fill(id),
      ...(id <= 3 ? { runId: run.id } : { branch: null }),
    });
  }
  return world;
}

/**
 * A loopback fake GitHub: `respond`, a script of the test's own on node:http for what only a socket can do (a
 * connection reset, a body written in parts or never ended, a status line GitHub never sends), or, by default,
 * @gh-artifacts/testing's world (see `proxyWorld`) served by `startFakeGitHub`, with what the proxy must strip and
 * GitHub may add on top: a `Set-Cookie` and `X-OAuth-Scopes`. Records every API request; closed when the test
 * finishes.
 */
export async function startUpstream(respond: Respond | WorldUpstreamOptions = {}): Promise<Upstream> {
  if (typeof respond === "function") return startScripted(respond);
  const requests: UpstreamRequest[] = [];
  const world = proxyWorld();
  let api = "";
  const fake = await startFakeGitHub({
    world,
    intercept: async (request, next) => {
      if (!request.url.startsWith(`${api}/`)) return next(request);
      requests.push(recorded(request));
      const answered = async (request: Request) => {
        const answer = await next(request);
        const headers = new Headers(answer.headers);
        headers.set("set-cookie", "logged_in=no; Path=/");
        headers.set("x-oauth-scopes", "repo");
        if (respond.storage !== undefined && headers.has("location")) headers.set("location", respond.storage);
        return new Response(answer.body, { status: answer.status, headers });
      };
      return respond.answer ? respond.answer(request, answered) : answered(request);
    },
  });
  api = fake.url;
  onTestFinished(() => fake.stop());
  return {
    url: fake.url,
    storageUrl: fake.storageUrl,
    requests,
    world,
    server: { url: fake.url, close: () => fake.stop() },
  };
}

/** A loopback server that answers with `respond` and records every request; closed when the test finishes. */
async function startScripted(respond: Respond): Promise<Upstream> {
  const requests: UpstreamRequest[] = [];
  const upstream = {} as Upstream;
  const server = await startServer((req, res) => {
    requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    respond(req, res, upstream);
  });
  Object.assign(upstream, { url: server.url, requests, server });
  onTestFinished(() => server.close());
  return upstream;
}

/** The handler in front of `upstream`, mounted at `PREFIX`, with the test token. */
export function proxyFor(upstream: Upstream, options: ArtifactsProxyOptions = {}) {
  return createArtifactsProxy({ token: TOKEN, baseUrl: upstream.url, pathPrefix: PREFIX, ...options });
}

/** Calls the handler as a platform would: `path` under `APP`, with `init`. */
export function call(handler: (request: Request) => Promise<Response>, path: string, init: RequestInit = {}) {
  return handler(new Request(`${APP}${path}`, init));
}

/** Every header of a response, and its body, as one string: where a leaked token would show. */
export async function everything(response: Response): Promise<string> {
  return `${JSON.stringify([...response.headers])}\n${await response.text()}`;
}

/**
 * A storage host of the test's own on loopback, scripted by `serve` (headers, names and bodies a storage host may
 * send, a stall or a cut), recording what it was sent; closed when the test finishes. `url`: a signed URL, for
 * `startUpstream({ storage })`. A plain download is the world's storage host's.
 */
export async function startStorage(serve: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: IncomingMessage[] = [];
  const server = await startServer((req, res) => {
    seen.push(req);
    serve(req, res);
  });
  onTestFinished(() => server.close());
  return { server, seen, url: `${server.url}/blob/7.zip?sig=s3cr3t&se=2030` };
}

/** Resolves when the connection `req` came on is closed (by either side, for any reason). */
export const closedOf = (req: IncomingMessage) =>
  new Promise<void>((resolve) => req.socket.once("close", () => resolve()));
