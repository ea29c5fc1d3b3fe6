import type { IncomingMessage, ServerResponse } from "node:http";
import { type ArtifactsClientOptions, createArtifactsClient, rawClient } from "../../src/index.js";
import { artifact, startServer, type TestServer } from "../helpers.js";

export const MiB = 1024 * 1024;

/**
 * The client against a loopback server, on the platform's own fetch (so undici's errors, decompression and framing
 * are the real ones), with shorthands for the calls these tests make on `o/r`. Retries are off unless asked for.
 */
export function networkClient(baseUrl: string, options: ArtifactsClientOptions = {}) {
  const gh = createArtifactsClient({ baseUrl, retry: false, ...options });
  return {
    raw: rawClient(gh),
    getArtifact: (params: { artifact_id?: number; signal?: AbortSignal } = {}) =>
      gh.getArtifact({ owner: "o", repo: "r", artifact_id: params.artifact_id ?? 1, signal: params.signal }),
    listArtifactsForRepo: (params: { page?: number; signal?: AbortSignal } = {}) =>
      gh.listArtifactsForRepo({ owner: "o", repo: "r", page: params.page, signal: params.signal }),
  };
}

/** What a handler gets: the request, the response, and how many requests came before it. */
export type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => void;

const open = new Set<TestServer>();

/** A loopback server answering the n-th request with `handlers[n]` (the last one repeats); see `closeServers`. */
export async function serveSequence(...handlers: Handler[]): Promise<TestServer> {
  let n = 0;
  const server = await startServer((req, res) => {
    const index = n++;
    (handlers[Math.min(index, handlers.length - 1)] as Handler)(req, res, index);
  });
  open.add(server);
  return server;
}

/** Closes every server `serveSequence` started (for `afterEach`). */
export async function closeServers(): Promise<void> {
  const all = [...open];
  open.clear();
  await Promise.all(all.map((server) => server.close()));
}

/** Answers with JSON and the given status and headers. */
export function sendJson(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** An artifact as the loopback "GitHub" of these tests sends it. */
export const ARTIFACT = artifact(1, {
  url: "http://127.0.0.1/repos/o/r/actions/artifacts/1",
  archive_download_url: "http://127.0.0.1/repos/o/r/actions/artifacts/1/zip",
});

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
