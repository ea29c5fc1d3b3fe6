import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { onTestFinished } from "vitest";
import { type ArtifactsProxyOptions, createArtifactsProxy } from "../../src/server/index.js";
import { artifact, startServer, type TestServer } from "../helpers.js";

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

export type Respond = (req: IncomingMessage, res: ServerResponse, upstream: Upstream) => void;

export interface Upstream {
  url: string;
  requests: UpstreamRequest[];
  server: TestServer;
}

/** The ETag the fake GitHub gives its list page; a request that sends it back gets 304. */
export const LIST_ETAG = '"list-etag-1"';

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(body));

/**
 * GitHub as far as the proxy needs it: the list (page 1 of 2, with GitHub's `/repositories/ID/` links, an ETag and
 * rate-limit headers), one artifact, delete (204), the download's 302 to `storage` (or a placeholder), and the two
 * run listings (one run).
 */
export function githubLike(storage = "https://storage.test/blob/1.zip?sig=abc"): Respond {
  return (req, res, upstream) => {
    const url = new URL(req.url ?? "/", upstream.url);
    const common = {
      "x-github-request-id": "ABCD:1234",
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": "1700000000",
      "x-ratelimit-used": "1",
      "x-ratelimit-resource": "core",
      "cache-control": "private, max-age=60, s-maxage=60",
      "access-control-allow-origin": "*",
      "set-cookie": "logged_in=no; Path=/",
      "x-oauth-scopes": "repo",
    };
    if (/^\/repos\/[^/]+\/[^/]+\/actions\/(artifacts|runs\/\d+\/artifacts)$/.test(url.pathname)) {
      if (req.headers["if-none-match"] === LIST_ETAG) {
        res.writeHead(304, { etag: LIST_ETAG, ...common }).end();
        return;
      }
      const page = Number(url.searchParams.get("page") ?? "1");
      const link =
        page === 1
          ? '<https://api.github.com/repositories/1/actions/artifacts?per_page=2&page=2&foo=bar>; rel="next", ' +
            '<https://api.github.com/repositories/1/actions/artifacts?per_page=2&page=2>; rel="last"'
          : '<https://api.github.com/repositories/1/actions/artifacts?per_page=2&page=1>; rel="prev"';
      const artifacts = page === 1 ? [artifact(1), artifact(2)] : [artifact(3)];
      json(res, 200, { total_count: 3, artifacts }, { etag: LIST_ETAG, link, ...common });
    } else if (/^\/repos\/[^/]+\/[^/]+\/actions\/(runs|workflows\/[^/]+\/runs)$/.test(url.pathname)) {
      const run = {
        id: 5,
        head_branch: "main",
        head_sha: "a".repeat(40),
        status: "completed",
        conclusion: "success",
        url: "https://api.github.com/repos/o/r/actions/runs/5",
        artifacts_url: "https://api.github.com/repos/o/r/actions/runs/5/artifacts",
      };
      json(res, 200, { total_count: 1, workflow_runs: [run] }, common);
    } else if (/^\/repos\/[^/]+\/[^/]+\/actions\/artifacts\/\d+$/.test(url.pathname)) {
      if (req.method === "DELETE") res.writeHead(204, common).end();
      else json(res, 200, artifact(Number(url.pathname.split("/").pop())), common);
    } else if (/^\/repos\/[^/]+\/[^/]+\/actions\/artifacts\/\d+\/zip$/.test(url.pathname)) {
      res.writeHead(302, { location: storage, ...common }).end();
    } else {
      json(res, 404, { message: "Not Found" }, common);
    }
  };
}

/** A loopback fake GitHub that records every request; closed when the test finishes. */
export async function startUpstream(respond: Respond = githubLike()): Promise<Upstream> {
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

/** A storage host on loopback that records what it was sent; closed when the test finishes. `url`: a signed URL. */
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
