import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { InvalidInputError } from "../errors.js";
import {
  type HostRule,
  hostAllowed,
  isLoopbackAddress,
  LOOPBACK_HOSTS,
  resolveHosts,
} from "../server/allowed-hosts.js";

/** The listener `node:http`'s `createServer` takes. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const ignore = () => undefined;
// note: a name or an IP literal and a port, nothing else: user info or a path in `Host` would change the origin the
// handler compares `Origin` with and builds its links from.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function sendJson(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(JSON.stringify({ message }));
}

/** Resolves once `res` can take more data, or is closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** Why a request could not be handed to the handler. */
interface Refusal {
  status: number;
  message: string;
}

/**
 * The `Request` a web-standard handler sees, or why there is none. The path is taken only as the
 * client sent it: one the URL parser would rewrite (dot segments, backslashes, characters it escapes) is refused
 * here, since the handler could only see the rewritten one.
 */
function toRequest(req: IncomingMessage, signal: AbortSignal, hosts: Hosts): Request | Refusal {
  const raw = req.url ?? "";
  const encrypted = (req.socket as Partial<TLSSocket>).encrypted === true;
  const host = req.headers.host ?? "localhost";
  let url: URL;
  let origin: URL;
  try {
    if (!HOST.test(host)) throw new TypeError("bad host");
    origin = new URL(`${encrypted ? "https" : "http"}://${host}`);
    url = new URL(raw, origin);
  } catch {
    return { status: 400, message: "The request's Host or path is not valid" };
  }
  const rules =
    hosts === "any" ? undefined : (hosts ?? (isLoopbackAddress(req.socket.localAddress) ? LOOPBACK_HOSTS : undefined));
  if (rules && !hostAllowed(rules, origin)) {
    return { status: 421, message: "Misdirected Request: this server does not answer for the request's Host" };
  }
  if (!raw.startsWith("/") || url.pathname !== (raw.split("?")[0] as string)) {
    const message = "The request's path is not in canonical form (dot segments, backslashes or unescaped characters)";
    return { status: 400, message };
  }
  const headers = new Headers();
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    // note: HTTP/2 pseudo-headers (":path") are no header fields.
    if (!name.startsWith(":")) for (const value of values ?? []) headers.append(name, value);
  }
  try {
    return new Request(url, { method: req.method ?? "GET", headers, signal });
  } catch {
    // note: `Request` refuses the methods fetch forbids (CONNECT, TRACE, TRACK).
    return { status: 405, message: "The request's method is not supported" };
  }
}

/** Writes `response` to `res`, waiting for `drain` when the socket is full; a body that errors destroys `res`. */
async function write(response: Response, res: ServerResponse, head: boolean, report: Report): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (!response.body || head) {
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
  } catch (error) {
    // note: the status and headers are gone already; a cut connection is how the client learns of the failure.
    res.destroy(error instanceof Error ? error : undefined);
    report(error);
  } finally {
    res.off("close", stop);
  }
}

type Report = (error: unknown) => void;
/** The hosts accepted: the option as given, `undefined` for the default. */
type Hosts = readonly HostRule[] | "any" | undefined;

/** Options of `toNodeListener`. */
export interface NodeListenerOptions {
  /**
   * Told of what the answer cannot say: a handler that throws (answered 500 without the detail) or a response body
   * that errors after the status went out (the connection is cut); a client that went away is not reported. For the
   * server's logs (`createArtifactsProxy`'s own `onError` already hears of the failures inside it, a broken download
   * included); one that throws is ignored. Default: none.
   */
  onError?: ((error: unknown, request: Request | undefined) => void) | undefined;
  /**
   * The `Host` names (optionally with a port) requests may carry; another is 421 before the handler runs (DNS
   * rebinding: another site's name made to resolve to this server). `"any"` turns the check off. Default: on a
   * connection to a loopback address only `localhost`, `127.0.0.1` and `[::1]` (any port), elsewhere any host.
   */
  allowedHosts?: readonly string[] | "any" | undefined;
}

/**
 * Mounts a web-standard handler (such as `createArtifactsProxy()` from `@gh-artifacts/client/server`) on
 * `node:http`: `createServer(toNodeListener(handler))`. The `Request` gets the headers and the raw path as sent
 * (refused with 400 when the URL parser would rewrite it), and a signal that aborts when the client disconnects;
 * the `Response` is written with backpressure. On a loopback address only loopback `Host` names are accepted unless
 * `allowedHosts` says otherwise (421). Request bodies are not passed on (the artifact operations take none)
 * and are discarded, so one never holds up the answer.
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
  options: NodeListenerOptions = {},
): NodeListener {
  const { onError } = options;
  if (onError !== undefined && typeof onError !== "function") {
    throw new InvalidInputError("onError", "must be a function");
  }
  const hosts: Hosts =
    options.allowedHosts === "any" ? "any" : resolveHosts("allowedHosts", options.allowedHosts, ', or "any"');
  return async (req, res) => {
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort(new DOMException("The client disconnected", "AbortError"));
    };
    res.on("close", onClose);
    req.resume();
    let request: Request | undefined;
    const report: Report = (error) => {
      // note: a client that went away is no failure of the server's.
      if (controller.signal.aborted) return;
      try {
        onError?.(error, request);
      } catch {
        // note: a logger that throws is the caller's bug; the answer is what it was going to be.
      }
    };
    try {
      const made = toRequest(req, controller.signal, hosts);
      if (!(made instanceof Request)) {
        sendJson(res, made.status, made.message);
        return;
      }
      request = made;
      await write(await handler(made), res, req.method === "HEAD", report);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, "The handler failed");
      else res.destroy();
      report(error);
    } finally {
      res.off("close", onClose);
    }
  };
}
