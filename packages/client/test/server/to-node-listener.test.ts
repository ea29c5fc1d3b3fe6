// toNodeListener: a web-standard handler on node:http, tested with raw requests (node:http sends the path exactly
// as written, where fetch would normalize it first).
import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { type NodeListenerOptions, toNodeListener } from "../../src/node/index.js";
import { startServer } from "../helpers.js";
import { PREFIX, proxyFor, startUpstream } from "./fake-upstream.js";

/** Serves `handler` through the adapter on a loopback port; closed when the test finishes. */
async function serve(
  handler: (request: Request) => Promise<Response>,
  spy?: (res: ServerResponse) => void,
  options?: NodeListenerOptions,
) {
  const listener = toNodeListener(handler, options);
  const server = await startServer((req, res) => {
    spy?.(res);
    void listener(req, res);
  });
  onTestFinished(() => server.close());
  return server;
}

interface RawAnswer {
  status: number;
  headers: IncomingMessage["headers"];
  body: string;
}

/** One raw HTTP request: `path` and headers go on the wire as given. */
function raw(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = httpRequest(
      { hostname, port, path, method: options.method ?? "GET", headers: options.headers },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("the raw path reaches the handler unchanged, or not at all", () => {
  for (const path of [
    `${PREFIX}/repos/o/r/actions/artifacts/x/../1`,
    `${PREFIX}/repos/o/r/actions/artifacts/1/zip/..`,
    `${PREFIX}/repos/o/r/actions/secrets/../artifacts`,
    `${PREFIX}/repos/o/r/actions/./artifacts`,
    `${PREFIX}/repos/o/r/actions/artifacts/%2e%2e/1`,
    `${PREFIX}/repos/o/r/actions/artifacts/.%2E/1`,
    `${PREFIX}/repos/o/r/actions/artifacts/%2E/1`,
    `${PREFIX}/repos/o\\r/actions/artifacts`,
    `${PREFIX}\\repos/o/r/actions/artifacts`,
    `${PREFIX}/repos/o/r/actions/artifacts/{1}`,
    `${PREFIX}/repos/o/r/actions/artifacts/"1"`,
    "http://evil.test/repos/o/r/actions/artifacts",
    "*",
  ]) {
    it(`${path} is 400, nothing upstream`, async () => {
      const upstream = await startUpstream();
      const server = await serve(proxyFor(upstream));
      const answer = await raw(server.url, path, { method: path === "*" ? "OPTIONS" : "GET" });
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).message).toMatch(/canonical form|not valid/);
      expect(upstream.requests).toEqual([]);
    });
  }

  it("encoded slashes pass the adapter and are refused by the handler, by field", async () => {
    const upstream = await startUpstream();
    const server = await serve(proxyFor(upstream));
    const answer = await raw(server.url, `${PREFIX}/repos/o%2F..%2F..%2Fuser/r/actions/artifacts`);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).errors).toEqual([{ field: "owner", code: "invalid" }]);
    expect(upstream.requests).toEqual([]);
  });

  it("a Host with user info or a path is 400", async () => {
    const seen: Request[] = [];
    const server = await serve(async (request) => {
      seen.push(request);
      return new Response("ok");
    });
    for (const host of ["user@evil.test", "evil.test/x", "evil.test:99999999"]) {
      const answer = await raw(server.url, "/x", { headers: { host } });
      expect(answer.status, host).toBe(400);
    }
    expect(seen).toEqual([]);
  });

  it("TRACE, which a Request cannot carry, is 405", async () => {
    const server = await serve(async () => new Response("ok"));
    expect((await raw(server.url, "/x", { method: "TRACE" })).status).toBe(405);
  });
});

describe("the Request and the Response", () => {
  it("carry the method, the URL with its query, every header (repeated ones too) and the status", async () => {
    let seen: Request | undefined;
    const server = await serve(async (request) => {
      seen = request;
      const headers = new Headers({ "content-type": "text/plain", "x-one": "1" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response("hello", { status: 201, statusText: "Made", headers });
    });
    const answer = await raw(server.url, "/a/b?x=1&y=%20", {
      method: "DELETE",
      headers: { "x-custom": "v", accept: "application/json", cookie: "s=1" },
    });
    expect(seen?.method).toBe("DELETE");
    expect(seen?.url).toBe(`${server.url}/a/b?x=1&y=%20`);
    expect(seen?.headers.get("x-custom")).toBe("v");
    expect(seen?.headers.get("cookie")).toBe("s=1");
    expect(answer.status).toBe(201);
    expect(answer.body).toBe("hello");
    expect(answer.headers["x-one"]).toBe("1");
    expect(answer.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
  });

  it("a HEAD answer has no body", async () => {
    const server = await serve(async () => new Response("a body", { headers: { "x-a": "1" } }));
    const answer = await raw(server.url, "/", { method: "HEAD" });
    expect(answer.status).toBe(200);
    expect(answer.headers["x-a"]).toBe("1");
    expect(answer.body).toBe("");
  });

  it("a request body is discarded, never awaited: the answer comes, and the connection serves the next request", async () => {
    const server = await serve(async (request) => new Response(`${request.method} ${request.body === null}`));
    const first = await raw(server.url, "/", { method: "POST", body: "x".repeat(1024 * 1024) });
    expect(first).toMatchObject({ status: 200, body: "POST true" });
    expect((await raw(server.url, "/")).body).toBe("GET true");
  });

  it("a handler that throws is 500 with a JSON message", async () => {
    const server = await serve(async () => {
      throw new Error("secret detail");
    });
    const answer = await raw(server.url, "/");
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ message: "The handler failed" });
  });

  it("onError hears of a handler that throws, with the request; the answer still quotes nothing", async () => {
    const reports: [unknown, Request | undefined][] = [];
    const failure = new Error("secret detail");
    const server = await serve(
      async () => {
        throw failure;
      },
      undefined,
      { onError: (error, request) => reports.push([error, request]) },
    );
    const answer = await raw(server.url, "/some/path?q=1");
    expect(answer.status).toBe(500);
    expect(answer.body).not.toContain("secret");
    expect(reports).toHaveLength(1);
    expect(reports[0]?.[0]).toBe(failure);
    expect(new URL(reports[0]?.[1]?.url ?? "").pathname).toBe("/some/path");
  });

  it("onError hears once of a body that errors after the status went out", async () => {
    const reports: unknown[] = [];
    const stalled = new Error("storage stalled");
    const server = await serve(
      async () => {
        let sent = false;
        const body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent) controller.error(stalled);
            else controller.enqueue(new TextEncoder().encode("part"));
            sent = true;
          },
        });
        return new Response(body, { headers: { "content-length": "100" } });
      },
      undefined,
      { onError: (error) => reports.push(error) },
    );
    await expect(raw(server.url, "/")).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
    expect(reports).toEqual([stalled]);
  });

  it("onError is not told of a client that went away mid-body", async () => {
    const reports: unknown[] = [];
    const listener = toNodeListener(
      async (request) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("first"));
              // note: as the proxy's streamed download does: the exchange's abort errors the body.
              request.signal.addEventListener("abort", () => controller.error(request.signal.reason));
            },
          }),
        ),
      { onError: (error) => reports.push(error) },
    );
    let finished!: Promise<void>;
    const server = await startServer((req, res) => {
      finished = listener(req, res);
    });
    onTestFinished(() => server.close());
    await new Promise<void>((resolve) => {
      const { hostname, port } = new URL(server.url);
      const req = httpRequest({ hostname, port, path: "/" }, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => undefined);
      req.end();
    });
    await finished;
    expect(reports).toEqual([]);
  });

  it("an onError that throws changes nothing: the 500 still goes out", async () => {
    const server = await serve(
      async () => {
        throw new Error("x");
      },
      undefined,
      {
        onError: () => {
          throw new Error("logger down");
        },
      },
    );
    const answer = await raw(server.url, "/");
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ message: "The handler failed" });
  });

  it("onError must be a function, checked when the listener is made", () => {
    expect(() => toNodeListener(async () => new Response(), { onError: "log" as never })).toThrow(
      /Invalid onError: must be a function/,
    );
  });

  it("a body that errors midway cuts the connection (the client sees no clean end)", async () => {
    const server = await serve(async () => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) controller.error(new Error("storage stalled"));
          else controller.enqueue(new TextEncoder().encode("part"));
          sent = true;
        },
      });
      return new Response(body, { headers: { "content-length": "100" } });
    });
    await expect(raw(server.url, "/")).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
  });
});

describe("disconnects and backpressure", () => {
  it("the request's signal aborts when the client disconnects", async () => {
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let aborted!: (reason: unknown) => void;
    const abort = new Promise<unknown>((resolve) => {
      aborted = resolve;
    });
    const server = await serve(
      (request) =>
        new Promise<Response>((resolve) => {
          request.signal.addEventListener("abort", () => {
            aborted(request.signal.reason);
            resolve(new Response(null, { status: 499 }));
          });
          arrived();
        }),
    );
    const { hostname, port } = new URL(server.url);
    const req = httpRequest({ hostname, port, path: "/slow" });
    req.on("error", () => undefined);
    req.end();
    await reached;
    req.destroy();
    expect(await abort).toMatchObject({ name: "AbortError" });
  });

  it("reads no more of the body while the socket is full, until it drains", async () => {
    const chunk = new Uint8Array(64 * 1024);
    let reads = 0;
    let readsAtBlock = -1;
    let readsAtDrain = -1;
    let blocked!: () => void;
    const full = new Promise<void>((resolve) => {
      blocked = resolve;
    });
    const server = await serve(
      async () =>
        new Response(
          new ReadableStream<Uint8Array>(
            {
              pull(controller) {
                reads++;
                if (reads > 1024) controller.close();
                else controller.enqueue(chunk);
              },
            },
            { highWaterMark: 0 },
          ),
        ),
      (res) => {
        const write = res.write.bind(res) as (data: Uint8Array) => boolean;
        res.write = ((data: Uint8Array) => {
          const ok = write(data);
          if (!ok && readsAtBlock === -1) {
            readsAtBlock = reads;
            res.once("drain", () => {
              readsAtDrain = reads;
            });
            blocked();
          }
          return ok;
        }) as typeof res.write;
      },
    );
    const { hostname, port } = new URL(server.url);
    let received = 0;
    const done = new Promise<void>((resolve, reject) => {
      const req = httpRequest({ hostname, port, path: "/big" }, (res) => {
        res.pause();
        void full.then(async () => {
          // note: give a careless writer a few turns of the event loop to keep reading while the socket is full.
          for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
          res.on("data", (data: Buffer) => {
            received += data.length;
          });
          res.on("end", resolve);
          res.resume();
        });
      });
      req.on("error", reject);
      req.end();
    });
    await done;
    expect(readsAtBlock).toBeGreaterThan(0);
    expect(readsAtDrain).toBe(readsAtBlock);
    expect(received).toBe(1024 * chunk.length);
  });
});
