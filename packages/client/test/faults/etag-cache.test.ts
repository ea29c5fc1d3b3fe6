import { describe, expect, it } from "vitest";
import {
  type CacheEntry,
  type CacheStore,
  createArtifactsClient,
  createEtagCache,
  createMemoryStore,
  UnexpectedResponseError,
} from "../../src/index.js";
import { artifact } from "../helpers.js";
import { deferred, loopback, sendJson } from "./core-servers.js";
import { artifactServer } from "./world-server.js";

/** A store that resolves `filled` once `count` entries were written after `arm()`. */
function watchedStore(inner: CacheStore, count: number) {
  const filled = deferred();
  let armed = false;
  let writes = 0;
  const store: CacheStore & { arm(): void } = {
    get: (key) => inner.get(key),
    set(key, entry) {
      inner.set(key, entry);
      if (armed && ++writes === count) filled.resolve();
    },
    arm: () => {
      armed = true;
    },
  };
  return { store, filled: filled.promise };
}

const ref = (artifact_id: number) => ({ owner: "o", repo: "r", artifact_id });

describe("ETag cache over loopback", () => {
  it("item 1: a 304 whose entry was evicted meanwhile (createMemoryStore(2), concurrent GETs) is answered with the entry that was sent", async () => {
    const { store, filled } = watchedStore(createMemoryStore(2), 2);
    // note: the 304s wait until two fresh 200s have been stored, which evicts the entries their ETags came from.
    const server = await artifactServer(() => filled);
    const gh = createArtifactsClient({ baseUrl: server.url, cache: createEtagCache(store), retry: false });
    await gh.getArtifact(ref(1));
    await gh.getArtifact(ref(2));
    store.arm();
    const results = await Promise.all([1, 2, 3, 4].map((id) => gh.getArtifact(ref(id))));
    expect(results.map((a) => a?.id)).toEqual([1, 2, 3, 4]);
    const conditional = server.requests.filter((r) => r.headers["if-none-match"]).map((r) => r.url);
    expect(conditional.sort()).toEqual(["/repos/o/r/actions/artifacts/1", "/repos/o/r/actions/artifacts/2"]);
  });

  it("item 1: a list page whose entry was evicted meanwhile is still a list, not a TypeError", async () => {
    const { store, filled } = watchedStore(createMemoryStore(1), 1);
    const server = await artifactServer(() => filled);
    const gh = createArtifactsClient({ baseUrl: server.url, cache: createEtagCache(store), retry: false });
    const first = await gh.listArtifactsForRepo({ owner: "o", repo: "r" });
    store.arm();
    const [list, other] = await Promise.all([
      gh.listArtifactsForRepo({ owner: "o", repo: "r" }),
      gh.getArtifact(ref(9)),
    ]);
    expect(list).toEqual(first);
    expect(list.total_count).toBe(9);
    expect(other.id).toBe(9);
  });

  it("item 1: an entry a TTL store expires while the request is in flight still answers its 304", async () => {
    let now = 0;
    const map = new Map<string, { entry: CacheEntry; at: number }>();
    const ttlStore: CacheStore = {
      get(key) {
        const hit = map.get(key);
        return hit && now - hit.at < 1000 ? hit.entry : undefined;
      },
      set: (key, entry) => map.set(key, { entry, at: now }),
    };
    const server = await artifactServer(async () => {
      now = 5000; // the entry expires while GitHub prepares its 304
    });
    const gh = createArtifactsClient({ baseUrl: server.url, cache: createEtagCache(ttlStore), retry: false });
    const first = await gh.getArtifact(ref(7));
    await expect(gh.getArtifact(ref(7))).resolves.toEqual(first);
    expect(first.id).toBe(7);
    expect(server.requests[1]!.headers["if-none-match"]).toMatch(/^W\/"/);
  });

  it("item 1: an unusable stored entry is ignored: no If-None-Match, and the fresh answer replaces it", async () => {
    const map = new Map<string, unknown>();
    const store: CacheStore = { get: (k) => map.get(k) as CacheEntry, set: (k, v) => map.set(k, v) };
    const server = await artifactServer();
    const gh = createArtifactsClient({ baseUrl: server.url, cache: createEtagCache(store), retry: false });
    const first = await gh.getArtifact(ref(3));
    const [key] = map.keys();
    map.set(key!, { etag: (map.get(key!) as CacheEntry).etag, body: 42, headers: null });
    await expect(gh.getArtifact(ref(3))).resolves.toEqual(first);
    expect(server.requests[1]!.headers["if-none-match"]).toBeUndefined();
    expect((map.get(key!) as CacheEntry).body).toBe(await server.read("/repos/o/r/actions/artifacts/3"));
  });

  it("item 1: a 304 to a request without If-None-Match (a proxy) leads to one unconditional refetch", async () => {
    let first = true;
    const server = await loopback((_req, res) => {
      if (first) {
        first = false;
        res.writeHead(304, { etag: '"p"' });
        return res.end();
      }
      sendJson(res, 200, artifact(5), { etag: '"v5"' });
    });
    const gh = createArtifactsClient({ baseUrl: server.url, cache: createEtagCache(), retry: false });
    await expect(gh.getArtifact(ref(5))).resolves.toEqual(artifact(5));
    expect(server.requests).toHaveLength(2);
    expect(server.requests.every((r) => r.headers["if-none-match"] === undefined)).toBe(true);
  });

  it("item 1: a second 304 to the unconditional refetch is an UnexpectedResponseError, never undefined", async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(304);
      res.end();
    });
    const gh = createArtifactsClient({ baseUrl: server.url, cache: createEtagCache(), retry: false });
    const error = await gh.getArtifact(ref(5)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 304, retryable: false });
    expect(server.requests).toHaveLength(2);
  });

  it("item 1: without a cache a stray 304 is an UnexpectedResponseError too", async () => {
    const server = await loopback((_req, res) => {
      res.writeHead(304);
      res.end();
    });
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    await expect(gh.listArtifactsForRepo({ owner: "o", repo: "r" })).rejects.toBeInstanceOf(UnexpectedResponseError);
  });
});
