/**
 * The loopback servers, run in their own process so that serving costs no time on the contenders' event loop.
 * Started by `startServers()` (servers.mjs) with its options as argv[2]; it answers over IPC with its URLs and
 * exits when the parent says "close" or goes away.
 *
 * - the API server imitates api.github.com for the five artifact operations: fixed JSON, `Link` headers on lists,
 *   an optional delay per request (`latencyMs`), and a 302 from `/zip` to the storage server;
 * - the storage server streams the download artifact: a deterministic 1 MiB block repeated to `downloadBytes`
 *   (never held whole in memory), with backpressure.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";

const options = JSON.parse(process.argv[2] ?? "{}");
const { artifacts: artifactCount = 100, latencyMs = 0, downloadBytes = 0 } = options;
const DOWNLOAD_ID = 1;
const BLOCK = 1024 * 1024;

/** A deterministic block of pseudo-random bytes (xorshift32), so the archive does not compress to nothing. */
function block() {
  const buf = Buffer.allocUnsafe(BLOCK);
  let x = 0x9e3779b9;
  for (let i = 0; i < BLOCK; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf.writeUInt32LE(x >>> 0, i);
  }
  return buf;
}

const data = downloadBytes > 0 ? block() : Buffer.alloc(0);

/** SHA-256 of the streamed body, computed once: `downloadBytes` of the block repeated. */
function digestOfDownload() {
  const hash = createHash("sha256");
  let left = downloadBytes;
  while (left > 0) {
    const n = Math.min(BLOCK, left);
    hash.update(n === BLOCK ? data : data.subarray(0, n));
    left -= n;
  }
  return `sha256:${hash.digest("hex")}`;
}
const digest = downloadBytes > 0 ? digestOfDownload() : null;

function artifact(id, apiUrl) {
  const url = `${apiUrl}/repos/octo-org/octo-repo/actions/artifacts/${id}`;
  return {
    id,
    node_id: `MDg6QXJ0aWZhY3Q${id}`,
    name: id === DOWNLOAD_ID ? "large-artifact" : `artifact-${id}`,
    size_in_bytes: id === DOWNLOAD_ID ? downloadBytes : 1024 + (id % 977),
    url,
    archive_download_url: `${url}/zip`,
    expired: false,
    created_at: "2024-05-01T12:00:00Z",
    expires_at: "2024-07-30T12:00:00Z",
    updated_at: "2024-05-01T12:00:05Z",
    digest: id === DOWNLOAD_ID ? digest : `sha256:${createHash("sha256").update(String(id)).digest("hex")}`,
    workflow_run: {
      id: 1000 + Math.floor(id / 10),
      repository_id: 42,
      head_repository_id: 42,
      head_branch: "main",
      head_sha: "009b8a3a9ccbb128af87f9b1c0f4c62e8a304f6d",
    },
  };
}

const headers = (extra) => ({
  "content-type": "application/json; charset=utf-8",
  "x-github-api-version-selected": "2022-11-28",
  "x-github-request-id": "0000:BENCH:0000",
  "x-ratelimit-limit": "5000",
  "x-ratelimit-remaining": "4999",
  "x-ratelimit-reset": "4102444800",
  "x-ratelimit-used": "1",
  "x-ratelimit-resource": "core",
  ...extra,
});

// note: bodies are serialized once per URL so that the server's own CPU time stays small and equal for everyone.
const bodies = new Map();
function cached(key, make) {
  let body = bodies.get(key);
  if (body === undefined) {
    body = Buffer.from(JSON.stringify(make()));
    bodies.set(key, body);
  }
  return body;
}

function listPage(apiUrl, perPage, page) {
  const first = (page - 1) * perPage + 1;
  const last = Math.min(artifactCount, page * perPage);
  const list = [];
  for (let id = first; id <= last; id++) list.push(artifact(id, apiUrl));
  return { total_count: artifactCount, artifacts: list };
}

function linkHeader(apiUrl, path, perPage, page) {
  const lastPage = Math.max(1, Math.ceil(artifactCount / perPage));
  const at = (n) => `<${apiUrl}${path}?per_page=${perPage}&page=${n}>`;
  const links = [];
  if (page > 1) links.push(`${at(page - 1)}; rel="prev"`);
  if (page < lastPage) links.push(`${at(page + 1)}; rel="next"`);
  if (page < lastPage) links.push(`${at(lastPage)}; rel="last"`);
  if (page > 1) links.push(`${at(1)}; rel="first"`);
  return links.join(", ");
}

const LIST = /^\/repos\/[^/]+\/[^/]+\/actions\/(?:runs\/\d+\/)?artifacts$/;
const ONE = /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts\/(\d+)$/;
const ZIP = /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts\/(\d+)\/zip$/;

let storageUrl = "";

function handleApi(req, res) {
  const apiUrl = `http://${req.headers.host}`;
  const url = new URL(req.url, apiUrl);
  const path = url.pathname;
  if (req.method === "GET" && LIST.test(path)) {
    const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30) || 30);
    const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
    const body = cached(`${path}|${perPage}|${page}`, () => listPage(apiUrl, perPage, page));
    const link = linkHeader(apiUrl, path, perPage, page);
    res.writeHead(200, headers({ "content-length": body.length, ...(link ? { link } : {}) }));
    return res.end(body);
  }
  const one = ONE.exec(path);
  if (one) {
    const id = Number(one[1]);
    if (req.method === "DELETE") {
      res.writeHead(204, headers({}));
      return res.end();
    }
    const body = cached(`one|${id}`, () => artifact(id, apiUrl));
    res.writeHead(200, headers({ "content-length": body.length }));
    return res.end(body);
  }
  const zip = ZIP.exec(path);
  if (req.method === "GET" && zip) {
    // like GitHub: a short-lived signed URL on another host; the token must not follow the redirect.
    const location = `${storageUrl}/blobs/${zip[1]}.zip?sig=bench-signature&se=2099-01-01T00%3A00%3A00Z`;
    res.writeHead(302, headers({ location, "content-length": 0 }));
    return res.end();
  }
  const body = Buffer.from(JSON.stringify({ message: "Not Found", documentation_url: "https://docs.github.com" }));
  res.writeHead(404, headers({ "content-length": body.length }));
  res.end(body);
}

function handleStorage(req, res) {
  if (req.headers.authorization) {
    // the token leaked to the storage host: fail loudly, as a real signed URL would reject it.
    res.writeHead(400, { "content-type": "text/plain" });
    return res.end("Authorization header sent to the storage host");
  }
  if (!req.url.startsWith(`/blobs/${DOWNLOAD_ID}.zip?`)) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { "content-type": "application/zip", "content-length": downloadBytes });
  let sent = 0;
  const pump = () => {
    while (sent < downloadBytes) {
      const n = Math.min(BLOCK, downloadBytes - sent);
      sent += n;
      if (!res.write(n === BLOCK ? data : data.subarray(0, n))) return res.once("drain", pump);
    }
    res.end();
  };
  res.on("close", () => res.removeListener("drain", pump));
  pump();
}

function delayed(handler) {
  if (!latencyMs) return handler;
  return (req, res) => setTimeout(() => handler(req, res), latencyMs);
}

function listen(handler) {
  const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, handler);
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const api = await listen(delayed(handleApi));
const storage = await listen(handleStorage);
storageUrl = `http://127.0.0.1:${storage.address().port}`;

let closing = false;
function close() {
  if (closing) return;
  closing = true;
  api.closeAllConnections();
  storage.closeAllConnections();
  api.close();
  storage.close();
  if (process.connected) process.disconnect();
}
process.on("message", (msg) => msg === "close" && close());
process.on("disconnect", close);
process.send({ apiUrl: `http://127.0.0.1:${api.address().port}`, storageUrl, digest, downloadId: DOWNLOAD_ID });
