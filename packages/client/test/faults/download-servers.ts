import type { ServerResponse } from "node:http";
import { createArtifactsClient } from "../../src/index.js";
import type { RedirectBehaviour, StorageBehaviour } from "../fake-github.js";

/** A promise with its `resolve` at hand, for waiting on an event instead of on time. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Writes 64 KiB chunks for as long as the client reads them (a body that never ends); stops when it goes away. */
function writeForever(res: ServerResponse): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
  };
  res.on("drain", pump);
  pump();
}

/**
 * A redirect whose body never ends (`endless`) or stalls after a first chunk; `closed` resolves once the client has
 * dropped the connection of that answer.
 */
export function redirectWithBody(kind: "endless" | "stalled", options: { location?: boolean } = {}) {
  const closed = deferred();
  const behaviour: RedirectBehaviour = (_req, res, location) => {
    res.on("close", () => closed.resolve());
    res.writeHead(302, { "content-type": "text/html", ...(options.location === false ? {} : { location }) });
    if (kind === "endless") writeForever(res);
    else res.write("<html>redirecting");
  };
  return { behaviour, closed: closed.promise };
}

/** Sends the first `bytes` without any length (chunked), then drops the connection. */
export function dropChunkedAfter(bytes: number): StorageBehaviour {
  return (_req, res, body) => {
    res.writeHead(200, { "content-type": "application/zip" });
    res.write(body.subarray(0, bytes), () => res.destroy());
  };
}

/** Sends the first `bytes` without any length (chunked) and ends the body cleanly, as a faulty proxy might. */
export function endChunkedAfter(bytes: number): StorageBehaviour {
  return (_req, res, body) => {
    res.writeHead(200, { "content-type": "application/zip" });
    res.end(body.subarray(0, bytes));
  };
}

/** Announces the whole length, sends the first `bytes`, calls `sent` and stalls until the client goes away. */
export function stallAfter(bytes: number, sent?: () => void): StorageBehaviour {
  return (_req, res, body) => {
    res.writeHead(200, { "content-type": "application/zip", "content-length": String(body.length) });
    res.write(body.subarray(0, bytes), () => sent?.());
  };
}

/** A client whose `timeoutMs` (for downloads: the longest pause between bytes) is `idleTimeoutMs`. */
export function clientWithIdleTimeout(baseUrl: string, idleTimeoutMs: number) {
  return createArtifactsClient({ baseUrl, retry: false, timeoutMs: idleTimeoutMs });
}
