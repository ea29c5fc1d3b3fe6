import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import {
  createArtifactsClient,
  createEtagCache,
  downloadArtifact,
  InvalidInputError,
  UnauthorizedError,
} from "../../src/index.js";
import { downloadArtifactToFile } from "../../src/node/index.js";
import { createTokenSource } from "../../src/token.js";
import { artifact, toArray } from "../helpers.js";
import { deferred, FAST_RETRY, loopback, sendJson } from "./core-servers.js";

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

/** A token function that never settles; `asked` resolves once it has been called. */
function stuckToken() {
  const asked = deferred();
  const token = vi.fn(() => {
    asked.resolve();
    return new Promise<string>(() => undefined);
  });
  return { token, asked: asked.promise };
}

/** What `run(signal)` rejects with when the signal aborts while the token function is pending. */
async function abortWhileAsking(ask: Promise<void>, run: (signal: AbortSignal) => Promise<unknown>) {
  const controller = new AbortController();
  const reason = new Error("stop waiting for the token");
  const result = run(controller.signal).then(
    () => "resolved",
    (error: unknown) => error,
  );
  await ask;
  controller.abort(reason);
  expect(await result).toBe(reason);
}

describe("a token function that never settles", () => {
  it("item 24: getArtifact rejects with the signal's reason on abort, and with TimeoutError after timeoutMs", async () => {
    const server = await loopback((_req, res) => sendJson(res, 200, artifact(1)));
    const stuck = stuckToken();
    const gh = createArtifactsClient({ baseUrl: server.url, token: stuck.token, retry: false, timeoutMs: 0 });
    await abortWhileAsking(stuck.asked, (signal) => gh.getArtifact({ ...ref, signal }));
    // note: a tiny timeoutMs: the token never comes, so no timing can make this pass or fail otherwise.
    const timed = createArtifactsClient({ baseUrl: server.url, token: stuckToken().token, retry: false, timeoutMs: 5 });
    const error = await timed.getArtifact(ref).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TimeoutError", message: expect.stringContaining("token") });
    expect(error).toBeInstanceOf(DOMException);
    expect(server.requests).toHaveLength(0);
  });

  it("item 24: the re-ask after a 401 is bounded by the signal too", async () => {
    const server = await loopback((_req, res) => sendJson(res, 401, { message: "Bad credentials" }));
    const asked = deferred();
    let calls = 0;
    const token = () => {
      if (++calls === 1) return "ghs_expired";
      asked.resolve();
      return new Promise<string>(() => undefined);
    };
    const gh = createArtifactsClient({ baseUrl: server.url, token, retry: FAST_RETRY, timeoutMs: 0 });
    await abortWhileAsking(asked.promise, (signal) => gh.getArtifact({ ...ref, signal }));
    expect(server.requests).toHaveLength(1);
  });

  it("item 24: listAll* and iterate* reject on abort and after timeoutMs", async () => {
    const server = await loopback((_req, res) => sendJson(res, 200, { total_count: 0, artifacts: [] }));
    const stuck = stuckToken();
    const gh = createArtifactsClient({ baseUrl: server.url, token: stuck.token, retry: false, timeoutMs: 0 });
    const list = { owner: "o", repo: "r" };
    await abortWhileAsking(stuck.asked, (signal) => gh.listAllArtifactsForRepo({ ...list, signal }));
    const again = stuckToken();
    const gh2 = createArtifactsClient({ baseUrl: server.url, token: again.token, retry: false, timeoutMs: 0 });
    await abortWhileAsking(again.asked, (signal) =>
      toArray(gh2.iterateWorkflowRunArtifacts({ ...list, run_id: 1, signal })),
    );
    const timed = createArtifactsClient({ baseUrl: server.url, token: stuckToken().token, retry: false, timeoutMs: 5 });
    await expect(timed.listAllWorkflowRunArtifacts({ ...list, run_id: 1 })).rejects.toMatchObject({
      name: "TimeoutError",
    });
    await expect(toArray(timed.iterateArtifactsForRepo(list))).rejects.toMatchObject({ name: "TimeoutError" });
    expect(server.requests).toHaveLength(0);
  });

  it("item 24: downloadArtifact and downloadArtifactToFile reject on abort and after timeoutMs", async () => {
    const server = await loopback((_req, res) => res.writeHead(302, { location: "/blob/1.zip" }).end());
    const stuck = stuckToken();
    const gh = createArtifactsClient({ baseUrl: server.url, token: stuck.token, retry: false, timeoutMs: 0 });
    await abortWhileAsking(stuck.asked, (signal) => downloadArtifact(gh, { ...ref, signal }));
    const timed = createArtifactsClient({ baseUrl: server.url, token: stuckToken().token, retry: false, timeoutMs: 5 });
    await expect(downloadArtifact(timed, ref)).rejects.toMatchObject({ name: "TimeoutError" });
    const dir = await mkdtemp(join(tmpdir(), "gh-artifacts-"));
    try {
      const path = join(dir, "a.zip");
      await expect(downloadArtifactToFile(timed, { ...ref, path })).rejects.toMatchObject({ name: "TimeoutError" });
      const again = stuckToken();
      const gh2 = createArtifactsClient({ baseUrl: server.url, token: again.token, retry: false, timeoutMs: 0 });
      await abortWhileAsking(again.asked, (signal) => downloadArtifactToFile(gh2, { ...ref, path, signal }));
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(server.requests).toHaveLength(0);
  });
});
