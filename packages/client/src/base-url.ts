import { InvalidInputError } from "./errors.js";
import { isBrowser } from "./platform.js";

const RULE = "must be an absolute http(s) URL without user info, query or fragment (relative only in browsers)";

/**
 * `baseUrl` as the URL parser normalizes it (lower-case host, no default port, dot segments resolved), without a
 * trailing slash. Requests are built from this value, so comparing a request's URL with it is exact.
 * note: in browsers a relative root (`/api/github`, a same-origin proxy) resolves against the page.
 */
export function resolveBaseUrl(value = "https://api.github.com"): string {
  const g = globalThis as { document?: { baseURI?: string }; location?: { href?: string } };
  let url: URL;
  try {
    if (typeof value !== "string") throw value;
    url = new URL(value, isBrowser() ? (g.document?.baseURI ?? g.location?.href) : undefined);
  } catch {
    throw new InvalidInputError("baseUrl", RULE);
  }
  // note: user info would be sent as credentials to a host the token also goes to; a query or fragment would be
  // glued to every path. A bare "?" or "#" parses to an empty search/hash, hence the text test.
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || /[?#]/.test(value)) {
    throw new InvalidInputError("baseUrl", RULE);
  }
  return url.href.replace(/\/+$/, "");
}
