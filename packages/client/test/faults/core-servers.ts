import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach } from "vitest";
import { startServer, type TestServer } from "../helpers.js";

/** Servers started by the current test; closed after it. */
const open: TestServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

/** A loopback server for one test, closed after it. */
export async function loopback(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const server = await startServer(handler);
  open.push(server);
  return server;
}

/** Sends `body` as GitHub does: JSON text with a content type (and any extra headers). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(text);
}

/** The request's path and query as a URL. */
export const urlOf = (req: IncomingMessage) => new URL(req.url ?? "/", "http://loopback.invalid");

/** A promise with its resolver, to wait for an event instead of a time. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** No retry waits: the behaviour under test is not about time. */
export const FAST_RETRY = { retries: 2, baseDelayMs: 0, maxDelayMs: 0 } as const;
