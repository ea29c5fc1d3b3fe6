import type { Middleware } from "openapi-fetch";

export interface AuthHeadersOptions {
  /**
   * Read from a closure, never stored on the middleware object, so inspecting the client cannot reveal it; asked
   * before each request (a token function may hand out a new one). Throws `InvalidInputError` for a bad token.
   */
  getToken: () => string | undefined | Promise<string | undefined>;
  /** Normalized, without a trailing slash (see `resolveBaseUrl`), as the request URLs built from it. */
  baseUrl: string;
  apiVersion: string;
  /** `undefined` leaves the header alone (browsers refuse to set it). */
  userAgent: string | undefined;
}

/** The media types asked for: GitHub's recommended one first. */
export const ACCEPT = "application/vnd.github+json, application/json;q=0.9";

/** Adds GitHub's headers, and the token only to requests for `baseUrl`. */
export function createAuthHeaders(options: AuthHeadersOptions): Middleware {
  const prefix = `${options.baseUrl}/`;
  return {
    async onRequest({ request }) {
      const { headers } = request;
      // note: GitHub answers `application/vnd.github+json` with `application/json`, the media type its
      // description declares; naming that as the fallback lets any server that negotiates by the
      // description (Prism, a proxy, a GHES gateway) answer instead of 406. GitHub takes the first.
      headers.set("Accept", ACCEPT);
      headers.set("X-GitHub-Api-Version", options.apiVersion);
      if (options.userAgent !== undefined) headers.set("User-Agent", options.userAgent);
      // note: a per-request `baseUrl` could point `raw` anywhere; the token only ever goes to the configured host.
      if (!request.url.startsWith(prefix)) {
        headers.delete("Authorization");
        return request;
      }
      const token = await options.getToken();
      if (token) headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
}
