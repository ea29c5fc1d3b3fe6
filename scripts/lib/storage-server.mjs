// A stand-in for GitHub's artifact storage on loopback: serves zips at /artifacts/<id>.zip and single files (uploaded
// with `archive: false`) at /artifacts/<id>/<file name>, each with its own Content-Type (`text/html` for an HTML
// report, as a blob store does). Like a signed blob URL it needs no credentials, and it refuses any request that
// carries an Authorization header (400): a download that works is proof the GitHub token never reached storage.
// It sends no CORS header at all and refuses every preflight (403): whether GitHub's real storage host answers CORS
// for an arbitrary origin cannot be known, so a browser path that needs it must fail here, not in production.
import { createServer } from "node:http";
import { setTimeout as delay } from "node:timers/promises";

const CHUNK = 64 * 1024;

/**
 * @typedef {{ bytes: Uint8Array, type: string, name?: string }} StoredBlob
 *   `type`: the `Content-Type` sent; `name`: a single file's own name, under which it is served (none: a zip).
 */

/** The path storage serves artifact `id`'s blob at. */
const pathOf = (id, blob) =>
  blob.name === undefined ? `/artifacts/${id}.zip` : `/artifacts/${id}/${encodeURIComponent(blob.name)}`;

/**
 * @param {{ files: Map<number, StoredBlob>, host?: string, port?: number, bytesPerSecond?: number }} options
 *   `bytesPerSecond` paces the body (default: unpaced) so a progress bar can be seen moving.
 */
export async function startStorageServer({ files, host = "127.0.0.1", port = 0, bytesPerSecond = 0 }) {
  const byPath = new Map([...files].map(([id, blob]) => [pathOf(id, blob), blob]));
  /**
   * Every request received, for tests to inspect: `{ method, path, authorization, headers }`, `headers` being the
   * lower-case names of the request's headers (values are not kept: they may hold secrets).
   */
  const requests = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://storage");
    requests.push({
      method: req.method,
      path: url.pathname,
      authorization: req.headers.authorization !== undefined,
      headers: Object.keys(req.headers),
    });
    if (req.method === "OPTIONS") {
      // note: what Azure Blob Storage answers a preflight no CORS rule matches: 403 and no Access-Control-* header.
      res.writeHead(403, { "Content-Type": "text/plain" });
      return res.end("CORS not enabled or no matching rule found for this request.\n");
    }
    // note: no Access-Control-Allow-Origin (nor -Expose-Headers): a browser's fetch of this host fails, so every
    // browser download must go through the app's own server (a proxy in "stream" mode, or a navigation).
    if (req.headers.authorization !== undefined) return refuse(res);
    const blob = byPath.get(url.pathname);
    if ((req.method !== "GET" && req.method !== "HEAD") || !blob) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("No such blob\n");
    }
    res.writeHead(200, {
      "Content-Type": blob.type,
      "Content-Length": String(blob.bytes.byteLength),
      "Cache-Control": "no-store",
    });
    if (req.method === "HEAD") return res.end();
    await send(res, blob.bytes, bytesPerSecond);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host}:${address.port}`;
  return {
    url,
    port: address.port,
    requests,
    /** The signed-looking URL the mock GitHub redirects a download of artifact `id` to. */
    urlFor: (id) => {
      const blob = files.get(id);
      const path = blob ? pathOf(id, blob) : `/artifacts/${id}.zip`;
      return `${url}${path}?sig=demo-${id}&expires=${Date.now() + 60_000}`;
    },
    /** The path artifact `id` is served at (`/artifacts/ID.zip`, or `/artifacts/ID/NAME` for a single file). */
    pathFor: (id) => {
      const blob = files.get(id);
      return blob ? pathOf(id, blob) : undefined;
    },
    stop: () => closeServer(server),
  };
}

function refuse(res) {
  res.writeHead(400, { "Content-Type": "text/plain" });
  res.end("Storage refuses requests with an Authorization header: the GitHub token must not reach it.\n");
}

async function send(res, file, bytesPerSecond) {
  for (let offset = 0; offset < file.byteLength && !res.destroyed; offset += CHUNK) {
    const ok = res.write(file.subarray(offset, offset + CHUNK));
    if (!ok) await drained(res);
    if (bytesPerSecond > 0) await delay((CHUNK / bytesPerSecond) * 1000);
  }
  res.end();
}

/** Resolves when `res` can take more data, or is gone. */
function drained(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}

/** Closes a server, ending idle keep-alive connections so it does not wait for them. */
export function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
