import { isRoutePath } from "./match-route.js";

/** Points the URLs of GitHub's answers that name one of the proxy's operations at the handler itself. */
export interface OwnUrls {
  /** One string value: rewritten when it is such a URL, else as it is. */
  value(value: string): string;
  /** A JSON text that spells every string literally (no "\"): each string value rewritten as `value` would. */
  literal(text: string): string;
}

// note: without "\" every `"` delimits a string, so `"…"` is one whole string; one followed by ":" is a key. Any
// http(s) URL is a candidate (`value` keeps the ones under `baseUrl`), so the pattern is compiled once for all.
const QUOTED_URL = /"(https?:\/\/[^"]*)"(?!\s*:)/g;

/**
 * `baseUrl + path` becomes `own + path` (`own`: the handler's origin and `pathPrefix`) when `path` is one the handler
 * serves (`isRoutePath`, the handler's own `matchRoute`; query and fragment kept); any other string stays as it is.
 * So a browser that follows an artifact's `url` or `archive_download_url` reaches the handler, not GitHub, where it
 * has no token.
 * note: GitHub's own spelling of `baseUrl` only (as `resolveBaseUrl` normalizes it); another spelling of the same
 * host stays as it is, which is safe, only less helpful.
 */
export function ownUrls(baseUrl: string, own: string): OwnUrls {
  const value = (text: string) => {
    if (!text.startsWith(`${baseUrl}/`)) return text;
    const rest = text.slice(baseUrl.length);
    return isRoutePath(rest.replace(/[?#].*$/s, "")) ? own + rest : text;
  };
  return {
    value,
    // note: `own` is an origin and a checked prefix: nothing in it needs escaping inside a JSON string.
    literal: (text) =>
      text.replace(QUOTED_URL, (whole, url: string) => {
        const to = value(url);
        return to === url ? whole : `"${to}"`;
      }),
  };
}
