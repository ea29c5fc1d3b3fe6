import { routes } from "../generated/routes.js";

/** One operation of the spec as the proxy serves it (see `generated/routes.ts`). */
export type Route = (typeof routes)[number];

/** What a request path and method come to. */
export type RouteMatch =
  | { kind: "found"; route: Route; path: Record<string, string> }
  | { kind: "not-found" }
  | { kind: "method-not-allowed"; allow: string[] };

const PARAM = /^\{(\w+)\}$/;

/**
 * Matches the raw, still percent-encoded `pathname` (prefix removed) against the spec's templates. Literal segments
 * are compared as sent (so `actions%2Fartifacts` is not `actions/artifacts`); each parameter segment is decoded
 * exactly once. An empty segment (`//`, a trailing `/`), a dot segment (raw or encoded) or a segment that does not
 * decode is no path of the spec. A decoded "/" or "\\" in a parameter is left to that parameter's rule (owner, repo,
 * an integer) to refuse, so the answer names the field.
 */
export function matchRoute(pathname: string, method: string): RouteMatch {
  if (!pathname.startsWith("/")) return { kind: "not-found" };
  const raw = pathname.slice(1).split("/");
  const decoded: string[] = [];
  for (const segment of raw) {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return { kind: "not-found" };
    }
    if (value === "" || value === "." || value === "..") return { kind: "not-found" };
    decoded.push(value);
  }
  const shaped = routes.filter(
    (r) => r.segments.length === raw.length && r.segments.every((s, i) => PARAM.test(s) || s === raw[i]),
  );
  if (shaped.length === 0) return { kind: "not-found" };
  const route = shaped.find((r) => r.method === method);
  // note: the generator refuses templates that overlap, so the routes of one path share its template.
  if (!route) return { kind: "method-not-allowed", allow: shaped.map((r) => r.method) };
  const path: Record<string, string> = {};
  route.segments.forEach((s, i) => {
    const name = PARAM.exec(s)?.[1];
    if (name) path[name] = decoded[i] as string;
  });
  return { kind: "found", route, path };
}

/** A parameter segment that decodes to itself (no "%"): anything but empty, "." and "..". */
const PLAIN_PARAM = "(?!\\.\\.?(?:/|$))[^/%]+";
/** Every template as one pattern, for paths without "%" (where `matchRoute` decodes nothing). */
const PLAIN_PATH = new RegExp(
  `^(?:${routes.map((r) => r.path.replace(/[^\w/{}-]/g, "\\$&").replace(/\{\w+\}/g, () => PLAIN_PARAM)).join("|")})$`,
);

/**
 * Whether `pathname` is the path of one of the handler's operations (any method): `matchRoute`'s answer, without the
 * split and decode it costs when no segment needs decoding (a page of 100 artifacts holds 200 such URLs).
 */
export function isRoutePath(pathname: string): boolean {
  return pathname.includes("%") ? matchRoute(pathname, "GET").kind !== "not-found" : PLAIN_PATH.test(pathname);
}
