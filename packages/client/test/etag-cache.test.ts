import { describe, expect, it } from "vitest";
import { type CacheEntry, createArtifactsClient, createEtagCache, InvalidInputError } from "../src/index.js";
import { artifact, json, observedClient, toArray } from "./helpers.js";

const params = { owner: "o", repo: "r", artifact_id: 1 };

/** GitHub's behaviour: 304 when If-None-Match matches the current ETag. */
function etagServer(etag: () => string, body: () => unknown) {
  return (request: Request) =>
    request.headers.get("if-none-match") === etag()
      ? new Response(null, { status: 304, headers: { etag: etag() } })
      : json(body(), { headers: { etag: etag() } });
}

describe("ETag cache", () => {
  it("sends If-None-Match and answers a 304 from the cache", async () => {
    const { gh, requests } = observedClient(
      etagServer(
        () => '"v1"',
        () => artifact(1, { name: "first" }),
      ),
      { cache: createEtagCache() },
    );
    const first = await gh.getArtifact(params);
    const second = await gh.getArtifact(params);
    expect(requests[0]!.headers.has("if-none-match")).toBe(false);
    expect(requests[1]!.headers.get("if-none-match")).toBe('"v1"');
    expect(second).toEqual(first);
    expect(second.name).toBe("first");
  });

  it("takes the new body when the ETag changed", async () => {
    let version = 1;
    const { gh } = observedClient(
      etagServer(
        () => `"v${version}"`,
        () => artifact(1, { name: `v${version}` }),
      ),
      { cache: createEtagCache() },
    );
    await gh.getArtifact(params);
    version = 2;
    await expect(gh.getArtifact(params)).resolves.toMatchObject({ name: "v2" });
  });

  it("keeps Link headers so cached pages still paginate", async () => {
    const { gh, requests } = observedClient(
      (request) => {
        const page = new URL(request.url).searchParams.get("page") ?? "1";
        if (request.headers.get("if-none-match") === `"p${page}"`) return new Response(null, { status: 304 });
        const headers: Record<string, string> = { etag: `"p${page}"` };
        if (page === "1") headers.link = '<https://api.github.test/x?page=2>; rel="next"';
        return json({ total_count: 2, artifacts: [artifact(Number(page))] }, { headers });
      },
      { cache: createEtagCache() },
    );
    const ids = async () => (await toArray(gh.iterateArtifactsForRepo({ owner: "o", repo: "r" }))).map((a) => a.id);
    expect(await ids()).toEqual([1, 2]);
    expect(await ids()).toEqual([1, 2]);
    expect(requests.slice(2).every((r) => r.headers.has("if-none-match"))).toBe(true);
  });

  it("uses a custom store, keyed per credentials", async () => {
    const store = new Map<string, CacheEntry>();
    const cache = { get: (k: string) => store.get(k), set: (k: string, v: CacheEntry) => store.set(k, v) };
    const handler = etagServer(
      () => '"v1"',
      () => artifact(1),
    );
    const alice = observedClient(handler, { cache: createEtagCache(cache), token: "alice-token" });
    const bob = observedClient(handler, { cache: createEtagCache(cache), token: "bob-token" });
    await alice.gh.getArtifact(params);
    await bob.gh.getArtifact(params);
    expect(store.size).toBe(2);
    expect(bob.requests[0]!.headers.has("if-none-match")).toBe(false);
  });

  it("is off by default", async () => {
    const { gh, requests } = observedClient(
      etagServer(
        () => '"v1"',
        () => artifact(1),
      ),
    );
    await gh.getArtifact(params);
    await gh.getArtifact(params);
    expect(requests[1]!.headers.has("if-none-match")).toBe(false);
  });

  it("shares one store between the caches made over it", async () => {
    const store = new Map<string, CacheEntry>();
    const handler = etagServer(
      () => '"v1"',
      () => artifact(1),
    );
    await observedClient(handler, { cache: createEtagCache(store) }).gh.getArtifact(params);
    const second = observedClient(handler, { cache: createEtagCache(store) });
    await second.gh.getArtifact(params);
    expect(second.requests[0]!.headers.get("if-none-match")).toBe('"v1"');
  });

  it("refuses, naming the option, a cache not made by createEtagCache (the old `true` and bare stores)", () => {
    const made = (cache: unknown) => () => createArtifactsClient({ cache: cache as never });
    expect(made(true)).toThrow(InvalidInputError);
    expect(made(new Map())).toThrow(/^Invalid cache: must be made by createEtagCache\(\)$/);
    expect(made({ store: new Map() })).toThrow(/Invalid cache/);
    expect(() => createEtagCache({} as never)).toThrow(/Invalid cache: the store must have get\(key\) and set/);
  });
});
