import { parseLink } from "../parse-link.js";

/** A registered relation type's shape (RFC 8288 `reg-rel-type`): nothing that could break out of the quotes. */
const REG_REL_TYPE = /^[a-z][a-z0-9.-]*$/;

/**
 * `Link` with every URL pointing at the handler's own URL for the same operation: `own` (the incoming request's
 * origin and path) with only the `declared` query parameters of the upstream URL (`page`, `per_page`, …). GitHub's
 * links use another path form (`/repositories/ID/…`) on another host, so nothing of their path is kept. Entries whose
 * URL does not parse or that have no registered relation type are dropped; only the `rel` parameter survives (its
 * types lower-cased). Returns `undefined` when nothing is left.
 */
export function rewriteLink(link: string, own: URL, declared: readonly string[], upstream: string): string | undefined {
  const entries: string[] = [];
  for (const [target, types] of parseLink(link)) {
    const rel = types.filter((type) => REG_REL_TYPE.test(type));
    let from: URL;
    try {
      from = new URL(target, upstream);
    } catch {
      continue;
    }
    if (rel.length === 0) continue;
    const to = new URL(own.origin + own.pathname);
    for (const name of declared) {
      const value = from.searchParams.get(name);
      if (value !== null) to.searchParams.set(name, value);
    }
    entries.push(`<${to.href}>; rel="${rel.join(" ")}"`);
  }
  return entries.length > 0 ? entries.join(", ") : undefined;
}
