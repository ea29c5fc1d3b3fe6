// The Host check against DNS rebinding: `allowedHosts` of the handler, and of toNodeListener (loopback by default).
import { request as httpRequest } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { InvalidInputError } from "../../src/index.js";
import { type NodeListenerOptions, toNodeListener } from "../../src/node/index.js";
import { startServer } from "../helpers.js";
import { PREFIX, proxyFor, startUpstream } from "./fake-upstream.js";

const ONE = `${PREFIX}/repos/o/r/actions/artifacts/7`;

describe("createArtifactsProxy: allowedHosts", () => {
  it("a name without a port matches it on any port; with a port only there; names compare as the URL parser spells them", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, { allowedHosts: ["APP.example", "admin.example:8443", "[::1]:3000"] });
    const status = async (origin: string) => (await handler(new Request(`${origin}${ONE}`))).status;
    expect(await status("https://app.example")).toBe(200);
    expect(await status("http://app.example:5173")).toBe(200);
    expect(await status("https://admin.example:8443")).toBe(200);
    expect(await status("https://admin.example")).toBe(421);
    expect(await status("http://[0:0::1]:3000")).toBe(200);
    expect(await status("http://[::1]:3001")).toBe(421);
    expect(await status("https://app.example.evil.test")).toBe(421);
    expect(upstream.requests).toHaveLength(4);
  });

  it("a port that is the scheme's default matches the URL without one", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, { allowedHosts: ["app.example:443"] });
    expect((await handler(new Request(`https://app.example${ONE}`))).status).toBe(200);
    expect((await handler(new Request(`http://app.example${ONE}`))).status).toBe(421);
  });

  it("421 comes before the path check: an unknown path on another host is 421, not 404", async () => {
    const upstream = await startUpstream();
    const response = await proxyFor(upstream, { allowedHosts: ["app.example"] })(new Request("http://evil.test/x"));
    expect(response.status).toBe(421);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });
});

/** One request to `server` with the `Host` header `host`; resolves with the status. */
function withHost(url: string, host: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    httpRequest({ hostname, port, path: ONE, headers: { host } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    })
      .on("error", reject)
      .end();
  });
}

async function listening(options?: NodeListenerOptions) {
  const upstream = await startUpstream();
  const listener = toNodeListener(proxyFor(upstream), options);
  const server = await startServer((req, res) => void listener(req, res));
  onTestFinished(() => server.close());
  return { upstream, server, port: new URL(server.url).port };
}

describe("toNodeListener: allowedHosts", () => {
  it("on a loopback address: localhost, 127.0.0.1 and [::1] on any port (a forwarded port too); nothing else", async () => {
    const { upstream, server, port } = await listening();
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "LOCALHOST:8080", "localhost"]) {
      expect(await withHost(server.url, host), host).toBe(200);
    }
    for (const host of [`evil.test:${port}`, "localhost.evil.test", `127.0.0.2:${port}`, "app.example"]) {
      expect(await withHost(server.url, host), host).toBe(421);
    }
    expect(upstream.requests).toHaveLength(5);
  });

  it("a list replaces the default (behind a reverse proxy that passes the public Host)", async () => {
    const { upstream, server, port } = await listening({ allowedHosts: ["app.example"] });
    expect(await withHost(server.url, "app.example")).toBe(200);
    expect(await withHost(server.url, `localhost:${port}`)).toBe(421);
    expect(upstream.requests).toHaveLength(1);
  });

  it('"any" turns the check off', async () => {
    const { server } = await listening({ allowedHosts: "any" });
    expect(await withHost(server.url, "anything.example")).toBe(200);
  });

  it("a bad list is InvalidInputError naming allowedHosts", () => {
    for (const value of [[], ["*.example"], ["https://app.example"], ["app.example:0"], "localhost", [42]]) {
      expect(() => toNodeListener(async () => new Response(), { allowedHosts: value as never })).toThrow(
        InvalidInputError,
      );
    }
  });
});
