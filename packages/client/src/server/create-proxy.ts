import { InvalidInputError } from "../errors.js";
import { apiVersions } from "../generated/routes.js";
import { checkToken } from "../token.js";
import { hostAllowed } from "./allowed-hosts.js";
import { forward } from "./forward.js";
import { jsonError } from "./json-error.js";
import { matchRoute } from "./match-route.js";
import { noSniff } from "./proxy-headers.js";
import { type ArtifactsProxyOptions, type ProxySettings, reportError, resolveProxyOptions } from "./proxy-options.js";
import { readParams } from "./read-params.js";
import { abortable, upstreamSignal } from "./upstream-signal.js";

const notFound = () => jsonError(404, "Not Found");
const VERSION_RULE = `must be one of ${apiVersions.map((v) => JSON.stringify(v)).join(", ")}`;

/**
 * Whether a mutating request comes from another site: an `Origin` that is neither the request's own nor allowed,
 * or, without `Origin`, `Sec-Fetch-Site: cross-site`. A handler that authenticates by the user's cookie would
 * otherwise delete on behalf of any page the user visits.
 */
function isCrossSite(request: Request, url: URL, allowed: ReadonlySet<string>): boolean {
  const origin = request.headers.get("origin");
  if (origin !== null) return origin !== url.origin && !allowed.has(origin);
  return request.headers.get("sec-fetch-site") === "cross-site";
}

/** What `token` or `authorize` returned did not settle within `timeoutMs`. */
class SlowCallbackError extends Error {
  override name = "TimeoutError";
}

/**
 * What `token` or `authorize` returned, awaited at most `timeoutMs` and no longer than the browser waits: one that
 * never settles must not hold the answer (and the connection) forever. A plain value costs no timer.
 */
async function settle<T>(s: ProxySettings, request: Request, what: string, value: T | PromiseLike<T>): Promise<T> {
  if (typeof (value as PromiseLike<T> | null)?.then !== "function") return value as T;
  const bound = upstreamSignal(request.signal, s.timeoutMs);
  try {
    return await abortable(Promise.resolve(value), bound.signal);
  } catch (error) {
    if (bound.timedOut()) throw new SlowCallbackError(`${what} did not settle within ${s.timeoutMs} ms`);
    throw error;
  } finally {
    bound.dispose();
  }
}

/**
 * The checks, in order: host, path and method (the spec's), parameters, API version, origin, `authorize`, token.
 */
async function handle(s: ProxySettings, request: Request): Promise<Response> {
  const url = new URL(request.url);
  // note: a page of another site whose name was made to resolve to this server (DNS rebinding) names its own host.
  if (s.allowedHosts && !hostAllowed(s.allowedHosts, url)) {
    return jsonError(421, "Misdirected Request: this server does not answer for the request's Host");
  }
  if (s.pathPrefix && !url.pathname.startsWith(`${s.pathPrefix}/`)) return notFound();
  const match = matchRoute(url.pathname.slice(s.pathPrefix.length), request.method);
  if (match.kind === "not-found") return notFound();
  if (match.kind === "method-not-allowed") {
    return jsonError(405, "Method Not Allowed", { headers: { allow: match.allow.join(", ") } });
  }
  const { route } = match;
  let params: Record<string, string | number | boolean>;
  try {
    params = readParams(route, match.path, url.searchParams);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return jsonError(400, error.message, { errors: [{ field: error.field, code: "invalid" }] });
  }
  const asked = request.headers.get("x-github-api-version");
  if (asked !== null && !(apiVersions as readonly string[]).includes(asked)) {
    const field = "X-GitHub-Api-Version";
    return jsonError(400, `Invalid ${field}: ${VERSION_RULE}`, { errors: [{ field, code: "invalid" }] });
  }
  if (route.method !== "GET" && isCrossSite(request, url, s.allowedOrigins)) {
    return jsonError(403, "Cross-site request refused: the Origin is not allowed to change artifacts");
  }
  // note: a frozen copy: what `authorize` approved is what goes upstream, whatever it tries to change.
  const checked = Object.freeze({ ...params });
  const ctx = {
    request,
    operationId: route.operationId,
    owner: `${params.owner}`,
    repo: `${params.repo}`,
    params: checked,
  };
  if ((await settle(s, request, "authorize", s.authorize(ctx))) !== true) {
    return jsonError(403, "This operation is not allowed");
  }
  const token = checkToken(
    typeof s.token === "function" ? await settle(s, request, "token", s.token(request)) : s.token,
  );
  if (!token) return jsonError(401, "Requires authentication");
  return forward({ settings: s, request, url, route, params, token, apiVersion: asked ?? s.apiVersion });
}

/**
 * A web-standard handler (`Request` in, `Response` out) that lets a browser reach GitHub's artifact operations and
 * the two workflow run listings, and nothing else, with a token that never leaves the server. Mount it where
 * `pathPrefix` says (a Next.js route handler, Hono, a Worker, Deno, Bun; Node through `toNodeListener` from
 * `@gh-artifacts/client/node`) and point the browser's client at it: `createArtifactsClient({ baseUrl: "/api/github" })`.
 *
 * Fails closed: a host outside `allowedHosts` is 421, a path or method the spec does not declare is 404/405, a
 * parameter that breaks the spec's rules is 400 naming it, a DELETE from another origin is 403, and `authorize`
 * decides the rest; none of these reaches GitHub. Upstream, a redirect is followed only to the same operation, a
 * 2xx that is not JSON is 502, and a download may lead only where the storage policy allows. Every answer carries
 * `X-Content-Type-Options: nosniff`, and a streamed download is an attachment that never renders. Options are
 * checked at once (`InvalidInputError` naming the option).
 */
export function createArtifactsProxy(options: ArtifactsProxyOptions = {}): (request: Request) => Promise<Response> {
  const settings = resolveProxyOptions(options);
  return async (request) => {
    try {
      return noSniff(await handle(settings, request));
    } catch (error) {
      if (request.signal.aborted) return noSniff(jsonError(499, "The request was cancelled"));
      // note: nothing of the failure is quoted: it may come from `token` or `authorize` and hold a secret.
      reportError(settings, error, request);
      if (error instanceof SlowCallbackError) return noSniff(jsonError(504, `The proxy's ${error.message}`));
      return noSniff(jsonError(500, "The proxy could not handle the request"));
    }
  };
}
