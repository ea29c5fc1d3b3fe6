// "Mock GitHub": the API root the demo app talks to. Every request goes through Prism (so it is checked against
// spec/artifacts.yaml and errors come from the spec's examples); on top of that this server keeps the little
// state a demo needs (a 49-artifact repository in pages, deletions), adds CORS for the app's origin, points
// download redirects at the local storage server, and turns scenario owners into Prism `Prefer` codes.
import { createServer } from "node:http";
import { SPECIAL } from "./demo-fixtures.mjs";
import { closeServer } from "./storage-server.mjs";

/** Owners that show an error state instead of data (any repo name). Printed by `pnpm start`, listed in the README. */
export const SCENARIOS = {
  "not-found": {
    prefer: "code=404",
    description: "404 Not Found (a missing repo, or a private one the token cannot see)",
  },
  unauthorized: { prefer: "code=401", description: "401 Bad credentials" },
  forbidden: { prefer: "code=403", description: "403 the token lacks a permission" },
  "rate-limited": {
    prefer: "code=403, example=rate_limited",
    description: "403 rate limit: x-ratelimit-remaining 0, resets in 15 minutes",
    rateLimited: true,
  },
  empty: { description: "a repository without artifacts", empty: true },
};

const ROUTE =
  /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/actions\/(?:runs\/(?<run>\d+)\/artifacts|artifacts(?:\/(?<id>\d+)(?:\/(?<format>[^/]+))?)?)$/;
const FORWARDED = ["accept", "authorization", "x-github-api-version", "if-none-match", "user-agent"];
const DROPPED =
  /^(connection|keep-alive|transfer-encoding|content-length|content-encoding|access-control-.*|sl-violations)$/i;
const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers":
    "Link, Location, ETag, retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, x-ratelimit-used, x-ratelimit-resource, x-github-request-id",
};

/**
 * @param {{ prismUrl: string, storage: { urlFor(id: number): string }, artifacts: object[],
 *   host?: string, port?: number, latencyMs?: number, token?: string }} options
 *   `token`: the one the app's server sends, so `requests` can tell it from another (it is never stored).
 */
export async function startMockGitHub({
  prismUrl,
  storage,
  artifacts,
  host = "127.0.0.1",
  port = 0,
  latencyMs = 0,
  token,
}) {
  const byId = new Map(artifacts.map((a) => [a.id, a]));
  const deleted = new Set();
  /**
   * Every request received, for tests: `{ method, path, authorization, headers, at }`; `authorization` is `"token"`
   * when it was `Bearer <token>`, `"other"` for any other value and `"none"` without one; `headers` are the lower-case
   * names (values are not kept: they may hold secrets); `at` is when it arrived (ms since the epoch).
   */
  const requests = [];
  /** Prism's `sl-violations` of each request (`METHOD /path: …`): any entry means a request or answer broke the spec. */
  const violations = [];
  const resetAt = Math.floor(Date.now() / 1000) + 3600;
  let used = 0;
  let base = "";

  async function handle(req, res) {
    const sent = req.headers.authorization;
    requests.push({
      method: req.method,
      path: new URL(req.url ?? "/", "http://api").pathname,
      authorization: sent === undefined ? "none" : token && sent === `Bearer ${token}` ? "token" : "other",
      headers: Object.keys(req.headers),
      at: Date.now(),
    });
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        ...CORS,
        "Access-Control-Allow-Methods": "GET, DELETE, OPTIONS",
        "Access-Control-Allow-Headers": "Authorization, Accept, X-GitHub-Api-Version, Prefer, If-None-Match",
        "Access-Control-Max-Age": "600",
      });
      return res.end();
    }
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const url = new URL(req.url ?? "/", base);
    const route = ROUTE.exec(url.pathname)?.groups;
    const scenario = route ? SCENARIOS[route.owner.toLowerCase()] : undefined;
    const id = route?.id === undefined ? undefined : Number(route.id);
    const item = id === undefined || deleted.has(id) ? undefined : byId.get(id);
    // note: a caller's own `Prefer` (e.g. curl -H "Prefer: code=500") wins and gets Prism's answer untouched.
    let prefer = req.headers.prefer ?? scenario?.prefer;
    if (!prefer && id !== undefined) {
      if (!item) prefer = "code=404";
      else if (route.format && item.expired) prefer = "code=410";
      else if (req.method === "DELETE" && item.name === SPECIAL.protected) prefer = "code=403";
    }
    const headers = Object.fromEntries(FORWARDED.filter((h) => req.headers[h]).map((h) => [h, req.headers[h]]));
    if (prefer) headers.prefer = prefer;
    const upstream = await fetch(`${prismUrl}${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      redirect: "manual",
    });
    const violation = upstream.headers.get("sl-violations");
    if (violation) violations.push(`${req.method} ${url.pathname}: ${violation}`);
    const out = { ...CORS };
    for (const [name, value] of upstream.headers) if (!DROPPED.test(name)) out[name] = value;
    // note: Prism copies the spec's header examples (the same counters and a reset time in the past on every
    // answer); these stand in for the live values GitHub sends.
    used += 1;
    Object.assign(out, {
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(Math.max(0, 5000 - used)),
      "x-ratelimit-reset": String(resetAt),
      "x-ratelimit-used": String(used),
    });
    if (scenario?.rateLimited) {
      Object.assign(out, {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-used": "5000",
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 15 * 60),
      });
    }
    let body = Buffer.from(await upstream.arrayBuffer());
    if (upstream.status < 400 && !prefer && route) {
      if (route.format) out.location = storage.urlFor(id);
      else if (req.method === "DELETE") deleted.add(id);
      else if (id !== undefined) body = json(withUrls(item, route));
      else body = json(page(route, url, out, scenario));
    }
    if (body.byteLength > 0) out["content-length"] = String(body.byteLength);
    res.writeHead(upstream.status, out);
    res.end(body);
  }

  function withUrls(artifact, { owner, repo }) {
    const url = `${base}/repos/${owner}/${repo}/actions/artifacts/${artifact.id}`;
    return { ...artifact, url, archive_download_url: `${url}/zip` };
  }

  /** One page of the visible artifacts, with GitHub's `Link` header (first/prev/next/last). */
  function page(route, url, out, scenario) {
    const perPage = Number(url.searchParams.get("per_page") ?? 30);
    const number = Number(url.searchParams.get("page") ?? 1);
    const name = url.searchParams.get("name");
    const all = scenario?.empty
      ? []
      : artifacts.filter(
          (a) =>
            !deleted.has(a.id) &&
            (name === null || a.name === name) &&
            (route.run === undefined || a.workflow_run?.id === Number(route.run)),
        );
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (n, rel) => {
      const target = new URL(url.pathname + url.search, base);
      target.searchParams.set("page", String(n));
      return `<${target}>; rel="${rel}"`;
    };
    const links = [];
    if (number > 1) links.push(link(1, "first"), link(Math.min(number - 1, last), "prev"));
    if (number < last) links.push(link(number + 1, "next"), link(last, "last"));
    if (links.length) out.link = links.join(", ");
    const start = (number - 1) * perPage;
    return { total_count: all.length, artifacts: all.slice(start, start + perPage).map((a) => withUrls(a, route)) };
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(502, { ...CORS, "content-type": "application/json" });
      res.end(JSON.stringify({ message: `Mock GitHub could not reach Prism: ${error.message}` }));
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  base = `http://${host}:${address.port}`;
  return { url: base, port: address.port, deleted, requests, violations, stop: () => closeServer(server) };
}

function json(value) {
  return Buffer.from(JSON.stringify(value));
}
