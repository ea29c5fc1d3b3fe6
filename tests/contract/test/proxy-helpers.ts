// The handler of @gh-artifacts/client/server in front of Prism, on its own loopback port, and the real client
// pointed at it with no token: what a browser app does.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createArtifactsClient } from "@gh-artifacts/client";
import { toNodeListener } from "@gh-artifacts/client/node";
import { type ArtifactsProxyOptions, createArtifactsProxy } from "@gh-artifacts/client/server";
import { onTestFinished } from "vitest";
import type { ContractClient } from "./helpers.js";
import { TOKEN } from "./helpers.js";

export const PREFIX = "/api/github";

export interface ProxiedClient extends ContractClient {
  /** The handler's origin, e.g. `http://127.0.0.1:PORT` (a page served from it calls the handler same-origin). */
  origin: string;
  /** Every request the handler sent to Prism, as `METHOD /path?query`. */
  upstream: string[];
  /** The `Authorization` headers the browser side sent (none expected) and the handler sent (the server's token). */
  authorization: { browser: (string | null)[]; upstream: (string | null)[] };
  /** Everything the browser side received (headers and bodies), to look for the token in. */
  received: string[];
}

export interface ProxiedOptions extends ArtifactsProxyOptions {
  /** Prism's `Prefer` header, added to the handler's upstream request (the handler never forwards the browser's). */
  prefer?: string | undefined;
}

/**
 * Mounts the handler (token `TOKEN`, every operation allowed unless `authorize` says otherwise) with
 * `toNodeListener` on 127.0.0.1 and returns a client without a token whose `baseUrl` is the handler's. Both sides
 * refuse anything but loopback. The server is closed when the test finishes.
 */
export async function proxiedClient(prismUrl: string, options: ProxiedOptions = {}): Promise<ProxiedClient> {
  const { prefer, ...proxyOptions } = options;
  const violations: string[] = [];
  const upstream: string[] = [];
  const requests: string[] = [];
  const received: string[] = [];
  const authorization = { browser: [] as (string | null)[], upstream: [] as (string | null)[] };
  const loopbackOnly = (request: Request) => {
    const url = new URL(request.url);
    if (url.hostname !== "127.0.0.1") throw new Error(`contract tests stay on loopback; refused ${url.origin}`);
    return url;
  };
  const handler = createArtifactsProxy({
    token: TOKEN,
    baseUrl: prismUrl,
    pathPrefix: PREFIX,
    authorize: () => true,
    ...proxyOptions,
    fetch: async (input) => {
      const url = loopbackOnly(input);
      const request = prefer
        ? new Request(input, { headers: { ...Object.fromEntries(input.headers), prefer } })
        : input;
      upstream.push(`${request.method} ${url.pathname}${url.search}`);
      authorization.upstream.push(request.headers.get("authorization"));
      const response = await globalThis.fetch(request);
      // note: Prism reports a request or response that breaks the spec in `sl-violations`; the handler does not pass
      // that header on, so it is read here.
      const violation = response.headers.get("sl-violations");
      if (violation) violations.push(`${request.method} ${url.pathname}: ${violation}`);
      return response;
    },
  });
  const server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  );
  const { port } = server.address() as AddressInfo;
  const gh = createArtifactsClient({
    baseUrl: `http://127.0.0.1:${port}${PREFIX}`,
    retry: false,
    fetch: async (request) => {
      const url = loopbackOnly(request);
      requests.push(`${request.method} ${url.pathname}${url.search}`);
      authorization.browser.push(request.headers.get("authorization"));
      const response = await globalThis.fetch(request);
      // note: read whole and rebuilt rather than cloned: happy-dom's clone() shares the body with the original. As
      // bytes, since a download's are not text; decoded only to look for the token in.
      const bytes = new Uint8Array(await response.arrayBuffer());
      received.push(`${JSON.stringify([...response.headers])}\n${new TextDecoder().decode(bytes)}`);
      const empty = [204, 304].includes(response.status) || (bytes.byteLength === 0 && response.status >= 300);
      const { status, statusText, headers } = response;
      const rebuilt = new Response(empty ? null : bytes, { status, statusText, headers });
      // note: a constructed Response has an empty `url`; a download reads the one it came from.
      return Object.defineProperty(rebuilt, "url", { value: response.url });
    },
  });
  return { gh, origin: `http://127.0.0.1:${port}`, violations, requests, upstream, authorization, received };
}
