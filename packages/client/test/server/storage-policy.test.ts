// Where a download may lead: the storage policy (the client's scheme and user-info rule, storageHosts, no local
// address in stream mode).
import { describe, expect, it } from "vitest";
import { UnsafeRedirectError } from "../../src/errors.js";
import { redirectTarget } from "../../src/redirect-target.js";
import { resolveHosts } from "../../src/server/allowed-hosts.js";
import { isLocalHost, storagePolicy } from "../../src/server/storage-policy.js";
import { call, everything, PREFIX, proxyFor, startStorage, startUpstream } from "./fake-upstream.js";

const ZIP = `${PREFIX}/repos/o/r/actions/artifacts/7/zip`;
const hostOf = (url: string) => new URL(url).hostname;

/** A `fetch` that sends requests for `api` to the loopback fake GitHub, and any other request on as it is. */
function routing(api: string, upstreamUrl: string) {
  return (request: Request) =>
    globalThis.fetch(
      request.url.startsWith(api) ? new Request(upstreamUrl + request.url.slice(api.length), request) : request,
    );
}

describe("isLocalHost", () => {
  // note: spelled as a user would; the URL parser makes each the canonical form the policy sees.
  for (const url of [
    "http://localhost/",
    "http://LocalHost./",
    "http://app.localhost/",
    "http://127.0.0.1/",
    "http://127.1/",
    "http://0x7f.1/",
    "http://2130706433/",
    "http://0.0.0.0/",
    "http://0/",
    "http://10.1.2.3/",
    "http://100.64.0.1/",
    "http://100.127.255.255/",
    "http://169.254.169.254/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://[::1]/",
    "http://[::]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[::127.0.0.1]/",
    "http://[64:ff9b::192.168.0.1]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://[febf::1]/",
  ]) {
    it(`${url} is local`, () => expect(isLocalHost(hostOf(url))).toBe(true));
  }
  for (const url of [
    "https://productionresultssa0.blob.core.windows.net/",
    "http://localhost.example/",
    "http://8.8.8.8/",
    "http://100.63.255.255/",
    "http://100.128.0.1/",
    "http://172.15.255.255/",
    "http://172.32.0.1/",
    "http://169.253.0.1/",
    "http://192.169.0.1/",
    "http://[2001:db8::1]/",
    "http://[::ffff:8.8.8.8]/",
    "http://[64:ff9b::8.8.8.8]/",
    "http://[ff02::1]/",
  ]) {
    it(`${url} is not local`, () => expect(isLocalHost(hostOf(url))).toBe(false));
  }
});

describe("storagePolicy", () => {
  const storageHosts = resolveHosts("storageHosts", ["storage.ghe.example", "minio.internal:9000"]);

  it("https only with an https baseUrl; http too with an http one", () => {
    const https = storagePolicy("https://api.github.com", undefined, false);
    expect(https(new URL("https://storage.test/x.zip"))).toBeUndefined();
    expect(https(new URL("http://storage.test/x.zip"))).toBe("it is not an https: URL");
    const http = storagePolicy("http://ghe.test/api/v3", undefined, false);
    expect(http(new URL("http://storage.test/x.zip"))).toBeUndefined();
  });

  it("refuses a Location with user info, like the client", () => {
    const policy = storagePolicy("https://api.github.com", undefined, false);
    expect(policy(new URL("https://user:pass@storage.test/x.zip"))).toBe("it carries user info");
    expect(policy(new URL("https://user@storage.test/x.zip"))).toBe("it carries user info");
  });

  // note: one rule for where a download may lead, so a Location the client's own download refuses is never one the
  // proxy passes on (or the other way round), and both say why in the same words.
  it("refuses exactly the schemes and user info the client's downloads refuse, for the same reason", () => {
    const clientSays = (location: string, baseUrl: string) => {
      try {
        redirectTarget(302, location, `${baseUrl}/repos/o/r/actions/artifacts/1/zip`, baseUrl);
        return undefined;
      } catch (error) {
        expect(error).toBeInstanceOf(UnsafeRedirectError);
        return (error as UnsafeRedirectError).reason.replace(/^the Location /, "it ");
      }
    };
    const locations = [
      "https://storage.test/x.zip",
      "http://storage.test/x.zip",
      "HTTPS://storage.test/x.zip",
      "ftp://storage.test/x.zip",
      "file:///etc/passwd",
      "data:application/zip;base64,UEs=",
      "blob:https://storage.test/x",
      "javascript:alert(1)",
      "https://user:pass@storage.test/x.zip",
      "https://:pass@storage.test/x.zip",
      "http://user@storage.test/x.zip",
    ];
    for (const baseUrl of ["https://api.github.com", "http://ghe.test/api/v3"]) {
      const policy = storagePolicy(baseUrl, undefined, false);
      for (const location of locations) {
        expect({ baseUrl, location, says: policy(new URL(location)) }).toEqual({
          baseUrl,
          location,
          says: clientSays(location, baseUrl),
        });
      }
    }
  });

  it("in stream mode no local host unless baseUrl is one; redirect mode leaves that to the browser", () => {
    const stream = storagePolicy("https://api.github.com", undefined, true);
    expect(stream(new URL("https://10.0.0.5/x.zip"))).toMatch(/loopback, link-local or private/);
    expect(stream(new URL("https://storage.localhost/x.zip"))).toMatch(/localhost/);
    expect(
      storagePolicy("https://api.github.com", undefined, false)(new URL("https://10.0.0.5/x.zip")),
    ).toBeUndefined();
    expect(
      storagePolicy("http://127.0.0.1:3000", undefined, true)(new URL("http://127.0.0.1:9/x.zip")),
    ).toBeUndefined();
  });

  it("storageHosts: only those hosts, private ones included, in either mode", () => {
    for (const stream of [false, true]) {
      const policy = storagePolicy("https://ghe.example/api/v3", storageHosts, stream);
      expect(policy(new URL("https://storage.ghe.example/x.zip"))).toBeUndefined();
      expect(policy(new URL("https://minio.internal:9000/x.zip"))).toBeUndefined();
      expect(policy(new URL("https://minio.internal/x.zip"))).toBe("its host is not one of storageHosts");
      expect(policy(new URL("https://storage.test/x.zip"))).toBe("its host is not one of storageHosts");
    }
  });
});

describe("the policy over sockets", () => {
  it("redirect mode: an http: Location with an https baseUrl is 502, not passed on", async () => {
    const upstream = await startUpstream({ storage: "http://storage.test/blob/7.zip?sig=abc" });
    const handler = proxyFor(upstream, {
      baseUrl: "https://api.github.test",
      fetch: routing("https://api.github.test", upstream.url),
    });
    const response = await call(handler, ZIP);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      message: "GitHub's download redirect was refused: it is not an https: URL",
    });
  });

  it("redirect mode: storageHosts refuses any other host", async () => {
    const upstream = await startUpstream({ storage: "https://elsewhere.test/blob/7.zip?sig=abc" });
    const response = await call(proxyFor(upstream, { storageHosts: ["storage.test"] }), ZIP);
    expect(response.status).toBe(502);
    expect(await everything(response)).not.toContain("elsewhere.test");
  });

  it("stream mode: a storage host's own redirect to a loopback address is 502, and nothing asks it", async () => {
    const internal = await startStorage((_req, res) => res.writeHead(200).end("internal secrets"));
    const storage = await startStorage((_req, res) =>
      res.writeHead(302, { location: `${internal.server.url}/x` }).end(),
    );
    const upstream = await startUpstream({ storage: storage.url });
    // note: the storage host is on loopback too, so it is allowed by name (storageHosts); the target it sends the
    // handler to is not in the list.
    const { host } = new URL(storage.url);
    const response = await call(proxyFor(upstream, { download: "stream", storageHosts: [host] }), ZIP);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      message: "The storage host redirected the download, refused: its host is not one of storageHosts",
    });
    expect(storage.seen).toHaveLength(1);
    expect(internal.seen).toEqual([]);
  });

  it("stream mode: a storage host's redirect the policy allows is followed (no credential) and streamed", async () => {
    const final = await startStorage((_req, res) =>
      res.writeHead(200, { "content-type": "application/zip" }).end("PK"),
    );
    const storage = await startStorage((_req, res) =>
      res.writeHead(307, { location: `${final.server.url}/moved.zip` }).end(),
    );
    const upstream = await startUpstream({ storage: storage.url });
    const response = await call(proxyFor(upstream, { download: "stream" }), ZIP);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("PK");
    expect(final.seen[0]?.headers.authorization).toBeUndefined();
  });

  it("stream mode with a public baseUrl: a private or link-local Location is never asked", async () => {
    const upstream = await startUpstream({ storage: "http://169.254.169.254/latest/meta-data/" });
    const api = "http://api.github.test";
    const seen: string[] = [];
    const fetch = (request: Request) => {
      seen.push(request.url);
      return routing(api, upstream.url)(request);
    };
    const response = await call(proxyFor(upstream, { baseUrl: api, download: "stream", fetch }), ZIP);
    expect(response.status).toBe(502);
    expect(seen).toEqual([`${api}/repos/o/r/actions/artifacts/7/zip`]);
  });
});
