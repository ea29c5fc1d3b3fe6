import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Artifact } from "@gh-artifacts/types";
import { onTestFinished, vi } from "vitest";
import { type ArtifactsClientOptions, createArtifactsClient } from "../src/index.js";

export const BASE = "https://api.github.test";

/** A JSON response as GitHub would send it. */
export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(body), { ...init, headers });
}

/**
 * An artifact as the fake servers send it.
 * note: `digest` is spelled out because GHES descriptions have none, so the generated `Artifact` lacks it when the
 * packages are built from one; the tests still send it over the wire, where the client reads it either way.
 */
export type WireArtifact = Artifact & { digest?: string | null };

export function artifact(id: number, overrides: Partial<WireArtifact> = {}): WireArtifact {
  return {
    id,
    node_id: `MDg6QXJ0aWZhY3Q${id}`,
    name: `artifact-${id}`,
    size_in_bytes: 100,
    url: `${BASE}/repos/o/r/actions/artifacts/${id}`,
    archive_download_url: `${BASE}/repos/o/r/actions/artifacts/${id}/zip`,
    expired: false,
    created_at: "2024-01-01T00:00:00Z",
    expires_at: "2024-04-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    digest: null,
    workflow_run: null,
    ...overrides,
  };
}

/**
 * A client whose `fetch` only calls `handler` (nothing is mocked globally), in the spirit of openapi-fetch's
 * createObservedClient. `requests` lists every Request that reached the network layer.
 */
export function observedClient(
  handler: (request: Request) => Response | Promise<Response>,
  options: ArtifactsClientOptions = {},
) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request.clone());
    return handler(request);
  });
  const gh = createArtifactsClient({ baseUrl: BASE, retry: false, ...options, fetch });
  return { gh, fetch, requests };
}

export interface TestServer {
  url: string;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

/** A loopback HTTP server on a free port; every test closes the servers it started. */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** `Array.fromAsync`, which Node 20 lacks. */
export async function toArray<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

/**
 * Makes the current test look like a browser page to `isBrowser()`: a `document`, a "Mozilla/" user agent, and no
 * `process.versions.node` (restored when the test finishes). Stubbing `document` alone is what jsdom does in Node,
 * which is not a browser.
 */
export function simulateBrowser(baseURI = "https://app.example/ui/index.html"): void {
  vi.stubGlobal("document", { baseURI });
  vi.stubGlobal("location", { href: baseURI });
  vi.stubGlobal("navigator", { userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0" });
  const versions = Object.getOwnPropertyDescriptor(process, "versions") as PropertyDescriptor;
  Object.defineProperty(process, "versions", { ...versions, value: { ...process.versions, node: undefined } });
  onTestFinished(() => {
    Object.defineProperty(process, "versions", versions);
  });
}

/** Every byte of a stream (a download body), in one Buffer. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
