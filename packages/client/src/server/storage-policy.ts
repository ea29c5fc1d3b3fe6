import { downloadUrlProblem } from "../download-url-problem.js";
import { type HostRule, hostAllowed } from "./allowed-hosts.js";

/** Why a storage URL is refused, or `undefined` when the handler may send the browser to it or fetch it. */
export type StoragePolicy = (url: URL) => string | undefined;

/** `a.b.c.d` as four numbers (the URL parser has already made every IPv4 spelling this one). */
function ipv4(text: string): number[] | undefined {
  const parts = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  return parts?.slice(1).map(Number);
}

/** An IPv6 literal (no brackets) as eight 16-bit groups; a trailing dotted IPv4 part counts as two. */
function ipv6(text: string): number[] | undefined {
  const [head = "", tail, extra] = text.split("::");
  if (extra !== undefined) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === "") return [];
    const out: number[] = [];
    for (const piece of part.split(":")) {
      const v4 = piece.includes(".") ? ipv4(piece) : undefined;
      if (v4) out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      else if (/^[0-9a-f]{1,4}$/i.test(piece)) out.push(Number.parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const start = groups(head);
  const end = tail === undefined ? [] : groups(tail);
  if (!start || !end) return undefined;
  const missing = 8 - start.length - end.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  return [...start, ...Array<number>(missing).fill(0), ...end];
}

/** 0/8 (0.0.0.0 among them), 10/8, 100.64/10 (CGNAT), 127/8, 169.254/16, 172.16/12, 192.168/16. */
function localIpv4([a = 0, b = 0]: number[]): boolean {
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && (b & 0xc0) === 64) ||
    (a === 169 && b === 254) ||
    (a === 172 && (b & 0xf0) === 16) ||
    (a === 192 && b === 168)
  );
}

/** ::/96 (`::`, `::1` and IPv4-compatible), IPv4-mapped and NAT64 addresses of a local IPv4, fc00::/7, fe80::/10, fec0::/10. */
function localIpv6(g: number[]): boolean {
  const embedded = () => localIpv4([(g[6] ?? 0) >> 8, (g[6] ?? 0) & 0xff]);
  const zeros = (n: number) => g.slice(0, n).every((v) => v === 0);
  if (zeros(6)) return embedded();
  if (zeros(5) && g[5] === 0xffff) return embedded();
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((v) => v === 0)) return embedded();
  const first = g[0] ?? 0;
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0;
}

/**
 * Whether a URL's `hostname` names this machine or a private network by itself: `localhost` or `*.localhost`, or a
 * loopback, link-local, private, CGNAT or unspecified IPv4 or IPv6 literal (IPv4-mapped included).
 * note: a name is not resolved: one whose DNS points at such an address is not caught here (`storageHosts` is).
 */
export function isLocalHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (name.startsWith("[") && name.endsWith("]")) {
    const groups = ipv6(name.slice(1, -1));
    return groups !== undefined && localIpv6(groups);
  }
  const v4 = ipv4(name);
  return v4 !== undefined && localIpv4(v4);
}

/**
 * Where a download may lead (GitHub's `Location`, and in stream mode every redirect of the storage host): what the
 * client's downloads accept (`downloadUrlProblem`: `https:`, `http:` too when `baseUrl` is `http:`, no user info);
 * with `storageHosts`, only those hosts; without, in stream mode, no `localhost` and no loopback, link-local or
 * private address literal unless `baseUrl` is one itself (local development), since the handler would fetch it from
 * inside the server's network and pass the answer on.
 */
export function storagePolicy(baseUrl: string, hosts: readonly HostRule[] | undefined, stream: boolean): StoragePolicy {
  const base = new URL(baseUrl);
  const localBase = isLocalHost(base.hostname);
  return (url) => {
    const problem = downloadUrlProblem(url, baseUrl);
    if (problem) return `it ${problem}`;
    if (hosts) return hostAllowed(hosts, url) ? undefined : "its host is not one of storageHosts";
    if (stream && !localBase && isLocalHost(url.hostname)) {
      return "its host is localhost or a loopback, link-local or private address";
    }
    return undefined;
  };
}
