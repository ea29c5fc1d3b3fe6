import { downloadUrlProblem } from "./download-url-problem.js";
import { UnsafeRedirectError } from "./errors.js";

/**
 * Where a redirect of `status` to `location` leads, resolved against `from` (the URL that answered): an `https:` URL,
 * or `http:` when `baseUrl` is `http:` (a local or test server), without user info. Anything else is an
 * `UnsafeRedirectError` (not retried): a Location that is not a URL, `file:`, `data:`, `blob:`, `javascript:` or
 * any other scheme, `http:` from an `https:` API, or `user:pass@`, which the platform would quote in its error.
 */
export function redirectTarget(status: number, location: string, from: string, baseUrl: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(location, from);
  } catch {
    // note: the parser's TypeError would carry the Location as `input`; the typed error quotes none of it.
  }
  const problem = url && downloadUrlProblem(url, baseUrl);
  const reason = !url ? "the Location is not a URL" : problem && `the Location ${problem}`;
  if (reason) throw new UnsafeRedirectError(status, reason);
  return url as URL;
}
