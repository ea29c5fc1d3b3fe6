import { InvalidInputError } from "../errors.js";

/** One host the handler answers for: a name as the URL parser spells it and, when given, the one port. */
export interface HostRule {
  hostname: string;
  port: string | undefined;
}

// note: a name or an IP literal and a port, nothing else (no user info, path or wildcard).
const HOST = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;
const RULE =
  'must be a non-empty array of host names, each optionally with a port, such as "app.example" or "localhost:3000"';

/** The names a browser on this machine uses for it: what `toNodeListener` accepts on a loopback connection. */
export const LOOPBACK_HOSTS: readonly HostRule[] = ["localhost", "127.0.0.1", "[::1]"].map((hostname) => ({
  hostname,
  port: undefined,
}));

/**
 * `value` as host rules (`undefined` stays so: no check), or `InvalidInputError` naming `field` (its rule followed by
 * `also`, what else the option takes).
 */
export function resolveHosts(field: string, value: unknown, also = ""): readonly HostRule[] | undefined {
  if (value === undefined) return undefined;
  const rule = RULE + also;
  if (!Array.isArray(value) || value.length === 0) throw new InvalidInputError(field, rule);
  return value.map((entry: unknown) => {
    const parts = typeof entry === "string" ? HOST.exec(entry) : null;
    let hostname: string | undefined;
    try {
      // note: the parser's spelling (lower case, IPv4 and IPv6 in canonical form), which is what requests carry.
      if (parts) hostname = new URL(`http://${parts[1]}`).hostname;
    } catch {}
    const port = parts?.[2] === undefined ? undefined : Number(parts[2]);
    if (!hostname || (port !== undefined && (port < 1 || port > 65_535))) throw new InvalidInputError(field, rule);
    return { hostname, port: port === undefined ? undefined : String(port) };
  });
}

/** Whether `url`'s host is one of `rules` (a rule without a port accepts the name on any port). */
export function hostAllowed(rules: readonly HostRule[], url: URL): boolean {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return rules.some((rule) => rule.hostname === url.hostname && (rule.port === undefined || rule.port === port));
}

/** Whether a socket's local address is a loopback one (`127.0.0.0/8`, `::1`, or `127.x` mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && /^(?:127\.|::ffff:127\.|::1$)/i.test(address);
}
