import { createArtifactsClient, InvalidInputError } from "@gh-artifacts/client";
import { matchQuery } from "@tanstack/query-core";
import { afterEach, describe, expect, it } from "vitest";
import { KIND } from "../src/deleteArtifactMutationOptions.js";
import {
  type ArtifactKeyScope,
  artifactKeys,
  artifactQueries,
  baseUrlOf,
  latestArtifactKey,
  selectedArtifactsKey,
} from "../src/index.js";
import { repoRef, startWorld, type TestWorld } from "./helpers.js";

const GHES = "https://ghe.example.com/api/v3";
const ALICE = "ghp_alice00000000000000000000000000000000";
const BOB = "ghp_bob0000000000000000000000000000000000";
const isPrefix = (prefix: readonly unknown[], key: readonly unknown[]) =>
  matchQuery({ queryKey: prefix }, { queryKey: key, queryHash: "" } as never);

/** Every key `artifactKeys` builds for `scope`. */
const everyKey = (scope: ArtifactKeyScope) => [
  artifactKeys.all(scope),
  artifactKeys.repo(scope, repoRef),
  artifactKeys.lists(scope, repoRef),
  artifactKeys.list(scope, { ...repoRef, per_page: 10, page: 2 }),
  artifactKeys.infiniteList(scope, { ...repoRef, name: "logs" }),
  artifactKeys.runs(scope, { ...repoRef, run_id: 7 }),
  artifactKeys.run(scope, { ...repoRef, run_id: 7 }),
  artifactKeys.infiniteRun(scope, { ...repoRef, run_id: 7, direction: "asc" }),
  artifactKeys.detail(scope, { ...repoRef, artifact_id: 5 }),
  latestArtifactKey(scope, { ...repoRef, name: "build", branch: "main" }),
  selectedArtifactsKey(scope, { ...repoRef, workflow: "ci.yml", pattern: /^dist-/ }),
];

let fake: TestWorld | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe("artifactKeys", () => {
  it("should nest every key under its repository, and the repository under its host and identity", () => {
    const scope = { baseUrl: "https://api.github.com", cacheScope: "anonymous" };
    const repo = artifactKeys.repo(scope, repoRef);
    expect(artifactKeys.all(scope)).toEqual(["gh-artifacts", scope.baseUrl, "anonymous"]);
    expect(repo).toEqual(["gh-artifacts", scope.baseUrl, "anonymous", "repo", "octo", "hello"]);
    const keys = everyKey(scope).slice(3);
    for (const key of keys) expect(isPrefix(repo, key)).toBe(true);
    expect(keys[0]).toEqual([...artifactKeys.lists(scope, repoRef), { per_page: 10, page: 2 }]);
    expect(isPrefix(artifactKeys.repo(scope, { owner: "octo", repo: "other" }), keys[0] ?? [])).toBe(false);
  });

  it("should put the kind of a key (list, run, detail) where the delete's predicates look for it", () => {
    const scope = { baseUrl: "https://api.github.com", cacheScope: "anonymous" };
    expect(artifactKeys.repo(scope, repoRef)).toHaveLength(KIND);
    expect(artifactKeys.detail(scope, { ...repoRef, artifact_id: 5 }).slice(KIND)).toEqual(["detail", 5]);
    expect(artifactKeys.lists(scope, repoRef)[KIND]).toBe("list");
    expect(artifactKeys.runs(scope, { ...repoRef, run_id: 7 })[KIND]).toBe("run");
  });

  it("should scope keys by baseUrl, read from a client or given with its cacheScope", () => {
    const github = createArtifactsClient({});
    const ghes = createArtifactsClient({ baseUrl: `${GHES}/` });
    expect(baseUrlOf(github)).toBe("https://api.github.com");
    expect(baseUrlOf(ghes)).toBe(GHES);
    expect(artifactKeys.all(ghes)).toEqual(artifactKeys.all({ baseUrl: GHES, cacheScope: ghes.cacheScope }));
    expect(artifactKeys.detail(github, { ...repoRef, artifact_id: 1 })).not.toEqual(
      artifactKeys.detail(ghes, { ...repoRef, artifact_id: 1 }),
    );
  });

  it("should hold the client's cacheScope in every key, never the token", () => {
    const client = createArtifactsClient({ token: ALICE });
    for (const key of everyKey(client)) {
      expect(key[2]).toBe(client.cacheScope);
      expect(JSON.stringify(key)).not.toContain(ALICE);
      expect(JSON.stringify(key)).not.toContain(ALICE.slice(4, 20));
    }
  });

  it("should give two tokens, and a token and anonymous, different keys; the same identity the same keys", () => {
    const alice = everyKey(createArtifactsClient({ token: ALICE }));
    const bob = everyKey(createArtifactsClient({ token: BOB }));
    const anonymous = everyKey(createArtifactsClient({}));
    expect(everyKey(createArtifactsClient({ token: ALICE, retry: false }))).toEqual(alice);
    alice.forEach((key, i) => {
      expect(key).not.toEqual(bob[i]);
      expect(isPrefix(anonymous[0] ?? [], key)).toBe(false);
      expect(isPrefix(bob[0] ?? [], key)).toBe(false);
    });
  });

  it("should keep two identities' lists apart in one bare QueryClient, each fetched from the server", async () => {
    fake = await startWorld(2);
    const alice = createArtifactsClient({ baseUrl: fake.url, token: ALICE, retry: false });
    const bob = createArtifactsClient({ baseUrl: fake.url, token: BOB, retry: false });
    const { queryClient } = fake;
    await queryClient.fetchQuery(artifactQueries.listForRepo(alice, repoRef));
    fake.world.deleteArtifact(2);
    const forBob = await queryClient.fetchQuery(artifactQueries.listForRepo(bob, repoRef));
    // note: a shared key would have answered Bob from Alice's cache, with the deleted artifact and no request.
    expect(forBob.artifacts.map((a) => a.id)).toEqual([1]);
    expect(fake.requests("GET")).toHaveLength(2);
    expect(queryClient.getQueryData(artifactQueries.listForRepo(alice, repoRef).queryKey)?.total_count).toBe(2);
  });

  it("should refuse a scope without an identity before any request, naming the field", () => {
    const noScope = { baseUrl: "https://api.github.com" } as ArtifactKeyScope;
    expect(() => artifactKeys.all(noScope)).toThrow(InvalidInputError);
    expect(() => artifactKeys.all(noScope)).toThrow("Invalid scope.cacheScope: is required");
    expect(() => artifactKeys.all({ baseUrl: "https://api.github.com", cacheScope: "" })).toThrow(InvalidInputError);
  });
});
