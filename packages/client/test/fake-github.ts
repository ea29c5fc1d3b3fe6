import type { IncomingMessage, ServerResponse } from "node:http";
import { artifact, startServer, type TestServer, type WireArtifact } from "./helpers.js";

export type StorageBehaviour = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** Serves `body` whole, with its Content-Length. */
export const serveWhole: StorageBehaviour = (_req, res, body) => {
  res.writeHead(200, { "content-type": "application/zip", "content-length": String(body.length) });
  res.end(body);
};

/** Serves `body` whole as a single-file artifact of type `contentType`, with `disposition` when given. */
export const serveFile =
  (contentType: string, disposition?: string): StorageBehaviour =>
  (_req, res, body) => {
    const headers: Record<string, string> = { "content-type": contentType, "content-length": String(body.length) };
    if (disposition !== undefined) headers["content-disposition"] = disposition;
    res.writeHead(200, headers);
    res.end(body);
  };

/** Announces the full length, sends half, then drops the connection. */
export const serveTruncated: StorageBehaviour = (_req, res, body) => {
  res.writeHead(200, { "content-type": "application/zip", "content-length": String(body.length) });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
};

/** Sends half and then stalls until the client goes away. */
export const serveStalling: StorageBehaviour = (_req, res, body) => {
  res.writeHead(200, { "content-type": "application/zip", "content-length": String(body.length) });
  res.write(body.subarray(0, Math.floor(body.length / 2)));
};

/** How the API answers the download endpoint; `location` is the storage URL it would redirect to. */
export type RedirectBehaviour = (req: IncomingMessage, res: ServerResponse, location: string) => void;

/** A plain 302 to `location`, with an empty body. */
export const redirectPlainly: RedirectBehaviour = (_req, res, location) => {
  res.writeHead(302, { location }).end();
};

export interface FakeGitHub {
  api: TestServer;
  storage: TestServer;
  close(): Promise<void>;
}

/**
 * Two loopback servers on different ports (so different origins): `api` acts as GitHub and redirects downloads to
 * `storage`, which answers 400 to any request carrying `Authorization`, as a signed storage URL would.
 */
export async function startFakeGitHub(options: {
  body: Buffer;
  artifact?: Partial<WireArtifact>;
  storage?: StorageBehaviour;
  /** How the download endpoint answers. Default: `redirectPlainly`. */
  redirect?: RedirectBehaviour;
  expired?: boolean;
  /** The storage path the download redirects to. Default: `/blob/1.zip`. */
  storagePath?: string;
}): Promise<FakeGitHub> {
  const storage = await startServer((req, res) => {
    if (req.headers.authorization !== undefined) {
      res.writeHead(400, { "content-type": "text/plain" }).end("Authorization must not be sent to storage");
      return;
    }
    (options.storage ?? serveWhole)(req, res, options.body);
  });
  const api = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    if (url.pathname === "/repos/o/r/actions/artifacts/1") {
      send(200, artifact(1, { size_in_bytes: options.body.length, ...options.artifact }));
    } else if (url.pathname === "/repos/o/r/actions/artifacts/1/zip") {
      if (options.expired) send(410, { message: "Artifact has expired", status: "410" });
      else
        (options.redirect ?? redirectPlainly)(
          req,
          res,
          `${storage.url}${options.storagePath ?? "/blob/1.zip"}?sig=abc`,
        );
    } else {
      send(404, { message: "Not Found" });
    }
  });
  return {
    api,
    storage,
    close: async () => {
      await Promise.all([api.close(), storage.close()]);
    },
  };
}
