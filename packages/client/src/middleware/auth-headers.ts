import type { Middleware } from "openapi-fetch";

/** The media types asked for: GitHub's recommended one first. */
export const ACCEPT = "application/vnd.github+json, application/json;q=0.9";

/**
 * Adds GitHub's headers (`headers`: lowercase names, the same record the typed methods send), and the token only to
 * requests under `prefix` (the normalized `baseUrl` and a slash, as the request URLs built from it). `getToken` is
 * read from a closure, never stored on the middleware object, so inspecting the client cannot reveal it; it is
 * asked before each request (a token function may hand out a new one), given the request's signal (a token
 * function's wait ends with it), and throws `InvalidInputError` for a bad token.
 * note: positional arguments, not an options object: this runs once per client and its keys would only add bytes.
 */
export function createAuthHeaders(
  getToken: (signal: AbortSignal) => string | undefined | Promise<string | undefined>,
  prefix: string,
  headers: Readonly<Record<string, string>>,
): Middleware {
  return {
    async onRequest({ request }) {
      for (const name in headers) request.headers.set(name, headers[name] as string);
      // note: a per-request `baseUrl` could point `raw` anywhere; the token only ever goes to the configured host.
      if (!request.url.startsWith(prefix)) {
        request.headers.delete("Authorization");
        return request;
      }
      const token = await getToken(request.signal);
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
}

/**
 * The headers every API request carries. An `undefined` `userAgent` leaves the header out (browsers refuse to set it).
 * note: GitHub answers `application/vnd.github+json` with `application/json`, the media type its description
 * declares; naming that as the fallback lets any server that negotiates by the description (Prism, a proxy, a GHES
 * gateway) answer instead of 406. GitHub takes the first.
 */
export function githubHeaders(apiVersion: string, userAgent: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { accept: ACCEPT, "x-github-api-version": apiVersion };
  if (userAgent !== undefined) headers["user-agent"] = userAgent;
  return headers;
}
