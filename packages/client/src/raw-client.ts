import type { paths } from "@gh-artifacts/types";
import createClient, { type Client } from "openapi-fetch";
import type { ArtifactsClient } from "./create-client.js";
import { internalsOf } from "./internals.js";
import { createAuthHeaders } from "./middleware/auth-headers.js";

type Call = (path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * The typed openapi-fetch client of `client` (`{ data, error, response }`, never throwing on HTTP errors), sharing
 * its headers, retries, timeouts and cache, and sending the token only to its `baseUrl`. The same object on every
 * call for one client. Middleware added with `rawClient(client).use(…)` sees every answer the client's methods get,
 * failed ones included. A function to import rather than a property, so that a bundle which never uses it does not
 * ship openapi-fetch.
 */
export function rawClient(client: ArtifactsClient): Client<paths> {
  const internals = internalsOf(client);
  if (internals.raw) return internals.raw;
  const { baseUrl, fetch } = internals;
  const raw = createClient<paths>({ baseUrl, fetch });
  raw.use(createAuthHeaders(internals.getToken, `${baseUrl}/`, internals.headers));
  const use = raw.use;
  raw.use = (...middleware) => {
    use(...middleware);
    // note: from the first real middleware on, the typed methods call through `raw`, so that it sees every call.
    if (middleware.some(Boolean)) {
      internals.route(async (method, template, params, signal) => {
        let url = "";
        const { data, error, response } = await (raw[method] as Call)(template, {
          params,
          signal,
          parseAs: "text",
          // note: the URL errors quote; a Response built by a user's fetch (or from a buffered body) knows none.
          fetch: (request: Request) => {
            url = request.url;
            return fetch(request);
          },
        });
        return { url, response, body: response.ok ? data : error };
      });
    }
  };
  internals.raw = raw;
  return raw;
}
