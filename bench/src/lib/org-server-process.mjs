/**
 * A loopback organisation of many repositories for the usage-scan scenario, in its own process so that serving costs
 * no time on the scanning event loop. Started by `withOrgServer()` (org-server.mjs) with its options as argv[2];
 * answers over IPC with its URL, with its counters when asked ("stats"), and exits on "close" or when the parent goes.
 *
 * `GET /repos/org/repo-<n>/actions/artifacts` lists `artifacts` artifacts per repository, paged by `per_page`/`page`
 * with `Link` and `total_count`, with a strong `ETag` (a matching `If-None-Match` is a 304) and GitHub's
 * `x-ratelimit-*` headers (every answer but a 304 counts); `latencyMs` is added to each answer.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";

const { repositories = 200, artifacts = 50, latencyMs = 0 } = JSON.parse(process.argv[2] ?? "{}");
const NOW = Date.parse("2026-01-01T00:00:00Z");
const DAY = 86_400_000;
const LIST = /^\/repos\/org\/repo-(\d+)\/actions\/artifacts$/;

const stats = { requests: 0, notModified: 0, ok: 0, other: 0 };
const limit = { limit: 1_000_000, remaining: 1_000_000, reset: Math.floor(Date.now() / 1000) + 3600 };

/** The artifacts of repository `r`, newest first, deterministic. */
function listOf(r) {
  return Array.from({ length: artifacts }, (_, i) => {
    const id = r * 100_000 + artifacts - i;
    const created = NOW - (i + 1) * DAY;
    return {
      id,
      node_id: `A_${id}`,
      name: i % 3 ? "build" : "logs",
      size_in_bytes: 1000 * ((id % 97) + 1),
      url: `https://api.github.test/repos/org/repo-${r}/actions/artifacts/${id}`,
      archive_download_url: `https://api.github.test/repos/org/repo-${r}/actions/artifacts/${id}/zip`,
      expired: false,
      created_at: new Date(created).toISOString(),
      updated_at: new Date(created).toISOString(),
      expires_at: new Date(created + 90 * DAY).toISOString(),
      digest: null,
      workflow_run: {
        id: id + 7,
        repository_id: r,
        head_repository_id: r,
        head_branch: i % 4 ? "main" : "dev",
        head_sha: "0".repeat(40),
      },
    };
  });
}
const lists = Array.from({ length: repositories }, (_, r) => listOf(r));

const server = createServer((req, res) => {
  stats.requests++;
  const url = new URL(req.url ?? "/", "http://org");
  const answer = () => {
    const match = LIST.exec(url.pathname);
    const all = match ? lists[Number(match[1])] : undefined;
    const headers = (counted) => {
      if (counted) limit.remaining--;
      return {
        "content-type": "application/json; charset=utf-8",
        "x-ratelimit-limit": String(limit.limit),
        "x-ratelimit-remaining": String(limit.remaining),
        "x-ratelimit-reset": String(limit.reset),
        "x-ratelimit-resource": "core",
      };
    };
    if (!all) {
      stats.other++;
      return res.writeHead(404, headers(true)).end('{"message":"Not Found"}');
    }
    const perPage = Number(url.searchParams.get("per_page") ?? 30);
    const page = Number(url.searchParams.get("page") ?? 1);
    const text = JSON.stringify({
      total_count: all.length,
      artifacts: all.slice((page - 1) * perPage, page * perPage),
    });
    const etag = `"${createHash("sha1").update(text).digest("hex")}"`;
    const extra = { etag };
    if (page * perPage < all.length) {
      extra.link = `<http://${req.headers.host}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`;
    }
    if (req.headers["if-none-match"] === etag) {
      stats.notModified++;
      return res.writeHead(304, { ...headers(false), ...extra }).end();
    }
    stats.ok++;
    res.writeHead(200, { ...headers(true), ...extra }).end(text);
  };
  if (latencyMs > 0) setTimeout(answer, latencyMs);
  else answer();
});
server.keepAliveTimeout = 60_000;

server.listen(0, "127.0.0.1", () => {
  process.send?.({ url: `http://127.0.0.1:${server.address().port}` });
});
process.on("message", (message) => {
  if (message === "stats") {
    process.send?.({ stats: { ...stats } });
  } else if (message === "close") {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
process.on("disconnect", () => process.exit(0));
