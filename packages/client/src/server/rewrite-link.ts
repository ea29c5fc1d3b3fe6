/**
 * `Link` with every URL pointing at the handler's own URL for the same operation: `own` (the incoming request's
 * origin and path) with only the `declared` query parameters of the upstream URL (`page`, `per_page`, …). GitHub's
 * links use another path form (`/repositories/ID/…`) on another host, so nothing of their path is kept. Entries whose
 * URL does not parse are dropped; only the `rel` parameter survives. Returns `undefined` when nothing is left.
 */
export function rewriteLink(link: string, own: URL, declared: readonly string[], upstream: string): string | undefined {
  const entries: string[] = [];
  for (const [, target = "", params = ""] of link.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([A-Za-z ]+)"?/i.exec(params)?.[1]?.trim();
    let from: URL;
    try {
      from = new URL(target, upstream);
    } catch {
      continue;
    }
    if (!rel) continue;
    const to = new URL(own.origin + own.pathname);
    for (const name of declared) {
      const value = from.searchParams.get(name);
      if (value !== null) to.searchParams.set(name, value);
    }
    entries.push(`<${to.href}>; rel="${rel}"`);
  }
  return entries.length > 0 ? entries.join(", ") : undefined;
}
