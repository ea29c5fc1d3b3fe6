import { answerApi, identify } from "./answer-api.js";
import { answerStorage } from "./answer-storage.js";
import type { ArtifactsWorld, RecordedRequest } from "./artifacts-world.js";

/** The API root the fake answers under by default. */
export const DEFAULT_BASE_URL = "https://api.github.com";
/** The storage host the fake's downloads redirect to by default (`.test` names never resolve to a real host). */
export const DEFAULT_STORAGE_URL = "https://artifacts-storage.test";

/** Hands a request on to the fake's own answer. */
export type NextHandler = (request: Request) => Promise<Response>;

/** Options of the fake GitHub, whichever way it is served. */
export interface FakeGitHubOptions {
  /** The API root it answers under (a GHES root such as `https://ghe.test/api/v3` works too). Default: `https://api.github.com`. */
  baseUrl?: string | undefined;
  /** The storage host's root that downloads redirect to. Default: `https://artifacts-storage.test`. */
  storageUrl?: string | undefined;
  /**
   * Sees every request first (after it is recorded): answer it yourself, or call `next` for the fake's answer (and
   * look at it, change the world before or after). For what no behaviour covers, e.g. a server that echoes the
   * token. Default: none.
   */
  intercept?: ((request: Request, next: NextHandler) => Response | Promise<Response>) | undefined;
}

/** The fake as one web-standard function: what the MSW handlers and the node:http server both call. */
export type ArtifactsRequestHandler = (request: Request) => Promise<Response>;

const trim = (url: string) => url.replace(/\/+$/, "");

/** The path of `url` under `root`, or `undefined` when it is not under it. */
function under(url: URL, root: URL): string | undefined {
  if (url.origin !== root.origin) return undefined;
  const prefix = trim(root.pathname);
  if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
  return url.pathname.slice(prefix.length) || "/";
}

/**
 * The fake GitHub as a handler of web-standard requests: the artifact operations under `baseUrl` and the storage
 * host at `storageUrl`, both answered from `world`. Each request is recorded in `world.requests`. A request for any
 * other URL is refused with a `TypeError`, as fetch refuses an unreachable host. Redirects are not followed.
 */
export function createArtifactsRequestHandler(
  world: ArtifactsWorld,
  options: FakeGitHubOptions = {},
): ArtifactsRequestHandler {
  const api = new URL(trim(options.baseUrl ?? DEFAULT_BASE_URL));
  const storage = new URL(trim(options.storageUrl ?? DEFAULT_STORAGE_URL));
  const roots = { api: trim(api.href), storage: trim(storage.href) };
  const answer: NextHandler = async (request) => {
    const url = new URL(request.url);
    // note: storage first, in case its root lies under the API's (one server for both).
    const storagePath = under(url, storage);
    const apiPath = storagePath === undefined ? under(url, api) : undefined;
    if (storagePath === undefined && apiPath === undefined) {
      throw new TypeError(`fetch failed: the fake GitHub does not answer for ${url.origin}${url.pathname}`);
    }
    const record: RecordedRequest = {
      host: storagePath === undefined ? "api" : "storage",
      method: request.method,
      path: (storagePath ?? apiPath) as string,
      query: new URLSearchParams(url.search),
      authorization: identify(world, request.headers.get("authorization")),
      headers: [...request.headers.keys()],
      at: Date.now(),
    };
    world.requests.push(record);
    const respond: NextHandler = async (req) =>
      storagePath !== undefined
        ? answerStorage(world, req, storagePath)
        : answerApi(world, req, apiPath as string, roots, record);
    const response = options.intercept ? await options.intercept(request, respond) : await respond(request);
    record.status = response.status;
    return response;
  };
  return answer;
}

/**
 * The fake as a `fetch` function (`createArtifactsClient({ fetch })`, no server or MSW needed). Unlike the request
 * handler it follows redirects when the request says so (`redirect: "follow"`, fetch's default), dropping
 * `Authorization` on a hop to another origin as fetch does.
 */
export function createArtifactsFetch(
  world: ArtifactsWorld,
  options: FakeGitHubOptions = {},
): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  const handle = createArtifactsRequestHandler(world, options);
  return async (input, init) => {
    let request = new Request(input, init);
    for (let hops = 0; ; hops++) {
      const response = await handle(request);
      const location = response.headers.get("location");
      if (request.redirect !== "follow" || !location || ![301, 302, 303, 307, 308].includes(response.status)) {
        return response;
      }
      if (hops >= 20) throw new TypeError("fetch failed: redirect count exceeded");
      await response.body?.cancel();
      const target = new URL(location, request.url);
      const headers = new Headers(request.headers);
      if (target.origin !== new URL(request.url).origin) headers.delete("authorization");
      request = new Request(target, { method: "GET", headers, signal: request.signal, redirect: "follow" });
    }
  };
}
