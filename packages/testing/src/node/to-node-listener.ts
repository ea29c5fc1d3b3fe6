import type { IncomingMessage, ServerResponse } from "node:http";

const ignore = () => undefined;

/** Resolves once `res` can take more data, or is closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}

/**
 * Serves a web-standard handler on node:http: the `Request` is built on `origin` (this listener's own root, so the
 * handler can tell its hosts apart), with a signal that aborts when the client goes away; the `Response` is written
 * with backpressure, and a body that errors cuts the connection (how a client learns a download broke).
 */
export function toNodeListener(handle: (request: Request) => Promise<Response>, origin: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const aborted = new AbortController();
    res.on("close", () => aborted.abort());
    const headers = new Headers();
    for (const [name, values] of Object.entries(req.headersDistinct)) {
      for (const value of values ?? []) headers.append(name, value);
    }
    // note: the artifact operations take no body; whatever comes is read and dropped.
    req.resume();
    let response: Response;
    try {
      response = await handle(
        new Request(new URL(req.url ?? "/", origin), { method: req.method ?? "GET", headers, signal: aborted.signal }),
      );
    } catch (error) {
      res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end(
        JSON.stringify({
          message: `The fake GitHub failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );
      return;
    }
    res.statusCode = response.status;
    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (!response.body || req.method === "HEAD") {
      await response.body?.cancel().catch(ignore);
      res.end();
      return;
    }
    const reader = response.body.getReader();
    const stop = () => reader.cancel().catch(ignore);
    res.on("close", stop);
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        if (res.destroyed) return;
        if (!res.write(read.value)) await drained(res);
      }
      res.end();
    } catch {
      res.destroy();
    } finally {
      res.off("close", stop);
    }
  };
}
