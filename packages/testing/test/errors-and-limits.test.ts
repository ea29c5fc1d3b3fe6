import { describe, expect, it } from "vitest";
import { createArtifactsWorld } from "../src/index.js";
import { addMany, fake, list, one, TOKEN } from "./helpers.js";

const body = async (response: Response) => ({ ...(await response.json()), status: response.status });

describe("deletes", () => {
  it("answer 204, then 404 for the artifact everywhere (get, delete, list)", async () => {
    const world = createArtifactsWorld();
    const [a, b] = addMany(world, 2);
    const { call } = fake(world);
    const deleted = await call(one(a!.id), { method: "DELETE" });
    expect([deleted.status, await deleted.text()]).toEqual([204, ""]);
    expect((await call(one(a!.id), { method: "DELETE" })).status).toBe(404);
    expect(await body(await call(one(a!.id)))).toMatchObject({ status: 404, message: "Not Found" });
    const listed = await (await call(list())).json();
    expect(listed.artifacts.map((x: { id: number }) => x.id)).toEqual([b!.id]);
    expect(world.artifact(a!.id)).toBeUndefined();
  });

  it("are refused with 403 for a protected artifact, a read-only token, and 401 without a token", async () => {
    const world = createArtifactsWorld();
    const kept = world.addArtifact({ repo: "octo/hello", name: "keep", deletable: false });
    world.addRepository({ owner: "octo", name: "readonly", permission: "read" });
    const other = world.addArtifact({ repo: "octo/readonly", name: "x" });
    const free = world.addArtifact({ repo: "octo/hello", name: "free" });
    const { call } = fake(world);
    expect(await body(await call(one(kept.id), { method: "DELETE" }))).toMatchObject({
      status: 403,
      message: "Resource not accessible by personal access token",
    });
    expect((await call(one(other.id, "octo/readonly"), { method: "DELETE" })).status).toBe(403);
    expect(await body(await call(one(free.id), { method: "DELETE", token: null }))).toMatchObject({
      status: 401,
      message: "Requires authentication",
    });
    expect(world.artifacts().map((a) => a.id)).toEqual([free.id, other.id, kept.id]);
  });

  it("of an artifact of another repository is 404: ids are looked up in the repository asked", async () => {
    const world = createArtifactsWorld();
    const elsewhere = world.addArtifact({ repo: "octo/other", name: "x" });
    world.addRepository({ owner: "octo", name: "hello" });
    const { call } = fake(world);
    expect((await call(one(elsewhere.id), { method: "DELETE" })).status).toBe(404);
    expect(world.artifact(elsewhere.id)).toBeDefined();
  });
});

describe("who may see what", () => {
  it("an unknown repository is 404; repository names are not case-sensitive", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    const { call } = fake(world);
    expect((await call(list("octo/nope"))).status).toBe(404);
    expect((await call(list("OCTO/Hello"))).status).toBe(200);
  });

  it("a private repository is 404 without a token or with no permission, 200 with one", async () => {
    const world = createArtifactsWorld();
    world.addRepository({ owner: "octo", name: "secret", private: true });
    world.addRepository({ owner: "octo", name: "closed", private: true, permission: "none" });
    const { call } = fake(world);
    expect((await call(list("octo/secret"), { token: null })).status).toBe(404);
    expect((await call(list("octo/secret"))).status).toBe(200);
    expect((await call(list("octo/closed"))).status).toBe(404);
  });

  it("with named tokens, another token is 401 Bad credentials and requests are recorded under the names", async () => {
    const world = createArtifactsWorld({ tokens: { alice: "ghp_alice", bob: "ghp_bob" } });
    addMany(world, 1);
    const { call } = fake(world);
    expect((await call(list(), { token: "ghp_alice" })).status).toBe(200);
    expect((await call(list(), { token: "ghp_bob" })).status).toBe(200);
    expect(await body(await call(list(), { token: "ghp_mallory" }))).toMatchObject({
      status: 401,
      message: "Bad credentials",
    });
    expect((await call(list(), { token: null })).status).toBe(200);
    expect(world.requests.map((r) => r.authorization)).toEqual(["alice", "bob", "invalid", "none"]);
    expect(JSON.stringify(world.requests)).not.toContain("ghp_");
  });

  it("`*` repositories answer for any name, under the name asked", async () => {
    const world = createArtifactsWorld();
    world.addRepository({ owner: "*", name: "*" });
    const artifact = world.addArtifact({ repo: "*/*", name: "everywhere" });
    world.addRepository({ owner: "closed", name: "*", private: true });
    const { call } = fake(world);
    const got = await (await call(one(artifact.id, "any/thing"))).json();
    expect(got.url).toBe(`https://api.github.test/repos/any/thing/actions/artifacts/${artifact.id}`);
    expect((await call(list("closed/whatever"), { token: null })).status).toBe(404);
  });
});

describe("error behaviours", () => {
  it("`error` answers every request with its status and message, for `times` requests, then lifts", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    const { call } = fake(world);
    world.behave({ error: { status: 403, message: "Must have admin rights", times: 2 } });
    expect(await body(await call(list()))).toMatchObject({ status: 403, message: "Must have admin rights" });
    expect((await call(list())).status).toBe(403);
    expect((await call(list())).status).toBe(200);
  });

  it("a behaviour for one repository leaves the others alone, and its undo puts back what was there", async () => {
    const world = createArtifactsWorld();
    world.addRepository({ owner: "octo", name: "a" });
    world.addRepository({ owner: "octo", name: "b" });
    const { call } = fake(world);
    const undo = world.behave({ error: { status: 404 } }, { repo: "octo/a" });
    expect((await call(list("octo/a"))).status).toBe(404);
    expect((await call(list("octo/b"))).status).toBe(200);
    undo();
    expect((await call(list("octo/a"))).status).toBe(200);
    const undoAll = world.behave({ error: { status: 401 } });
    expect((await call(list("octo/b"))).status).toBe(401);
    undoAll();
    expect((await call(list("octo/b"))).status).toBe(200);
  });
});

describe("rate limits", () => {
  it("send x-ratelimit-* with every answer, counting down within the window", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    const { call } = fake(world);
    const first = await call(list());
    const second = await call(one(1));
    const headers = (r: Response) =>
      ["limit", "remaining", "used", "reset", "resource"].map((n) => r.headers.get(`x-ratelimit-${n}`));
    const reset = String(Math.ceil((world.clock.now() + 3_600_000) / 1000));
    expect(headers(first)).toEqual(["5000", "4999", "1", reset, "core"]);
    expect(headers(second)).toEqual(["5000", "4998", "2", reset, "core"]);
    expect(first.headers.get("date")).toBe(new Date(world.clock.now()).toUTCString());
  });

  it("the primary limit refuses with 403 and remaining 0 until the window resets by the world's clock", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    const { call } = fake(world);
    world.behave({ rateLimit: { limit: 2, windowMs: 60_000 } });
    expect((await call(list())).status).toBe(200);
    expect((await call(list())).status).toBe(200);
    const refused = await call(list());
    expect(await body(refused)).toMatchObject({
      status: 403,
      message: expect.stringMatching(/^API rate limit exceeded/),
    });
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("x-ratelimit-reset")).toBe(String(Math.ceil((world.clock.now() + 60_000) / 1000)));
    world.clock.advance(60_000);
    const after = await call(list());
    expect([after.status, after.headers.get("x-ratelimit-remaining")]).toEqual([200, "1"]);
  });

  it("`remaining: 0` refuses the next request at once, with 429 when asked", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    const { call } = fake(world);
    world.behave({ rateLimit: { remaining: 0, status: 429 } });
    const refused = await call(list());
    expect([refused.status, refused.headers.get("x-ratelimit-remaining")]).toEqual([429, "0"]);
  });

  it("`world.rateLimit()` tells what the headers tell, a repository's own limit apart, and looking opens no window", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    world.addRepository({ owner: "octo", name: "other" });
    const { call } = fake(world);
    world.behave({ rateLimit: { limit: 10, remaining: 4, windowMs: 60_000 } });
    world.behave({ rateLimit: { limit: 3 } }, { repo: "octo/other" });
    expect(world.rateLimit()).toMatchObject({ limit: 10, used: 6, remaining: 4 });
    world.clock.advance(30_000);
    // note: the window starts at the first request, not at the look before it.
    const first = await call(list());
    const status = world.rateLimit();
    expect(status).toEqual({ limit: 10, used: 7, remaining: 3, resetAt: world.clock.now() + 60_000 });
    expect(first.headers.get("x-ratelimit-remaining")).toBe(String(status?.remaining));
    expect(first.headers.get("x-ratelimit-reset")).toBe(String(Math.ceil(status!.resetAt / 1000)));
    // note: a 304 uses none of it.
    await call(list(), { headers: { "if-none-match": first.headers.get("etag")! } });
    expect(world.rateLimit("octo/hello")?.remaining).toBe(3);
    await call(list("octo/other"));
    expect(world.rateLimit("octo/other")).toMatchObject({ limit: 3, used: 1, remaining: 2 });
    expect(world.rateLimit()?.remaining).toBe(3);
  });

  it("`enabled: false` sends no x-ratelimit-* headers and refuses nothing, as GHES with rate limiting off", async () => {
    const world = createArtifactsWorld({ behaviours: { rateLimit: { enabled: false, limit: 1 } } });
    addMany(world, 1);
    const { call } = fake(world);
    const answers = [await call(list()), await call(list()), await call(one(1))];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.flatMap((a) => [...a.headers.keys()].filter((name) => name.startsWith("x-ratelimit-")))).toEqual([]);
    expect(world.rateLimit()).toBeUndefined();
  });

  it("a secondary limit refuses with retry-after, for `times` requests", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    const { call } = fake(world);
    world.behave({ secondaryRateLimit: { retryAfterSeconds: 30, times: 1 } });
    const refused = await call(list());
    expect(await body(refused)).toMatchObject({
      status: 403,
      message: expect.stringMatching(/secondary rate limit/),
    });
    expect(refused.headers.get("retry-after")).toBe("30");
    expect((await call(list())).status).toBe(200);
  });
});

describe("the API host", () => {
  it("answers CORS as GitHub does (any origin, its exposed headers) and a preflight with 204", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    const { call } = fake(world);
    const answer = await call(list());
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("access-control-expose-headers")).toMatch(/\bLink\b.*\bETag\b|\bETag\b.*\bLink\b/);
    const preflight = await call(list(), { method: "OPTIONS", token: null });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  it("answers a GHES root with a path, and 404 for paths it does not know", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    const { fetch } = fake(world, { baseUrl: "https://ghe.test/api/v3" });
    const answer = await fetch(`https://ghe.test/api/v3${list()}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const artifacts = (await answer.json()).artifacts;
    expect(artifacts[0].url).toBe("https://ghe.test/api/v3/repos/octo/hello/actions/artifacts/1");
    expect((await fetch("https://ghe.test/api/v3/user")).status).toBe(404);
    await expect(fetch("https://ghe.test/other")).rejects.toThrow(TypeError);
    await expect(fetch("https://example.test/")).rejects.toThrow(/fake GitHub does not answer/);
  });

  it("`intercept` sees each request first: it may answer itself, or change the world and call next", async () => {
    const world = createArtifactsWorld();
    const [a, b] = addMany(world, 2);
    const { call } = fake(world, {
      intercept: (request, next) => {
        if (request.method === "DELETE" && request.url.endsWith(`/${a!.id}`)) world.deleteArtifact(b!.id);
        if (request.headers.get("x-echo")) return new Response("echo", { status: 418 });
        return next(request);
      },
    });
    expect((await call(one(a!.id), { method: "DELETE" })).status).toBe(204);
    expect((await call(one(b!.id), { method: "DELETE" })).status).toBe(404);
    expect((await call(list(), { headers: { "x-echo": "1" } })).status).toBe(418);
    expect(world.requests.map((r) => r.status)).toEqual([204, 404, 418]);
  });

  it("waits latencyMs before answering (timers)", async () => {
    const world = createArtifactsWorld({ behaviours: { latencyMs: 5000 } });
    const { vi } = await import("vitest");
    vi.useFakeTimers();
    try {
      const { call } = fake(world);
      let answered = false;
      const pending = call(list("octo/none")).then(() => {
        answered = true;
      });
      await vi.advanceTimersByTimeAsync(4999);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      expect(answered).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
