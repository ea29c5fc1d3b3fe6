import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequestListener } from "@remix-run/node-fetch-server";
import type { ArtifactsWorld } from "../artifacts-world.js";
import { createArtifactsRequestHandler, type FakeGitHubOptions } from "../create-artifacts-fetch.js";

/** Options of `startFakeGitHub`. */
export interface StartFakeGitHubOptions extends Pick<FakeGitHubOptions, "intercept"> {
  /** The world it answers from. */
  world: ArtifactsWorld;
  /** The address both servers listen on. Default: `"127.0.0.1"`. */
  host?: string | undefined;
  /** The API's port. Default: a free one. */
  port?: number | undefined;
  /** The storage host's port. Default: a free one. */
  storagePort?: number | undefined;
}

/** A running fake GitHub: its API root, its storage root, and how to stop it. */
export interface RunningFakeGitHub {
  /** The API root, e.g. `http://127.0.0.1:PORT`: the client's `baseUrl`. */
  url: string;
  /** The storage host's root that downloads redirect to (another port: another origin, as on GitHub). */
  storageUrl: string;
  /** Stops both servers, ending open connections. */
  stop(): Promise<void>;
}

async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  return `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * `handle` on node:http through @remix-run/node-fetch-server: each `Request` on `root` (this server's own origin,
 * so the handler tells its two hosts apart), with a signal that aborts when the client goes away; the `Response`
 * written with backpressure, and a body that errors midway cuts the connection (how a client learns a download
 * broke). A handler that throws is a JSON 500, as a broken GitHub would answer, rather than the library's text.
 */
function listener(handle: (request: Request) => Promise<Response>, root: string) {
  const { host, protocol } = new URL(root);
  return createRequestListener(handle, {
    host,
    protocol,
    onError: (error) =>
      new Response(
        JSON.stringify({
          message: `The fake GitHub failed: ${error instanceof Error ? error.message : String(error)}`,
        }),
        { status: 500, headers: { "content-type": "application/json; charset=utf-8" } },
      ),
  });
}

/**
 * node:http sends a response's head with its first body write, on a socket it keeps corked until the next tick; a
 * body that breaks in its first chunk is destroyed before that, and the client would see a connection closed before
 * any answer. Destroying once the socket has written what was queued sends the head and the bytes before the cut, as
 * a storage host that fails midway does.
 */
function destroyAfterFlush(res: ServerResponse): void {
  const destroy = res.destroy.bind(res);
  res.destroy = (error?: Error) => {
    const socket = res.socket;
    if (!socket || socket.destroyed || socket.writableLength === 0) return destroy(error);
    socket.write(new Uint8Array(0), () => destroy(error));
    return res;
  };
}

/**
 * The fake GitHub on node:http, for what cannot use MSW: a CLI in another process, a browser driven by Playwright,
 * a program in another language. Two servers on loopback: the API and the storage host its downloads redirect to.
 * Both answer through the same handler as `artifactsHandlers`, so they behave the same.
 */
export async function startFakeGitHub(options: StartFakeGitHubOptions): Promise<RunningFakeGitHub> {
  const host = options.host ?? "127.0.0.1";
  const servers: Server[] = [];
  try {
    const api = createServer();
    const storage = createServer();
    servers.push(api, storage);
    const url = await listen(api, host, options.port ?? 0);
    const storageUrl = await listen(storage, host, options.storagePort ?? 0);
    // note: the handler knows both roots only once both ports are bound; no request is served before.
    const handle = createArtifactsRequestHandler(options.world, {
      baseUrl: url,
      storageUrl,
      intercept: options.intercept,
    });
    for (const [server, root] of [
      [api, url],
      [storage, storageUrl],
    ] as const) {
      const serve = listener(handle, root);
      server.on("request", (req, res) => {
        destroyAfterFlush(res);
        void serve(req, res);
      });
    }
    return { url, storageUrl, stop: async () => void (await Promise.all(servers.map(close))) };
  } catch (error) {
    await Promise.all(servers.map(close));
    throw error;
  }
}
