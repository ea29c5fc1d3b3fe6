import { describe, expect, it } from "vitest";
import { createArtifactsWorld } from "../src/index.js";
import { API, addMany, fake, list } from "./helpers.js";

/** The `Link` header as `{ rel: page }`. */
const links = (response: Response) =>
  Object.fromEntries(
    [...(response.headers.get("link") ?? "").matchAll(/<([^>]+)>; rel="(\w+)"/g)].map(([, url, rel]) => [
      rel,
      Number(new URL(url as string).searchParams.get("page")),
    ]),
  );

describe("lists", () => {
  it("page with GitHub's Link (prev, next, last, first) and the same total_count on every page, newest first", async () => {
    const world = createArtifactsWorld();
    addMany(world, 5);
    const { call } = fake(world);
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(await call(`${list()}?per_page=2&page=${page}`));
    expect(pages.map(links)).toEqual([
      { next: 2, last: 3 },
      { prev: 1, next: 3, last: 3, first: 1 },
      { prev: 2, first: 1 },
    ]);
    const bodies = await Promise.all(pages.map((p) => p.json()));
    expect(bodies.map((b) => b.total_count)).toEqual([5, 5, 5]);
    expect(bodies.flatMap((b) => b.artifacts.map((a: { name: string }) => a.name))).toEqual([
      "artifact-5",
      "artifact-4",
      "artifact-3",
      "artifact-2",
      "artifact-1",
    ]);
  });

  it("keep the other query parameters in Link, under the API root", async () => {
    const world = createArtifactsWorld();
    addMany(world, 3, () => "build");
    const { call } = fake(world);
    const response = await call(`${list()}?name=build&per_page=1`);
    expect(response.headers.get("link")).toBe(
      `<${API}${list()}?name=build&per_page=1&page=2>; rel="next", <${API}${list()}?name=build&per_page=1&page=3>; rel="last"`,
    );
  });

  it("default to 30 a page, cap per_page at 100, and send no Link for a single page", async () => {
    const world = createArtifactsWorld();
    addMany(world, 101);
    const { call } = fake(world);
    expect((await (await call(list())).json()).artifacts).toHaveLength(30);
    const capped = await call(`${list()}?per_page=500`);
    expect((await capped.json()).artifacts).toHaveLength(100);
    expect(links(capped)).toEqual({ next: 2, last: 2 });
    const past = await (await call(`${list()}?page=9`)).json();
    expect(past).toEqual({ total_count: 101, artifacts: [] });
  });

  it("filter by exact name, total_count counting the matches only", async () => {
    const world = createArtifactsWorld();
    addMany(world, 4, (i) => (i % 2 ? "build" : "logs"));
    world.addArtifact({ repo: "octo/hello", name: "build-extra" });
    const { call } = fake(world);
    const body = await (await call(`${list()}?name=build`)).json();
    expect(body.total_count).toBe(2);
    expect(body.artifacts.map((a: { name: string }) => a.name)).toEqual(["build", "build"]);
  });

  it("of a workflow run hold its artifacts only, newest first or (direction=asc) oldest first", async () => {
    const world = createArtifactsWorld();
    const run = world.addWorkflowRun({ repo: "octo/hello", branch: "dev" });
    const a = world.addArtifact({ repo: "octo/hello", name: "a", runId: run.id });
    world.addArtifact({ repo: "octo/hello", name: "other" });
    const b = world.addArtifact({ repo: "octo/hello", name: "b", runId: run.id });
    const { call } = fake(world);
    const ids = async (query = "") =>
      (await (await call(`/repos/octo/hello/actions/runs/${run.id}/artifacts${query}`)).json()).artifacts.map(
        (x: { id: number }) => x.id,
      );
    expect(await ids()).toEqual([b.id, a.id]);
    expect(await ids("?direction=asc")).toEqual([a.id, b.id]);
    const body = await (await call(`/repos/octo/hello/actions/runs/${run.id}/artifacts`)).json();
    expect(body.artifacts[0].workflow_run).toMatchObject({ id: run.id, head_branch: "dev", head_sha: run.headSha });
  });

  it("answer 304 to a matching If-None-Match, without counting it against the rate limit; a change makes a new ETag", async () => {
    const world = createArtifactsWorld();
    const [first] = addMany(world, 2);
    const { call } = fake(world);
    const fresh = await call(list());
    const etag = fresh.headers.get("etag") as string;
    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    const again = await call(list(), { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("x-ratelimit-used")).toBe(fresh.headers.get("x-ratelimit-used"));
    expect((await call(`${list()}/${first?.id}`, { method: "DELETE" })).status).toBe(204);
    const changed = await call(list(), { headers: { "if-none-match": etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("let a read be cached as GitHub does: private for a minute with a token, public without, varying by who asks", async () => {
    const world = createArtifactsWorld({ behaviours: { etags: false } });
    const [first] = addMany(world, 1);
    const { call } = fake(world);
    const reads = [list(), `${list()}/${first?.id}`, "/repos/octo/hello/actions/runs"];
    for (const path of reads) {
      const answer = await call(path);
      expect(answer.headers.get("cache-control"), path).toBe("private, max-age=60, s-maxage=60");
      expect(answer.headers.get("vary"), path).toBe("Accept, Authorization, Cookie, X-GitHub-OTP");
    }
    expect((await call(list(), { token: null })).headers.get("cache-control")).toBe("public, max-age=60, s-maxage=60");
    // note: what is not a read's answer (a refusal, a redirect, a delete) is not cached.
    const unknown = await call(list("octo/nowhere"));
    const redirect = await call(`${list()}/${first?.id}/zip`);
    const deleted = await call(`${list()}/${first?.id}`, { method: "DELETE" });
    expect([unknown.status, redirect.status, deleted.status]).toEqual([404, 302, 204]);
    for (const answer of [unknown, redirect, deleted]) expect(answer.headers.get("cache-control")).toBeNull();
  });

  it("send the same caching headers on a 304 as on the 200 it stands for", async () => {
    const world = createArtifactsWorld();
    addMany(world, 1);
    const { call } = fake(world);
    const fresh = await call(list());
    const again = await call(list(), { headers: { "if-none-match": fresh.headers.get("etag") as string } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe(fresh.headers.get("cache-control"));
    expect(again.headers.get("vary")).toBe(fresh.headers.get("vary"));
  });

  it("send no ETag when `etags` is off, and then never 304", async () => {
    const world = createArtifactsWorld({ behaviours: { etags: false } });
    addMany(world, 1);
    const { call } = fake(world);
    const response = await call(list(), { headers: { "if-none-match": "*" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBeNull();
  });
});
