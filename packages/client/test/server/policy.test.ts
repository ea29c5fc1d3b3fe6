// Who may do what: authorize (default: reads only), the token (none → 401), and the CSRF check of DELETE.
import { describe, expect, it, vi } from "vitest";
import type { ProxyRequestContext } from "../../src/server/index.js";
import { APP, call, PREFIX, proxyFor, startUpstream, TOKEN } from "./fake-upstream.js";

const ONE = `${PREFIX}/repos/o/r/actions/artifacts/7`;

describe("authorize", () => {
  it("by default a DELETE is refused with 403 and nothing upstream", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), ONE, { method: "DELETE" });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: "This operation is not allowed" });
    expect(upstream.requests).toEqual([]);
  });

  it("by default every read is allowed: the four of artifacts and the two run listings", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream);
    for (const path of [
      `${PREFIX}/repos/o/r/actions/artifacts`,
      `${PREFIX}/repos/o/r/actions/runs/1/artifacts`,
      ONE,
      `${ONE}/zip`,
      `${PREFIX}/repos/o/r/actions/runs`,
      `${PREFIX}/repos/o/r/actions/workflows/ci.yml/runs`,
    ]) {
      expect((await call(handler, path)).status, path).toBeLessThan(400);
    }
    expect(upstream.requests).toHaveLength(6);
  });

  it("allows a DELETE it approves, which goes upstream with the token", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, { authorize: () => true });
    const response = await call(handler, ONE, { method: "DELETE" });
    expect(response.status).toBe(204);
    expect(upstream.requests.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ["DELETE", "/repos/o/r/actions/artifacts/7", `Bearer ${TOKEN}`],
    ]);
  });

  it("receives the request, the operation, owner, repo and every checked parameter", async () => {
    const upstream = await startUpstream();
    const seen: ProxyRequestContext[] = [];
    const handler = proxyFor(upstream, {
      authorize: (ctx) => {
        seen.push(ctx);
        return true;
      },
    });
    const request = new Request(
      `${APP}${PREFIX}/repos/octo-org/octo.repo/actions/runs/9/artifacts?per_page=5&name=log&x=1`,
    );
    await handler(request);
    await call(handler, ONE, { method: "DELETE" });
    await call(handler, `${ONE}/zip`);
    expect(seen[0]?.request).toBe(request);
    expect(seen.map(({ request: _, ...ctx }) => ctx)).toEqual([
      {
        operationId: "actions/list-workflow-run-artifacts",
        owner: "octo-org",
        repo: "octo.repo",
        params: { owner: "octo-org", repo: "octo.repo", run_id: 9, per_page: 5, name: "log" },
      },
      {
        operationId: "actions/delete-artifact",
        owner: "o",
        repo: "r",
        params: { owner: "o", repo: "r", artifact_id: 7 },
      },
      {
        operationId: "actions/download-artifact",
        owner: "o",
        repo: "r",
        params: { owner: "o", repo: "r", artifact_id: 7, archive_format: "zip" },
      },
    ]);
  });

  it("cannot change what goes upstream: it sees a frozen copy of the parameters", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, {
      authorize: (ctx) => {
        expect(Object.isFrozen(ctx.params)).toBe(true);
        expect(() => {
          ctx.params.owner = "other";
        }).toThrow(TypeError);
        return true;
      },
    });
    expect((await call(handler, ONE)).status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual(["/repos/o/r/actions/artifacts/7"]);
  });

  it("is asked only once the spec's checks passed", async () => {
    const upstream = await startUpstream();
    const authorize = vi.fn(() => true);
    const handler = proxyFor(upstream, { authorize });
    await call(handler, `${PREFIX}/user`);
    await call(handler, `${PREFIX}/repos/o/r/actions/artifacts?per_page=1000`);
    await call(handler, ONE, { method: "PUT" });
    expect(authorize).not.toHaveBeenCalled();
  });

  it("refuses a repository it does not approve, asynchronously", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, { authorize: async (ctx) => ctx.owner === "mine" });
    expect((await call(handler, `${PREFIX}/repos/mine/r/actions/artifacts`)).status).toBe(200);
    expect((await call(handler, `${PREFIX}/repos/other/r/actions/artifacts`)).status).toBe(403);
    expect(upstream.requests.map((r) => r.url)).toEqual(["/repos/mine/r/actions/artifacts"]);
  });

  it("anything but true refuses (fail closed)", async () => {
    const upstream = await startUpstream();
    for (const value of [1, "yes", {}, undefined, null, false]) {
      const handler = proxyFor(upstream, { authorize: () => value as unknown as boolean });
      expect((await call(handler, ONE)).status, String(value)).toBe(403);
    }
    expect(upstream.requests).toEqual([]);
  });

  it("a throwing authorize is 500, and its error is not quoted", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, {
      authorize: () => {
        throw new Error(`database down, password hunter2, ${TOKEN}`);
      },
    });
    const response = await call(handler, ONE);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "The proxy could not handle the request" });
    expect(upstream.requests).toEqual([]);
  });

  it("onError is told what authorize threw (for the server's logs), and a throwing onError changes nothing", async () => {
    const upstream = await startUpstream();
    const cause = new Error("database down");
    const seen: [unknown, string][] = [];
    const handler = proxyFor(upstream, {
      authorize: () => {
        throw cause;
      },
      onError: (error, request) => {
        seen.push([error, new URL(request.url).pathname]);
        throw new Error("the logger is broken too");
      },
    });
    const response = await call(handler, ONE);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: "The proxy could not handle the request" });
    expect(seen).toEqual([[cause, ONE]]);
  });
});

describe("token", () => {
  it("a function of the request gives the token sent upstream", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, { token: (request) => `ghu_${request.headers.get("x-user")}` });
    await call(handler, ONE, { headers: { "x-user": "alice" } });
    await call(handler, ONE, { headers: { "x-user": "bob" } });
    expect(upstream.requests.map((r) => r.headers.authorization)).toEqual(["Bearer ghu_alice", "Bearer ghu_bob"]);
  });

  it("undefined from the function is 401, with nothing upstream", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, { token: async () => undefined });
    const response = await call(handler, ONE);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "Requires authentication" });
    expect(upstream.requests).toEqual([]);
  });

  it("no token option at all is 401 too", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream, { token: undefined }), ONE);
    expect(response.status).toBe(401);
    expect(upstream.requests).toEqual([]);
  });

  it("is not asked for a request that is refused anyway", async () => {
    const upstream = await startUpstream();
    const token = vi.fn(() => TOKEN);
    const handler = proxyFor(upstream, { token });
    await call(handler, ONE, { method: "DELETE" });
    await call(handler, `${PREFIX}/user`);
    expect(token).not.toHaveBeenCalled();
  });

  it("a function that throws or returns an unusable token is 500, and the value is not quoted", async () => {
    const upstream = await startUpstream();
    for (const token of [
      () => {
        throw new Error(`lookup failed for ${TOKEN}`);
      },
      () => `${TOKEN} with spaces`,
      () => 42 as unknown as string,
    ]) {
      const response = await call(proxyFor(upstream, { token }), ONE);
      expect(response.status).toBe(500);
      expect(await response.text()).not.toContain(TOKEN);
    }
    expect(upstream.requests).toEqual([]);
  });
});

describe("cross-site DELETE (CSRF)", () => {
  const del = (headers: Record<string, string>) => ({ method: "DELETE", headers });
  const allow = { authorize: () => true };

  for (const [label, headers] of [
    ["an Origin of another site", { Origin: "https://evil.test" }],
    ["an Origin of another port", { Origin: "http://app.test:8080" }],
    ["an Origin of another scheme", { Origin: "https://app.test" }],
    ['the "null" Origin', { Origin: "null" }],
    ["Sec-Fetch-Site: cross-site without Origin", { "Sec-Fetch-Site": "cross-site" }],
  ] as const) {
    it(`${label} is 403, nothing upstream, even when authorize would allow it`, async () => {
      const upstream = await startUpstream();
      const authorize = vi.fn(() => true);
      const response = await call(proxyFor(upstream, { authorize }), ONE, del(headers));
      expect(response.status).toBe(403);
      expect((await response.json()).message).toMatch(/^Cross-site request refused/);
      expect(authorize).not.toHaveBeenCalled();
      expect(upstream.requests).toEqual([]);
    });
  }

  for (const [label, headers] of [
    ["the request's own Origin", { Origin: APP, "Sec-Fetch-Site": "same-origin" }],
    ["no Origin and no Sec-Fetch-Site (a server-side caller)", {}],
    ["Sec-Fetch-Site: same-site without Origin", { "Sec-Fetch-Site": "same-site" }],
  ] as const) {
    it(`${label} is accepted`, async () => {
      const upstream = await startUpstream();
      const response = await call(proxyFor(upstream, allow), ONE, del(headers));
      expect(response.status).toBe(204);
      expect(upstream.requests).toHaveLength(1);
    });
  }

  it("allowedOrigins lets a listed origin delete, cross-site or not, and no other", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream, { ...allow, allowedOrigins: ["https://app.example"] });
    const ok = await call(handler, ONE, del({ Origin: "https://app.example", "Sec-Fetch-Site": "cross-site" }));
    expect(ok.status).toBe(204);
    const refused = await call(handler, ONE, del({ Origin: "https://app.example.evil.test" }));
    expect(refused.status).toBe(403);
    expect(upstream.requests).toHaveLength(1);
  });

  it("reads are not subject to it (the browser keeps their answers from other origins: no CORS headers)", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), ONE, { headers: { Origin: "https://evil.test" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
