import { InvalidInputError } from "../errors.js";
import { matchRoute, type Route } from "./match-route.js";
import { readParams } from "./read-params.js";

// note: the repository part of every operation's path, in either of GitHub's spellings: `/repos/OWNER/REPO` and, for
// a renamed or transferred repository, `/repositories/ID` (as in its `Link` headers).
const REPOSITORY = /^\/(?:repositories\/[1-9][0-9]{0,15}|repos\/[^/]+\/[^/]+)(?=\/)/;

/** `path` (under the API root) without its repository part, or `undefined` when it has none. */
function afterRepository(path: string): string | undefined {
  const found = REPOSITORY.exec(path);
  return found ? path.slice(found[0].length) : undefined;
}

/** Whether a `/repos/OWNER/REPO/…` path names `route` with an owner and repo the client's rules accept. */
function validNames(path: string, route: Route): boolean {
  if (!path.startsWith("/repos/")) return true;
  const match = matchRoute(path, route.method);
  if (match.kind !== "found" || match.route !== route) return false;
  try {
    readParams(route, match.path, new URLSearchParams());
    return true;
  } catch (error) {
    if (error instanceof InvalidInputError) return false;
    throw error;
  }
}

/**
 * Where an upstream redirect of a JSON operation may take the token: the same API root (`baseUrl`), the SAME operation
 * with the same parameters but the repository's spelling (`/repositories/ID/…` for a renamed repository, or
 * `/repos/OWNER/REPO/…` with names the client's rules accept), and no query parameter the operation does not declare
 * (each at most once). `undefined` for anything else: another path of the API host (`/user`) would otherwise be
 * read with the token and handed to the browser.
 */
export function redirectTarget(location: string | null, from: URL, baseUrl: string, route: Route): URL | undefined {
  if (!location) return undefined;
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return undefined;
  }
  const base = new URL(baseUrl);
  const root = base.pathname.replace(/\/$/, "");
  if (next.origin !== base.origin || next.username || next.password || !next.pathname.startsWith(`${root}/`)) {
    return undefined;
  }
  const path = next.pathname.slice(root.length);
  const tail = afterRepository(path);
  if (tail === undefined || tail !== afterRepository(from.pathname.slice(root.length))) return undefined;
  const names = [...next.searchParams.keys()];
  if (names.some((name, i) => !(route.query as readonly string[]).includes(name) || names.indexOf(name) !== i)) {
    return undefined;
  }
  return validNames(path, route) ? next : undefined;
}
