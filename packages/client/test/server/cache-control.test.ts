// GitHub answers lists and artifacts with `Cache-Control: private, max-age=60`. Passed on, that lets a browser answer
// a reload from its cache for a minute, showing an artifact deleted a moment ago. The handler answers every read with
// `private, no-cache` and GitHub's ETag instead: the browser asks each time, and a 304 still spares the body and the
// rate limit. Over loopback, against the repository's fake GitHub made to send GitHub's header.
import { type ArtifactsWorld, createArtifactsWorld } from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";
import { describe, expect, it, onTestFinished } from "vitest";
import { createArtifactsClient, createEtagCache } from "../../src/index.js";
import { toNodeListener } from "../../src/node/index.js";
import { createArtifactsProxy } from "../../src/server/index.js";
import { startServer } from "../helpers.js";

const PREFIX = "/api/github";
const LIST = `${PREFIX}/repos/o/r/actions/artifacts`;
/** What api.github.com sends on list and get answers, 200 and 304 alike. */
const GITHUB_CACHE_CONTROL = "private, max-age=60, s-maxage=60";

/** A world of two artifacts in `o/r`, GitHub's header on every API answer with an ETag, and the handler before it. */
async function start() {
  const world = createArtifactsWorld();
  const first = world.addArtifact({ repo: "o/r", name: "build" });
  const second = world.addArtifact({ repo: "o/r", name: "logs" });
  const github = await startFakeGitHub({
    world,
    intercept: async (request, next) => {
      const response = await next(request);
      if (!response.headers.has("etag")) return response;
      const headers = new Headers(response.headers);
      headers.set("cache-control", GITHUB_CACHE_CONTROL);
      return new Response(response.body, { status: response.status, headers });
    },
  });
  onTestFinished(() => github.stop());
  const proxy = createArtifactsProxy({ token: "ghp_server", baseUrl: github.url, pathPrefix: PREFIX });
  const app = await startServer(toNodeListener(proxy));
  onTestFinished(() => app.close());
  return { world, app, ids: [first.id, second.id] };
}

/** The API requests the fake answered, as `status path`. */
const answered = (world: ArtifactsWorld) =>
  world.requests.filter((r) => r.host === "api").map((r) => `${r.status} ${r.path}`);

describe("the handler's answers to reads", () => {
  it("say `private, no-cache` (not GitHub's max-age) and keep GitHub's ETag, on lists and artifacts", async () => {
    const { world, app, ids } = await start();
    for (const path of [LIST, `${LIST}/${ids[0]}`]) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).toBe("private, no-cache");
      expect(response.headers.get("etag"), path).toMatch(/^W\/"[0-9a-f]{40}"$/);
      await response.arrayBuffer();
    }
    expect(answered(world)).toEqual(["200 /repos/o/r/actions/artifacts", `200 /repos/o/r/actions/artifacts/${ids[0]}`]);
  });

  it("a revalidation is GitHub's 304 with the same header; once an artifact is deleted, the next one lists without it", async () => {
    const { world, app, ids } = await start();
    const first = await fetch(`${app.url}${LIST}`);
    const etag = first.headers.get("etag") as string;
    expect((await first.json()).artifacts.map((a: { id: number }) => a.id).sort()).toEqual([...ids].sort());

    const same = await fetch(`${app.url}${LIST}`, { headers: { "if-none-match": etag } });
    expect(same.status).toBe(304);
    expect(same.headers.get("cache-control")).toBe("private, no-cache");
    expect(same.headers.get("etag")).toBe(etag);
    expect(await same.text()).toBe("");

    world.deleteArtifact(ids[1] as number);
    const after = await fetch(`${app.url}${LIST}`, { headers: { "if-none-match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("cache-control")).toBe("private, no-cache");
    expect(after.headers.get("etag")).not.toBe(etag);
    expect((await after.json()).artifacts.map((a: { id: number }) => a.id)).toEqual([ids[0]]);
  });

  it("the client's ETag cache through the handler: asks every time, answers a 304 with its copy, never a stale list", async () => {
    const { world, app, ids } = await start();
    const gh = createArtifactsClient({ baseUrl: `${app.url}${PREFIX}`, retry: false, cache: createEtagCache() });
    const listed = async () => (await gh.listArtifactsForRepo({ owner: "o", repo: "r" })).artifacts.map((a) => a.id);

    expect((await listed()).sort()).toEqual([...ids].sort());
    expect((await listed()).sort()).toEqual([...ids].sort());
    world.deleteArtifact(ids[1] as number);
    expect(await listed()).toEqual([ids[0]]);
    // note: the header's `no-cache` is no reason for the client to skip its own cache: the second list was a 304.
    expect(answered(world)).toEqual([
      "200 /repos/o/r/actions/artifacts",
      "304 /repos/o/r/actions/artifacts",
      "200 /repos/o/r/actions/artifacts",
    ]);
  });
});
