// Headers both ways: the browser's credentials never go upstream, the server's token never comes back, and only
// what the client reads reaches the browser (Link pointing back at the handler, cache-control private).
import { describe, expect, it } from "vitest";
import { APP, call, everything, PREFIX, proxyFor, startUpstream, TOKEN } from "./fake-upstream.js";

const LIST = `${PREFIX}/repos/o/r/actions/artifacts`;

describe("request headers", () => {
  it("the browser's credentials and other headers stay behind; the server's token and user agent go", async () => {
    const upstream = await startUpstream();
    await call(proxyFor(upstream), `${LIST}?per_page=2`, {
      headers: {
        Authorization: "Bearer ghp_browserToken",
        Cookie: "session=abc",
        "Proxy-Authorization": "Basic Zm9vOmJhcg==",
        "User-Agent": "Mozilla/5.0 browser",
        "X-Forwarded-For": "10.0.0.1",
        "X-GitHub-OTP": "123456",
        Prefer: "code=500",
        Origin: "https://evil.test",
        Referer: "https://app.test/secret-page",
        "If-None-Match": '"abc"',
        Accept: "application/vnd.github+json",
      },
    });
    const [sent] = upstream.requests;
    expect(sent?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent?.headers["user-agent"]).toBe("gh-artifacts-proxy/0.0.0");
    expect(sent?.headers["if-none-match"]).toBe('"abc"');
    expect(sent?.headers.accept).toBe("application/vnd.github+json");
    expect(sent?.headers["x-github-api-version"]).toBe("2022-11-28");
    for (const name of [
      "cookie",
      "proxy-authorization",
      "x-forwarded-for",
      "x-github-otp",
      "prefer",
      "origin",
      "referer",
    ]) {
      expect(sent?.headers[name], name).toBeUndefined();
    }
    expect(JSON.stringify(sent?.headers)).not.toContain("ghp_browserToken");
  });

  it("a custom userAgent is sent instead of the default", async () => {
    const upstream = await startUpstream();
    await call(proxyFor(upstream, { userAgent: "my-app/1.0 (+https://app.example)" }), LIST);
    expect(upstream.requests[0]?.headers["user-agent"]).toBe("my-app/1.0 (+https://app.example)");
  });
});

describe("response headers", () => {
  it("only the allowlist reaches the browser; cache-control becomes private, no-cache", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), `${LIST}?per_page=2`);
    expect(response.status).toBe(200);
    const names = [...response.headers.keys()].sort();
    expect(names).toEqual([
      "cache-control",
      "content-length",
      "content-type",
      "date",
      "etag",
      "link",
      "vary",
      "x-content-type-options",
      "x-github-request-id",
      "x-ratelimit-limit",
      "x-ratelimit-remaining",
      "x-ratelimit-reset",
      "x-ratelimit-resource",
      "x-ratelimit-used",
    ]);
    expect(response.headers.get("cache-control")).toBe("private, no-cache");
    // note: GitHub's Vary (Accept, Authorization, Cookie, X-GitHub-OTP) goes on: what varies upstream varies here.
    expect(response.headers.get("vary")).toContain("Authorization");
    expect(response.headers.get("etag")).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect((await response.json()).artifacts).toHaveLength(2);
  });

  it("Link points at the handler's own URL, with only the declared parameters of GitHub's link", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), `${LIST}?per_page=2&junk=1`);
    // note: GitHub's link points at `/repositories/ID/…`, and carries the request's `junk` on.
    expect(response.headers.get("link")).toBe(
      `<${APP}${LIST}?per_page=2&page=2>; rel="next", <${APP}${LIST}?per_page=2&page=5>; rel="last"`,
    );
  });

  it("Link of a run's list keeps the run's path", async () => {
    const upstream = await startUpstream();
    const path = `${PREFIX}/repos/o/r/actions/runs/42/artifacts`;
    const response = await call(proxyFor(upstream), `${path}?per_page=2&page=2`);
    expect(response.headers.get("link")).toBe(
      `<${APP}${path}?per_page=2&page=1>; rel="prev", <${APP}${path}?per_page=2&page=1>; rel="first"`,
    );
  });

  it("Link entries that do not parse are dropped, and a Link of nothing is no Link", async () => {
    for (const [link, expected] of [
      ['<http://[bad>; rel="next", <https://x.test/a?page=3>; rel="last"', `<${APP}${LIST}?page=3>; rel="last"`],
      ["<https://x.test/a?page=3>", null],
      ["garbage", null],
    ] as const) {
      // note: the list is the world's; the Link is one GitHub never sends.
      const upstream = await startUpstream({
        answer: async (request, world) => {
          const answer = await world(request);
          const headers = new Headers(answer.headers);
          headers.set("link", link);
          return new Response(answer.body, { status: answer.status, headers });
        },
      });
      const response = await call(proxyFor(upstream), LIST);
      expect(response.headers.get("link"), link).toBe(expected);
    }
  });

  it("an ETag round trip: If-None-Match goes up, the 304 comes back without a body", async () => {
    const upstream = await startUpstream();
    const handler = proxyFor(upstream);
    const etag = (await call(handler, LIST)).headers.get("etag") ?? "";
    const response = await call(handler, LIST, { headers: { "If-None-Match": etag } });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(etag);
    // note: a 304 costs no rate limit on GitHub: what is left is what the first answer left.
    expect(response.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(await response.text()).toBe("");
    expect(upstream.requests[1]?.headers["if-none-match"]).toBe(etag);
  });

  it("public, s-maxage and max-age never survive, every answer is revalidated; no-store stays", async () => {
    for (const [upstreamValue, expected] of [
      ["public, max-age=60, s-maxage=60", "private, no-cache"],
      ["private, max-age=60", "private, no-cache"],
      ["no-store", "private, no-store"],
      ["private, No-Store, max-age=0", "private, no-store"],
      [null, "private, no-cache"],
      ["max-age=60, stale-while-revalidate=30, immutable", "private, no-cache"],
      ["must-revalidate, max-age=600", "private, no-cache"],
    ] as const) {
      // note: artifact 1 as the world answers it, its Cache-Control (GitHub's own is the first) replaced.
      const upstream = await startUpstream({
        answer: async (request, world) => {
          const answer = await world(request);
          const headers = new Headers(answer.headers);
          if (upstreamValue) headers.set("cache-control", upstreamValue);
          else headers.delete("cache-control");
          return new Response(answer.body, { status: answer.status, headers });
        },
      });
      const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/artifacts/1`);
      expect(response.headers.get("cache-control"), String(upstreamValue)).toBe(expected);
    }
  });
});

describe("the server's token never reaches the browser", () => {
  const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
  const echoes: [string, () => Response][] = [
    [
      "an error body that echoes the Authorization header",
      () =>
        new Response(
          JSON.stringify({ message: `Bad credentials: Bearer ${TOKEN}`, documentation_url: "https://docs" }),
          { status: 401, headers: { "content-type": "application/json" } },
        ),
    ],
    [
      "an error body that spells the token with JSON escapes",
      () =>
        new Response(`{"message":"token ${escaped} refused"}`, {
          status: 403,
          headers: { "content-type": "application/json" },
        }),
    ],
    [
      "an error body that is not JSON",
      () =>
        new Response(`<html>Authorization: Bearer ${TOKEN}</html>`, {
          status: 500,
          headers: { "content-type": "text/html" },
        }),
    ],
    [
      "a 2xx body that echoes it in a nested field",
      () =>
        new Response(JSON.stringify({ id: 1, workflow_run: { head_branch: TOKEN }, [TOKEN]: 1 }), {
          status: 200,
          headers: { "content-type": "application/json" },
        }),
    ],
    [
      "a 2xx body with other escapes that holds it literally",
      () =>
        new Response(JSON.stringify({ id: 1, name: 'line\nbreak "quoted"', workflow_run: { head_branch: TOKEN } }), {
          status: 200,
          headers: { "content-type": "application/json" },
        }),
    ],
    [
      "a 2xx body that escapes it",
      () =>
        new Response(`{"id":1,"name":"${escaped}"}`, { status: 200, headers: { "content-type": "application/json" } }),
    ],
    [
      "a 2xx body that is not JSON",
      () => new Response(`token=${TOKEN}`, { status: 200, headers: { "content-type": "text/plain" } }),
    ],
    [
      "headers that echo it",
      () =>
        new Response("{}", {
          status: 200,
          headers: {
            "content-type": "application/json",
            etag: `"${TOKEN}"`,
            "x-github-request-id": TOKEN,
            link: `<https://api.github.com/x?page=2&t=${TOKEN}>; rel="next"`,
            "x-echo": TOKEN,
          },
        }),
    ],
  ];
  for (const [label, respond] of echoes) {
    it(label, async () => {
      const upstream = await startUpstream({ answer: respond });
      const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/artifacts/1`);
      const seen = await everything(response);
      expect(seen).not.toContain(TOKEN);
      expect(seen).not.toContain(escaped);
      expect(seen).not.toContain(TOKEN.slice(4));
      expect(upstream.requests).toHaveLength(1);
    });
  }

  it("an upstream error keeps its status and GitHub's body, with the token redacted", async () => {
    const upstream = await startUpstream({
      answer: () =>
        new Response(
          JSON.stringify({ message: `Bad credentials ${TOKEN}`, documentation_url: "https://docs.github.com/rest" }),
          { status: 401, headers: { "content-type": "application/json", "x-github-request-id": "R1" } },
        ),
    });
    const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/artifacts/1`);
    expect(response.status).toBe(401);
    expect(response.headers.get("x-github-request-id")).toBe("R1");
    expect(await response.json()).toEqual({
      message: "Bad credentials [REDACTED]",
      documentation_url: "https://docs.github.com/rest",
    });
  });

  it("an error body without a message becomes { message } naming the status", async () => {
    const upstream = await startUpstream({
      answer: () => new Response("<h1>Bad gateway</h1>", { status: 502, headers: { "content-type": "text/html" } }),
    });
    const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/artifacts/1`);
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ message: "GitHub answered HTTP 502" });
  });

  it("a 2xx body that escapes it in valid JSON (\\u and \\/ escapes) has it redacted", async () => {
    const spelled = `gh\\u0070_${TOKEN.slice(4, 10)}\\/${TOKEN.slice(10)}`;
    const upstream = await startUpstream({
      answer: () =>
        new Response(`{"id":1,"name":"${spelled}","url":"https:\\/\\/x"}`, {
          status: 200,
          headers: { "content-type": "application/json" },
        }),
    });
    // note: a token with a "/" in it (custom tokens may have one), spelled with "\/".
    const token = `${TOKEN.slice(0, 10)}/${TOKEN.slice(10)}`;
    const response = await call(proxyFor(upstream, { token }), `${PREFIX}/repos/o/r/actions/artifacts/1`);
    expect(await response.json()).toEqual({ id: 1, name: "[REDACTED]", url: "https://x" });
  });

  it("a 2xx body that is not JSON is 502, whatever its type says", async () => {
    for (const [type, body] of [
      ["text/html", "<html><script>alert(1)</script></html>"],
      ["application/json", ""],
      ["application/json", '"a string"'],
      ["application/json", '{"id":1,"name":"\\u00"}'],
    ] as const) {
      const upstream = await startUpstream({
        answer: () => new Response(body, { status: 200, headers: { "content-type": type } }),
      });
      const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/artifacts/1`);
      expect(response.status, body).toBe(502);
      expect(await response.json()).toEqual({ message: "GitHub answered HTTP 200 with a body that is not JSON" });
    }
  });

  it("a 2xx JSON body is relayed as application/json, whatever type upstream claimed", async () => {
    const upstream = await startUpstream({
      answer: () => new Response('{"id":1}', { status: 200, headers: { "content-type": "text/html" } }),
    });
    const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/artifacts/1`);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ id: 1 });
  });

  it("a 2xx body without the token passes byte for byte", async () => {
    const text = '{ "id" : 1,\n  "name": "caf\\u00e9" }';
    const upstream = await startUpstream({
      answer: () => new Response(text, { status: 200, headers: { "content-type": "application/json" } }),
    });
    const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/artifacts/1`);
    expect(await response.text()).toBe(text);
  });
});
