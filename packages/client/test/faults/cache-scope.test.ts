import { describe, expect, it } from "vitest";
import { fingerprint } from "../../src/fingerprint.js";
import {
  type CacheEntry,
  type CacheStore,
  createArtifactsClient,
  createEtagCache,
  InvalidInputError,
} from "../../src/index.js";
import { artifactServer } from "./world-server.js";

const ref = { owner: "o", repo: "r", artifact_id: 1 };

function sharedStore() {
  const map = new Map<string, CacheEntry>();
  const store: CacheStore = { get: (k) => map.get(k), set: (k, v) => map.set(k, v) };
  return { map, store };
}

/** GitHub's ETag of artifact 1 (the world's: the same for every token, as the body is). */
const ETAG = expect.stringMatching(/^W\/"[0-9a-f]{40}"$/);

describe("client.cacheScope", () => {
  it("item 8: a string token gives a short one-way fingerprint, equal for equal tokens", () => {
    const a = createArtifactsClient({ token: "ghp_alice" });
    const again = createArtifactsClient({ token: "ghp_alice" });
    const b = createArtifactsClient({ token: "ghp_bob" });
    expect(a.cacheScope).toMatch(/^[0-9a-f]{16}$/);
    expect(a.cacheScope).toBe(fingerprint("ghp_alice"));
    expect(again.cacheScope).toBe(a.cacheScope);
    expect(b.cacheScope).not.toBe(a.cacheScope);
    expect(a.cacheScope).not.toContain("alice");
  });

  it("item 8: no token is anonymous; the cacheScope option wins over everything", () => {
    expect(createArtifactsClient().cacheScope).toBe("anonymous");
    expect(createArtifactsClient({ token: "ghp_alice", cacheScope: "team-a" }).cacheScope).toBe("team-a");
    expect(createArtifactsClient({ token: () => "ghs_x", cacheScope: "installation-42" }).cacheScope).toBe(
      "installation-42",
    );
  });

  it("item 8: a token function without cacheScope gives a value unique to the client (never shared)", () => {
    const provider = () => "ghs_same";
    const one = createArtifactsClient({ token: provider });
    const two = createArtifactsClient({ token: provider });
    expect(one.cacheScope).not.toBe(two.cacheScope);
    expect(one.cacheScope).not.toBe("anonymous");
    expect(one.cacheScope).not.toContain("ghs_same");
  });

  it("item 8: a cacheScope that is not a non-empty string is refused", () => {
    expect(() => createArtifactsClient({ cacheScope: "" })).toThrow(InvalidInputError);
    expect(() => createArtifactsClient({ cacheScope: 5 as never })).toThrow("Invalid cacheScope");
  });
});

describe("ETag keys follow the same identity", () => {
  it("item 8: two clients with the same token share entries; another token does not see them", async () => {
    const server = await artifactServer();
    const { map, store } = sharedStore();
    const make = (token: string) =>
      createArtifactsClient({ baseUrl: server.url, token, cache: createEtagCache(store), retry: false });
    await make("ghp_alice").getArtifact(ref);
    await make("ghp_alice").getArtifact(ref);
    await make("ghp_bob").getArtifact(ref);
    expect(server.requests.map((r) => r.headers["if-none-match"])).toEqual([undefined, ETAG, undefined]);
    expect([...map.keys()].every((k) => !k.includes("ghp_"))).toBe(true);
    expect([...map.keys()][0]).toMatch(new RegExp(`^${fingerprint("ghp_alice")} `));
  });

  it("item 8: with a token function, the key is the fingerprint of the token actually sent", async () => {
    const server = await artifactServer();
    const { map, store } = sharedStore();
    let user = "ghs_alice";
    const gh = createArtifactsClient({
      baseUrl: server.url,
      token: () => user,
      cache: createEtagCache(store),
      retry: false,
    });
    await gh.getArtifact(ref);
    user = "ghs_bob";
    await gh.getArtifact(ref);
    user = "ghs_alice";
    await gh.getArtifact(ref);
    expect(server.requests.map((r) => r.headers["if-none-match"])).toEqual([undefined, undefined, ETAG]);
    expect([...map.keys()].map((k) => k.split(" ")[0]).sort()).toEqual(
      [fingerprint("ghs_alice"), fingerprint("ghs_bob")].sort(),
    );
  });

  it("item 8: the cacheScope option keys the ETag entries", async () => {
    const server = await artifactServer();
    const { map, store } = sharedStore();
    const gh = createArtifactsClient({
      baseUrl: server.url,
      token: () => "ghs_x",
      cacheScope: "inst-7",
      cache: createEtagCache(store),
    });
    await gh.getArtifact(ref);
    expect([...map.keys()]).toEqual([`inst-7 ${server.url}/repos/o/r/actions/artifacts/1`]);
  });
});
