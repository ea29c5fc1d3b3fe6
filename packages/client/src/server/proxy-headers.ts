import { ACCEPT } from "../middleware/auth-headers.js";
import type { Redact } from "../redact.js";

/**
 * The browser's headers that go upstream: content negotiation and conditional requests. Nothing else does: not
 * `Authorization`, `Cookie` or `Proxy-Authorization` (the browser's credentials are for this server, not GitHub),
 * not `User-Agent` (the server's own is sent), not forwarding or tracing headers.
 * note: `X-GitHub-Api-Version` is checked against the spec and set by the handler.
 */
const FROM_BROWSER = ["accept", "if-none-match", "if-modified-since"];

/**
 * The upstream headers that reach the browser: what the client reads (type, validators, caching, rate limits,
 * GitHub's request id, `Date` to read a reset against). Everything else (`set-cookie`, CORS headers, GitHub's scopes
 * and SSO headers, …) is dropped. `cache-control` and `link` are rewritten.
 */
const TO_BROWSER = [
  "content-type",
  "etag",
  "last-modified",
  "vary",
  "date",
  "retry-after",
  "x-github-request-id",
  "x-ratelimit-limit",
  "x-ratelimit-remaining",
  "x-ratelimit-reset",
  "x-ratelimit-used",
  "x-ratelimit-resource",
];

/** The headers of the upstream request: the token, the API version, the user agent and `FROM_BROWSER`. */
export function upstreamHeaders(request: Request, token: string, apiVersion: string, userAgent: string): Headers {
  const headers = new Headers();
  for (const name of FROM_BROWSER) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (!headers.has("accept")) headers.set("accept", ACCEPT);
  headers.set("authorization", `Bearer ${token}`);
  headers.set("x-github-api-version", apiVersion);
  headers.set("user-agent", userAgent);
  return headers;
}

/**
 * `cache-control` of an answer passed on: `private`, since it was fetched with the server's (or the user's) token and
 * no shared cache may keep it for someone else, and `no-cache`, so a browser asks again before each reuse (with the
 * ETag it kept: a `304` when nothing changed) or `no-store` when upstream said so. Everything else goes: `public`,
 * `s-maxage`, and GitHub's `max-age=60`, under which a reload would show an artifact deleted a moment ago.
 */
export function privateCacheControl(value: string | null): string {
  const noStore = (value ?? "").split(",").some((d) => d.trim().toLowerCase() === "no-store");
  return noStore ? "private, no-store" : "private, no-cache";
}

/**
 * The browser's copy of the upstream headers (`TO_BROWSER`, `cache-control` as `privateCacheControl` makes it, `link` as `rewriteLink`
 * makes it). A header whose value holds the token is dropped whole: a redacted rate-limit or ETag value is no use.
 */
export function browserHeaders(
  upstream: Headers,
  redact: Redact,
  rewriteLink: (link: string) => string | undefined,
): Headers {
  const headers = new Headers();
  const add = (name: string, value: string | null | undefined) => {
    if (value != null && redact(value) === value) headers.set(name, value);
  };
  for (const name of TO_BROWSER) add(name, upstream.get(name));
  add("cache-control", privateCacheControl(upstream.get("cache-control")));
  const link = upstream.get("link");
  if (link !== null && redact(link) === link) add("link", rewriteLink(link));
  return headers;
}

/**
 * `response` with `X-Content-Type-Options: nosniff`, which every answer of the handler carries: no browser may guess
 * a type that renders from bytes the handler passes on.
 */
export function noSniff(response: Response): Response {
  response.headers.set("x-content-type-options", "nosniff");
  return response;
}
