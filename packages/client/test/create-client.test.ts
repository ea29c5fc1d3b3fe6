import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { createArtifactsClient, InvalidInputError, rawClient } from "../src/index.js";
import { VERSION } from "../src/version.js";
import { artifact, BASE, json, observedClient, simulateBrowser } from "./helpers.js";

const list = { total_count: 1, artifacts: [artifact(1)] };

describe("headers", () => {
  it("sends Bearer token, Accept, API version and a User-Agent outside browsers", async () => {
    const { gh, requests } = observedClient(() => json(artifact(5)), { token: "ghp_secret" });
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 5 });
    const headers = requests[0]!.headers;
    expect(headers.get("authorization")).toBe("Bearer ghp_secret");
    expect(headers.get("accept")).toBe("application/vnd.github+json, application/json;q=0.9");
    expect(headers.get("x-github-api-version")).toBe("2022-11-28");
    expect(headers.get("user-agent")).toBe(`gh-artifacts-client/${VERSION}`);
  });

  it("uses the given apiVersion and userAgent", async () => {
    const { gh, requests } = observedClient(() => json(artifact(5)), { apiVersion: "2026-03-10", userAgent: "me/1" });
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 5 });
    expect(requests[0]!.headers.get("x-github-api-version")).toBe("2026-03-10");
    expect(requests[0]!.headers.get("user-agent")).toBe("me/1");
  });

  it("sends no Authorization without a token", async () => {
    const { gh, requests } = observedClient(() => json(artifact(5)));
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 5 });
    expect(requests[0]!.headers.has("authorization")).toBe(false);
  });

  it("sets no User-Agent in a browser-like environment", async () => {
    simulateBrowser();
    const { gh, requests } = observedClient(() => json(artifact(5)), { token: "t" });
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 5 });
    expect(requests[0]!.headers.has("user-agent")).toBe(false);
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer t");
  });

  it("never sends the token through raw to another host", async () => {
    const { gh, requests } = observedClient(() => json(artifact(5)), { token: "t" });
    await rawClient(gh).GET("/repos/{owner}/{repo}/actions/artifacts/{artifact_id}", {
      baseUrl: "https://elsewhere.test",
      params: { path: { owner: "o", repo: "r", artifact_id: 5 } },
    });
    expect(requests[0]!.url).toMatch(/^https:\/\/elsewhere\.test\//);
    expect(requests[0]!.headers.has("authorization")).toBe(false);
  });

  it("keeps the default User-Agent in step with package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe("baseUrl", () => {
  it("defaults to https://api.github.com", async () => {
    const fetch = vi.fn(async (_: Request) => json(list));
    await createArtifactsClient({ fetch }).listArtifactsForRepo({ owner: "o", repo: "r" });
    expect(fetch.mock.calls[0]![0].url).toBe("https://api.github.com/repos/o/r/actions/artifacts");
  });

  it("trims trailing slashes and keeps a GHES path prefix", async () => {
    const { gh, requests } = observedClient(() => json(list), { baseUrl: "https://ghe.example/api/v3//" });
    await gh.listArtifactsForRepo({ owner: "o", repo: "r" });
    expect(requests[0]!.url).toBe("https://ghe.example/api/v3/repos/o/r/actions/artifacts");
    expect(gh.baseUrl).toBe("https://ghe.example/api/v3");
  });

  it("exposes the resolved root, so caches can be scoped by host", () => {
    expect(createArtifactsClient().baseUrl).toBe("https://api.github.com");
  });

  it("rejects a baseUrl that is not an http(s) URL", () => {
    expect(() => createArtifactsClient({ baseUrl: "ftp://x" })).toThrow(InvalidInputError);
    expect(() => createArtifactsClient({ baseUrl: "not a url" })).toThrow(/baseUrl/);
  });
});

describe("methods", () => {
  it("listArtifactsForRepo sends only known query parameters, name URL-encoded", async () => {
    const { gh, requests } = observedClient(() => json(list));
    const result = await gh.listArtifactsForRepo({
      owner: "octo-org",
      repo: "hello.world",
      name: "my build & test?",
      per_page: 50,
      page: 2,
      ...({ evil: "../x", direction: "asc", run_id: 5 } as object),
    });
    expect(result).toEqual(list);
    const url = new URL(requests[0]!.url);
    expect(url.pathname).toBe("/repos/octo-org/hello.world/actions/artifacts");
    expect(url.search).toBe("?per_page=50&page=2&name=my%20build%20%26%20test%3F");
  });

  it("listWorkflowRunArtifacts passes run_id and direction", async () => {
    const { gh, requests } = observedClient(() => json(list));
    await gh.listWorkflowRunArtifacts({ owner: "o", repo: "r", run_id: 42, direction: "asc" });
    expect(requests[0]!.url).toBe(`${BASE}/repos/o/r/actions/runs/42/artifacts?direction=asc`);
  });

  it("getArtifact returns the artifact", async () => {
    const { gh, requests } = observedClient(() => json(artifact(7)));
    await expect(gh.getArtifact({ owner: "o", repo: "r", artifact_id: 7 })).resolves.toMatchObject({ id: 7 });
    expect(requests[0]!.method).toBe("GET");
    expect(requests[0]!.url).toBe(`${BASE}/repos/o/r/actions/artifacts/7`);
  });

  it("deleteArtifact sends DELETE and resolves to undefined on 204", async () => {
    const { gh, requests } = observedClient(() => new Response(null, { status: 204 }));
    await expect(gh.deleteArtifact({ owner: "o", repo: "r", artifact_id: 7 })).resolves.toBeUndefined();
    expect(requests[0]!.method).toBe("DELETE");
  });

  it("passes a per-call signal down to fetch", async () => {
    const controller = new AbortController();
    const { gh } = observedClient(
      (request) =>
        new Promise<Response>((_, reject) => {
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
          controller.abort(new Error("caller left"));
        }),
    );
    await expect(gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1, signal: controller.signal })).rejects.toThrow(
      "caller left",
    );
  });

  it("raw keeps openapi-fetch's { data, error, response } and does not throw on 404", async () => {
    const { gh } = observedClient(() => json({ message: "Not Found" }, { status: 404 }));
    const result = await rawClient(gh).GET("/repos/{owner}/{repo}/actions/artifacts/{artifact_id}", {
      params: { path: { owner: "o", repo: "r", artifact_id: 1 } },
    });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ message: "Not Found" });
    expect(result.response.status).toBe(404);
  });

  it("rawClient is opt-in: not a property of the client, one object per client, refused for anything else", () => {
    const { gh } = observedClient(() => json({}));
    expect("raw" in gh).toBe(false);
    expect(rawClient(gh)).toBe(rawClient(gh));
    expect(rawClient(gh)).not.toBe(rawClient(observedClient(() => json({})).gh));
    expect(() => rawClient({ ...gh })).toThrow(/^Invalid client: must be a client made by createArtifactsClient$/);
  });
});

describe("option checks", () => {
  it("rejects impossible retry and timeout settings before any request", () => {
    expect(() => createArtifactsClient({ retry: { retries: -1 } })).toThrow("Invalid retry.retries");
    expect(() => createArtifactsClient({ retry: { baseDelayMs: Number.NaN } })).toThrow("Invalid retry.baseDelayMs");
    expect(() => createArtifactsClient({ timeoutMs: -5 })).toThrow("Invalid timeoutMs");
  });
});

describe("the methods' direct path", () => {
  /** What reached the network layer, without what differs between two calls anyway. */
  const sent = (request: Request) => ({
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    redirect: request.redirect,
  });

  it("sends what raw sends: the same method, URL and headers before and after a user middleware is added", async () => {
    const { gh, requests } = observedClient((request) => (request.url.includes("?") ? json(list) : json(artifact(5))), {
      token: "ghp_secret",
    });
    const calls = async () => {
      await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 5 });
      await gh.listArtifactsForRepo({ owner: "o", repo: "r", name: "a b&c", per_page: 5, page: 2 });
    };
    await calls();
    const seen: string[] = [];
    rawClient(gh).use({
      onRequest({ request }) {
        seen.push(request.url);
        return undefined;
      },
    });
    await calls();
    expect(seen).toHaveLength(2);
    expect(requests.slice(2).map(sent)).toEqual(requests.slice(0, 2).map(sent));
  });

  it("sends a token function's current token with each call", async () => {
    let n = 0;
    const { gh, requests } = observedClient(() => json(artifact(5)), { token: () => `ghp_t${++n}` });
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 5 });
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 5 });
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer ghp_t1", "Bearer ghp_t2"]);
  });
});
