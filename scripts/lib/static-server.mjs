// Serves a built single-page app from `dir` on loopback, plus `/config.json` (the app reads it at start-up to
// learn which API to talk to) and, when given, an API listener under a path prefix (the artifacts proxy that holds
// the token, so the page talks to its own origin and never sees it). Unknown paths get index.html.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

/**
 * @param {{ dir: string, config: object, host?: string, port?: number,
 *   api?: { prefix: string, listener: (req: import("node:http").IncomingMessage,
 *     res: import("node:http").ServerResponse) => Promise<void> } }} options
 *   `api`: requests whose path is `prefix` or starts with `prefix/` go to `listener` (default: none).
 */
export async function startStaticServer({ dir, config, host = "127.0.0.1", port = 0, api }) {
  const root = path.resolve(dir);
  const server = createServer(async (req, res) => {
    // note: the raw path, not a parsed one: the proxy judges encoded slashes and dot segments itself.
    const raw = (req.url ?? "/").split("?")[0];
    if (api && (raw === api.prefix || raw.startsWith(`${api.prefix}/`))) {
      return api.listener(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ message: "The API handler failed." }));
      });
    }
    const { pathname } = new URL(req.url ?? "/", "http://app");
    if (pathname === "/config.json") {
      res.writeHead(200, { "Content-Type": TYPES[".json"], "Cache-Control": "no-store" });
      return res.end(JSON.stringify(config));
    }
    let file = path.join(root, decodeURIComponent(pathname));
    if (!file.startsWith(root + path.sep) || !path.extname(file)) file = path.join(root, "index.html");
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("Not found\n");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return { url: `http://${host}:${address.port}`, port: address.port, stop: () => closeServer(server) };
}

/** Closes a server, ending idle keep-alive connections so it does not wait for them. */
function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}
