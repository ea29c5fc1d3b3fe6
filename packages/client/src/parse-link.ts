/** One entry of a `Link` header. */
export type LinkEntry = [url: string, rel: string[]];

/**
 * The entries of a `Link` header (RFC 8288 as GitHub sends it), in order: each `<url>` with its parameters up to the
 * next comma (commas inside `<>` belong to the URL). The first `rel` counts, quoted or not (unquoted it is one token);
 * its space-separated relation types come lower-cased, since names and types are case-insensitive. Text outside
 * any `<…>` is skipped; callers decide what an entry without a `rel` or with a URL that does not parse is worth.
 * note: GitHub quotes no comma, so commas inside quoted values are not looked for (the bundle is the browser's).
 * note: a URL holds no raw "<" or ">", so `[^<>]` keeps the scan linear on a header of unmatched "<".
 */
export function parseLink(header: string): LinkEntry[] {
  return [...header.matchAll(/<([^<>]*)>([^,]*)/g)].map(([, url = "", params = ""]) => [
    url,
    /;\s*rel\s*=\s*("[^"]*|[^\s;]*)/i
      .exec(params)?.[1]
      ?.toLowerCase()
      .match(/[^\s"]+/g) ?? [],
  ]);
}
