// The proxy against a hostile artifact, a hostile page and a misbehaving upstream: one test per fault of the
// proxy-hardening issue (numbered as there), each over loopback sockets.
import { request as httpRequest } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { toNodeListener } from "../../src/node/index.js";
import { readAll, startServer } from "../helpers.js";
import { call, everything, PREFIX, proxyFor, startStorage, startUpstream, TOKEN } from "./fake-upstream.js";

const ONE = `${PREFIX}/repos/o/r/actions/artifacts/7`;
const ZIP = `${ONE}/zip`;

describe("proxy hardening", () => {
  it("1: a streamed single-file artifact is never rendered: attachment, octet-stream, nosniff, sandbox", async () => {
    const page = "<script>fetch('/api/github/repos/o/r/actions/artifacts/1', { method: 'DELETE' })</script>";
    const storage = await startStorage((_req, res) =>
      res
        .writeHead(200, { "content-type": "text/html", "content-disposition": 'inline; filename="report.html"' })
        .end(page),
    );
    const upstream = await startUpstream({ storage: `${storage.server.url}/blob/report.html?sig=s3cr3t` });
    const response = await call(proxyFor(upstream, { download: "stream" }), ZIP);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="report.html"');
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(await response.text()).toBe(page);
  });

  it("2: a JSON operation's redirect to another path of the API host (/user) is 502; the token does not follow", async () => {
    const upstream = await startUpstream({
      answer: (request) =>
        new URL(request.url).pathname === "/user"
          ? Response.json({ login: "octocat" })
          : new Response(null, { status: 301, headers: { location: "/user" } }),
    });
    const response = await call(proxyFor(upstream), ONE);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ message: "GitHub redirected the request outside its API" });
    expect(upstream.requests.map((r) => r.url)).toEqual(["/repos/o/r/actions/artifacts/7"]);
  });

  it("3: DNS rebinding: a listener on loopback refuses another Host with 421 before the handler runs", async () => {
    const upstream = await startUpstream();
    const listener = toNodeListener(proxyFor(upstream));
    const server = await startServer((req, res) => void listener(req, res));
    onTestFinished(() => server.close());
    const { hostname, port } = new URL(server.url);
    const answer = await new Promise<{ status: number; body: string; nosniff: unknown }>((resolve, reject) => {
      const headers = { host: `rebound.evil.test:${port}` };
      httpRequest({ hostname, port, path: ONE, headers }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          body += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body, nosniff: res.headers["x-content-type-options"] }),
        );
      })
        .on("error", reject)
        .end();
    });
    expect(answer.status).toBe(421);
    expect(JSON.parse(answer.body)).toEqual({ message: expect.stringMatching(/^Misdirected Request/) });
    expect(answer.nosniff).toBe("nosniff");
    expect(upstream.requests).toEqual([]);
  });

  it("3: allowedHosts: a request for another Host is 421 before anything else; nothing upstream", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, { allowedHosts: ["app.test"] });
    const response = await handler(new Request(`http://rebound.evil.test${ONE}`));
    expect(response.status).toBe(421);
    expect(await response.json()).toEqual({ message: expect.stringMatching(/^Misdirected Request/) });
    expect(upstream.requests).toEqual([]);
    expect((await call(handler, ONE)).status).toBe(200);
  });

  it("4: SSRF: a streamed download's Location to a loopback address is 502, and nothing asks it", async () => {
    const internal = await startStorage((_req, res) => res.writeHead(200).end("internal secrets"));
    const upstream = await startUpstream({ storage: `${internal.server.url}/admin.zip` });
    // note: GitHub on a public name (the policy allows local storage only when baseUrl is local itself), reached
    // through the loopback fake.
    const api = "http://api.github.test";
    const fetch = (request: Request) =>
      globalThis.fetch(
        request.url.startsWith(api) ? new Request(upstream.url + request.url.slice(api.length), request) : request,
      );
    const handler = proxyFor(upstream, { baseUrl: api, download: "stream", fetch });
    const response = await call(handler, ZIP);
    expect(response.status).toBe(502);
    expect(await everything(response)).not.toContain("internal secrets");
    expect(upstream.requests).toHaveLength(1);
    expect(internal.seen).toEqual([]);
  });

  it("5: a 2xx body of a JSON operation that is not JSON is 502, never relayed (a JSON-escaped token in it too)", async () => {
    const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    const upstream = await startUpstream({
      answer: () =>
        new Response(`{"id":7,"name":"${escaped}"} trailing`, { headers: { "content-type": "application/json" } }),
    });
    const response = await call(proxyFor(upstream), ONE);
    expect(response.status).toBe(502);
    const seen = await everything(response);
    expect(seen).not.toContain(escaped);
    expect(seen).not.toContain("\\u0067");
  });

  it("6: a token function that never settles is 504 after timeoutMs; nothing upstream", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, { token: () => new Promise<string>(() => undefined), timeoutMs: 100 });
    const response = await call(handler, ONE);
    expect(response.status).toBe(504);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(upstream.requests).toEqual([]);
  });

  it("6: a token function that never settles is let go when the browser goes away (499)", async () => {
    const upstream = await startUpstream();
    let asked!: () => void;
    const reached = new Promise<void>((resolve) => {
      asked = resolve;
    });
    const token = () => {
      asked();
      return new Promise<string>(() => undefined);
    };
    const browser = new AbortController();
    const answer = call(proxyFor(upstream, { token, timeoutMs: 0 }), ONE, { signal: browser.signal });
    await reached;
    browser.abort();
    expect((await answer).status).toBe(499);
    expect(upstream.requests).toEqual([]);
  });

  it("6: an authorize that never settles is 504 after timeoutMs too; onError is told", async () => {
    const upstream = await startUpstream();
    const errors: unknown[] = [];
    const authorize = () => new Promise<boolean>(() => undefined);
    const handler = proxyFor(upstream, { authorize, timeoutMs: 100, onError: (error) => errors.push(error) });
    const response = await call(handler, ONE);
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ message: "The proxy's authorize did not settle within 100 ms" });
    expect(errors).toEqual([expect.objectContaining({ name: "TimeoutError" })]);
    expect(upstream.requests).toEqual([]);
  });

  it("every answer carries X-Content-Type-Options: nosniff (JSON, errors, 302, 304, 404)", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream);
    const one = await call(handler, ONE);
    const answers = [
      one,
      await call(handler, ZIP),
      await call(handler, ONE, { headers: { "if-none-match": one.headers.get("etag") ?? "" } }),
      await call(handler, `${PREFIX}/user`),
      await call(handler, ONE, { method: "DELETE" }),
      await call(handler, `${ONE}e3`),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 302, 304, 404, 403, 400]);
    for (const answer of answers) expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    const stream = await startStorage((_req, res) =>
      res.writeHead(200, { "content-type": "application/zip" }).end("PK"),
    );
    const up = await startUpstream({ storage: stream.url });
    const streamed = await call(proxyFor(up, { download: "stream" }), ZIP);
    expect(streamed.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await readAll(streamed.body!)).toString()).toBe("PK");
  });
});
