import type { paths } from "@gh-artifacts/types";
import createClient, { type Client } from "openapi-fetch";
import type { ArtifactsClient } from "./create-client.js";
import { internalsOf } from "./internals.js";

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
  const raw = createClient<paths>({ baseUrl: internals.baseUrl, fetch: internals.fetch });
  raw.use(internals.authHeaders);
  const use = raw.use;
  raw.use = (...middleware) => {
    use(...middleware);
    if (middleware.some(Boolean)) internals.hook(raw);
  };
  internals.raw = raw;
  return raw;
}
