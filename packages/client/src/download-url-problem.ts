/**
 * What is wrong with `url` as the place a download leads (GitHub's `Location`, or a storage host's own redirect), or
 * `undefined` when nothing is: it must be `https:`, or `http:` when `baseUrl` is `http:` (a local or test server), and
 * carry no user info (`user:pass@`, which the platform would quote in its error). The answer reads after "the
 * Location" (`is not an https: URL`) and quotes nothing of the URL: a server wrote it.
 * note: the one rule for the client's downloads (`UnsafeRedirectError`) and the server proxy's storage policy.
 */
export function downloadUrlProblem(url: URL, baseUrl: string): string | undefined {
  const http = new URL(baseUrl).protocol === "http:";
  if (url.protocol !== "https:" && !(http && url.protocol === "http:")) {
    return `is not an ${http ? "http(s)" : "https"}: URL`;
  }
  if (url.username || url.password) return "carries user info";
  return undefined;
}
