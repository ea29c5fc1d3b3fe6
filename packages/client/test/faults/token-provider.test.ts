import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { createArtifactsClient, createEtagCache, InvalidInputError, UnauthorizedError } from "../../src/index.js";
import { createTokenSource } from "../../src/token.js";
import { artifact } from "../helpers.js";
import { FAST_RETRY, loopback, sendJson } from "./core-servers.js";

const ref = { owner: "o", repo: "r", artifact_id: 1 };
const bearer = (req: { headers: { authorization?: string | undefined } }) => req.headers.authorization;

/** Hands out the given tokens in turn (the last one again once they run out). */
function tokens(...list: string[]) {
  let i = 0;
  return vi.fn(() => list[Math.min(i++, list.length - 1)]);
}

/** Every view of a value a log or a crash report could show. */
function views(value: unknown): string {
  const error = value instanceof Error ? `${value.message}\n${value.stack}` : "";
  return `${String(value)}\n${JSON.stringify(value)}\n${inspect(value, { showHidden: true, depth: 8 })}\n${error}`;
}

describe("token provider", () => {
  it("item 5: a token function is asked before each request, sync or async", async () => {
    const server = await loopback((_req, res) => sendJson(res, 200, artifact(1)));
    const provider = tokens("ghs_one", "ghs_two");
    const gh = createArtifactsClient({ baseUrl: server.url, token: provider, retry: false });
    await gh.getArtifact(ref);
    await gh.getArtifact(ref);
    const asyncGh = createArtifactsClient({ baseUrl: server.url, token: async () => "ghs_three", retry: false });
    await asyncGh.getArtifact(ref);
    expect(server.requests.map(bearer)).toEqual(["Bearer ghs_one", "Bearer ghs_two", "Bearer ghs_three"]);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("item 5: a provider returning undefined sends no Authorization", async () => {
    const server = await loopback((_req, res) => sendJson(res, 200, artifact(1)));
    const gh = createArtifactsClient({ baseUrl: server.url, token: () => undefined, retry: false });
    await gh.getArtifact(ref);
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("item 5: on a 401 the provider is asked once more and the request retried once with the new token", async () => {
    const server = await loopback((req, res) =>
      bearer(req) === "Bearer ghs_fresh"
        ? sendJson(res, 200, artifact(1))
        : sendJson(res, 401, { message: "Bad credentials" }),
    );
    const provider = tokens("ghs_expired", "ghs_fresh");
    const gh = createArtifactsClient({ baseUrl: server.url, token: provider, retry: FAST_RETRY });
    await expect(gh.getArtifact(ref)).resolves.toEqual(artifact(1));
    expect(server.requests.map(bearer)).toEqual(["Bearer ghs_expired", "Bearer ghs_fresh"]);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("item 5: a second 401 is an UnauthorizedError: one re-ask, one retry, no loop", async () => {
    const server = await loopback((_req, res) => sendJson(res, 401, { message: "Bad credentials" }));
    const provider = tokens("ghs_a", "ghs_b", "ghs_c");
    const gh = createArtifactsClient({ baseUrl: server.url, token: provider, retry: FAST_RETRY });
    await expect(gh.getArtifact(ref)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(server.requests.map(bearer)).toEqual(["Bearer ghs_a", "Bearer ghs_b"]);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("item 5: when the provider hands back the same token, the 401 stands without a pointless retry", async () => {
    const server = await loopback((_req, res) => sendJson(res, 401, { message: "Bad credentials" }));
    const gh = createArtifactsClient({ baseUrl: server.url, token: () => "ghs_same", retry: FAST_RETRY });
    await expect(gh.getArtifact(ref)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(server.requests).toHaveLength(1);
  });

  it("item 5: a string token gets no re-ask on 401", async () => {
    const server = await loopback((_req, res) => sendJson(res, 401, { message: "Bad credentials" }));
    const gh = createArtifactsClient({ baseUrl: server.url, token: "ghp_fixed", retry: FAST_RETRY });
    await expect(gh.getArtifact(ref)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(server.requests).toHaveLength(1);
  });

  it("item 5: a string token a header cannot hold is refused at creation, and the error holds no part of it", () => {
    for (const token of ["ghp_SECRETPART\r\nX-Evil: 1", "ghp SECRETPART", "ghp_SECRETPARTé", "ghp_SECRETPART\u0000"]) {
      let error: unknown;
      try {
        createArtifactsClient({ token });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe("token");
      expect(views(error)).not.toMatch(/SECRETPART|ghp/);
    }
  });

  it("item 5: a provided bad token is refused before the request is sent", async () => {
    const server = await loopback((_req, res) => sendJson(res, 200, artifact(1)));
    const gh = createArtifactsClient({ baseUrl: server.url, token: async () => "ghs_SECRETPART\n", retry: false });
    const error = await gh.getArtifact(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(views(error)).not.toContain("SECRETPART");
    expect(server.requests).toHaveLength(0);
  });

  it("item 5: provided tokens never show on the client, and any recent one echoed back is redacted", async () => {
    let n = 0;
    const server = await loopback((req, res) => {
      n++;
      if (n < 3) return sendJson(res, 200, artifact(1));
      // a server that echoes the current and an older token
      sendJson(res, 500, { message: `seen ghs_token1 and ${bearer(req)}`, documentation_url: "https://x/ghs_token2" });
    });
    const gh = createArtifactsClient({
      baseUrl: server.url,
      token: tokens("ghs_token1", "ghs_token2", "ghs_token3"),
      retry: false,
      cache: createEtagCache(),
    });
    await gh.getArtifact(ref);
    await gh.getArtifact(ref);
    const error = await gh.getArtifact(ref).catch((e: unknown) => e);
    expect((error as Error).message).toBe("seen [REDACTED] and Bearer [REDACTED]");
    expect(views(error)).not.toMatch(/ghs_token/);
    expect(views(gh)).not.toMatch(/ghs_token/);
    for (const key of Object.getOwnPropertyNames(gh)) expect(views((gh as never)[key])).not.toMatch(/ghs_token/);
  });

  it("item 5: the redactor remembers a bounded number of a provider's tokens", async () => {
    let i = 0;
    const source = createTokenSource(() => `ghs_${i++}`);
    for (let k = 0; k < 50; k++) await source.get();
    const recent = [...source.recent()];
    expect(recent.length).toBeLessThanOrEqual(8);
    expect(recent).toContain("ghs_49");
  });
});
