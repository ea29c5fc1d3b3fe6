// A stand-in for GitHub's artifact storage: serves zip files at /artifacts/<id>.zip on loopback.
// Like a signed blob URL it needs no credentials, and it refuses any request that carries an Authorization
// header (400): a download that works is proof the GitHub token never reached storage. Like a blob store whose
// CORS rules allow no custom request header, it refuses every preflight (403): in a browser, a download works only
// if the request that follows GitHub's redirect carries CORS-safelisted headers alone.
import { createServer } from "node:http";
import { setTimeout as delay } from "node:timers/promises";

const CHUNK = 64 * 1024;

/**
 * @param {{ files: Map<number, Uint8Array>, host?: string, port?: number, bytesPerSecond?: number }} options
 *   `bytesPerSecond` paces the body (default: unpaced) so a progress bar can be seen moving.
 */
export async function startStorageServer({ files, host = "127.0.0.1", port = 0, bytesPerSecond = 0 }) {
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
    // note: after GitHub's cross-origin 302 the browser sends `Origin: null`, so any origin is allowed here.
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Expose-Headers", "Content-Length");
    if (req.headers.authorization !== undefined) return refuse(res);
    const match = /^\/artifacts\/(\d+)\.zip$/.exec(url.pathname);
    const file = match ? files.get(Number(match[1])) : undefined;
    if ((req.method !== "GET" && req.method !== "HEAD") || !file) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("No such blob\n");
    }
    res.writeHead(200, {
      "Content-Type": "application/zip",
      "Content-Length": String(file.byteLength),
      "Cache-Control": "no-store",
    });
    if (req.method === "HEAD") return res.end();
    await send(res, file, bytesPerSecond);
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
    urlFor: (id) => `${url}/artifacts/${id}.zip?sig=demo-${id}&expires=${Date.now() + 60_000}`,
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
