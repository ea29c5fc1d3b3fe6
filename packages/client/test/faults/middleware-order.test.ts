import type { Middleware } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createArtifactsClient, createEtagCache, GitHubApiError, NotFoundError, rawClient } from "../../src/index.js";
import { FAST_RETRY } from "./core-servers.js";
import { artifactServer } from "./world-server.js";

/** A user's middleware that records every status it is shown. */
function recorder() {
  const seen: number[] = [];
  const middleware: Middleware = {
    onResponse({ response }) {
      seen.push(response.status);
      return undefined;
    },
  };
  return { seen, middleware };
}

/** GitHub (the world: artifacts 1 to 9, their ETags and 304s, 404 for the rest), and a 500 for artifact 500. */
const server = () =>
  artifactServer(undefined, (request) =>
    request.url.endsWith("/artifacts/500") ? Response.json({ message: "Server Error" }, { status: 500 }) : undefined,
  );

describe("middleware order", () => {
  it("item 11: raw.use() middleware sees a 404 and a 500, and the methods still throw the typed errors", async () => {
    const s = await server();
    const gh = createArtifactsClient({ baseUrl: s.url, retry: FAST_RETRY });
    const { seen, middleware } = recorder();
    rawClient(gh).use(middleware);
    await expect(gh.getArtifact({ owner: "o", repo: "r", artifact_id: 404 })).rejects.toBeInstanceOf(NotFoundError);
    const error = await gh.deleteArtifact({ owner: "o", repo: "r", artifact_id: 500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ status: 500, method: "DELETE" });
    // note: retries run below the middleware: it sees the final answer of each call once.
    expect(seen).toEqual([404, 500]);
  });

  it("item 11: raw keeps openapi-fetch's contract: an HTTP error is data, not an exception", async () => {
    const s = await server();
    const gh = createArtifactsClient({ baseUrl: s.url, retry: false });
    const { seen, middleware } = recorder();
    rawClient(gh).use(middleware);
    const result = await rawClient(gh).GET("/repos/{owner}/{repo}/actions/artifacts/{artifact_id}", {
      params: { path: { owner: "o", repo: "r", artifact_id: 404 } },
    });
    expect(result.response.status).toBe(404);
    expect(result.error).toMatchObject({ message: "Not Found" });
    expect(seen).toEqual([404]);
  });

  it("item 11: with the cache, user middleware sees the answer the methods use (a 304 arrives as the cached 200)", async () => {
    const s = await server();
    const gh = createArtifactsClient({ baseUrl: s.url, retry: false, cache: createEtagCache() });
    const { seen, middleware } = recorder();
    rawClient(gh).use(middleware);
    const first = await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 3 });
    await expect(gh.getArtifact({ owner: "o", repo: "r", artifact_id: 3 })).resolves.toEqual(first);
    expect(s.requests[1]!.headers["if-none-match"]).toMatch(/^W\/"/);
    expect(seen).toEqual([200, 200]);
  });

  it("item 11: a header user middleware adds in onRequest is sent, after the client's own headers", async () => {
    const s = await server();
    const gh = createArtifactsClient({ baseUrl: s.url, retry: false, token: "ghp_t" });
    rawClient(gh).use({
      onRequest({ request }) {
        request.headers.set("x-trace", request.headers.get("authorization") ? "after-auth" : "before-auth");
        return request;
      },
    });
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 });
    expect(s.requests[0]!.headers["x-trace"]).toBe("after-auth");
  });
});
