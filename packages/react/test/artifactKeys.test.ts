import { createArtifactsClient, InvalidInputError } from "@gh-artifacts/client";
import { matchQuery } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import {
  type ArtifactKeyScope,
  artifactKeys,
  artifactQueries,
  baseUrlOf,
  latestArtifactKey,
  selectedArtifactsKey,
} from "../src/index.js";
import { createFakeGitHub } from "./helpers/fakeGitHub.js";
import { createQueryClient, repoRef } from "./helpers/render.js";

const GHES = "https://ghe.example.com/api/v3";
const TOKEN = "ghp_keysTestToken000000000000000000000000";
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

describe("artifactKeys", () => {
  it("should nest every key under its repository, and the repository under its host and identity", () => {
    const scope = { baseUrl: "https://api.github.com", cacheScope: "anonymous" };
    const repo = artifactKeys.repo(scope, repoRef);
    expect(artifactKeys.all(scope)).toEqual(["gh-artifacts", scope.baseUrl, "anonymous"]);
    expect(repo).toEqual(["gh-artifacts", scope.baseUrl, "anonymous", "repo", "octo", "hello"]);
    const keys = [
      artifactKeys.list(scope, { ...repoRef, per_page: 10, page: 2 }),
      artifactKeys.infiniteList(scope, { ...repoRef, name: "logs" }),
      artifactKeys.run(scope, { ...repoRef, run_id: 7 }),
      artifactKeys.infiniteRun(scope, { ...repoRef, run_id: 7, direction: "asc" }),
      artifactKeys.detail(scope, { ...repoRef, artifact_id: 5 }),
    ];
    for (const key of keys) expect(isPrefix(repo, key)).toBe(true);
    expect(keys[0]).toEqual([...artifactKeys.lists(scope, repoRef), { per_page: 10, page: 2 }]);
    expect(isPrefix(artifactKeys.lists(scope, repoRef), keys[1] ?? [])).toBe(true);
    expect(isPrefix(artifactKeys.runs(scope, { ...repoRef, run_id: 7 }), keys[3] ?? [])).toBe(true);
    expect(keys[4]).toEqual([...repo, "detail", 5]);
    expect(isPrefix(artifactKeys.repo(scope, { owner: "octo", repo: "other" }), keys[0] ?? [])).toBe(false);
  });

  it("should scope keys by baseUrl, read from a client or given with its cacheScope", () => {
    const github = createArtifactsClient({ fetch: createFakeGitHub().fetch });
    const ghes = createArtifactsClient({ fetch: createFakeGitHub().fetch, baseUrl: `${GHES}/` });
    expect(baseUrlOf(github)).toBe("https://api.github.com");
    expect(baseUrlOf(ghes)).toBe(GHES);
    expect(baseUrlOf({ baseUrl: `${GHES}/`, cacheScope: "x" })).toBe(GHES);
    expect(artifactKeys.all(ghes)).toEqual(artifactKeys.all({ baseUrl: GHES, cacheScope: ghes.cacheScope }));
    expect(artifactKeys.detail(github, { ...repoRef, artifact_id: 1 })).not.toEqual(
      artifactKeys.detail(ghes, { ...repoRef, artifact_id: 1 }),
    );
  });

  it("should never let two hosts share a cache entry", async () => {
    const fromGitHub = createFakeGitHub({ count: 1 });
    const fromGhes = createFakeGitHub({ count: 3, baseUrl: GHES });
    const github = createArtifactsClient({ fetch: fromGitHub.fetch, retry: false });
    const ghes = createArtifactsClient({ fetch: fromGhes.fetch, retry: false, baseUrl: GHES });
    const queryClient = createQueryClient();
    const a = await queryClient.fetchQuery(artifactQueries.listForRepo(github, repoRef));
    const b = await queryClient.fetchQuery(artifactQueries.listForRepo(ghes, repoRef));
    expect([a.total_count, b.total_count]).toEqual([1, 3]);
    expect(fromGhes.requests).toHaveLength(1);
    expect(queryClient.getQueryCache().getAll()).toHaveLength(2);
  });

  it("item 8: every key holds the client's cacheScope, never the token", () => {
    const client = createArtifactsClient({ token: TOKEN, fetch: createFakeGitHub().fetch });
    for (const key of everyKey(client)) {
      expect(key[2]).toBe(client.cacheScope);
      expect(JSON.stringify(key)).not.toContain(TOKEN);
      expect(JSON.stringify(key)).not.toContain(TOKEN.slice(4, 20));
    }
  });

  it("item 8: a token and anonymous on one baseUrl get different keys; the same identity gets the same keys", () => {
    const fetch = createFakeGitHub().fetch;
    const signedIn = createArtifactsClient({ token: TOKEN, fetch });
    const again = createArtifactsClient({ token: TOKEN, fetch, retry: false });
    const anonymous = createArtifactsClient({ fetch });
    const signedInKeys = everyKey(signedIn);
    const anonymousKeys = everyKey(anonymous);
    expect(everyKey(again)).toEqual(signedInKeys);
    expect(everyKey(createArtifactsClient({ fetch }))).toEqual(anonymousKeys);
    signedInKeys.forEach((key, i) => {
      expect(key).not.toEqual(anonymousKeys[i]);
      expect(isPrefix(anonymousKeys[0] ?? [], key)).toBe(false);
    });
  });

  it("item 8: two tokens on one baseUrl get different keys", () => {
    const fetch = createFakeGitHub().fetch;
    const alice = createArtifactsClient({ token: "ghp_alice00000000000000000000000000000000", fetch });
    const bob = createArtifactsClient({ token: "ghp_bob0000000000000000000000000000000000", fetch });
    expect(artifactKeys.all(alice)).not.toEqual(artifactKeys.all(bob));
    expect(isPrefix(artifactKeys.all(alice), artifactKeys.detail(bob, { ...repoRef, artifact_id: 1 }))).toBe(false);
  });

  it("item 8: a scope without an identity is refused before any request, naming the field", () => {
    const noScope = { baseUrl: "https://api.github.com" } as ArtifactKeyScope;
    expect(() => artifactKeys.all(noScope)).toThrow(InvalidInputError);
    expect(() => artifactKeys.all(noScope)).toThrow("Invalid scope.cacheScope: is required");
    expect(() => artifactKeys.all({ baseUrl: "https://api.github.com", cacheScope: "" })).toThrow(InvalidInputError);
    expect(() => artifactKeys.all({ cacheScope: "anonymous" } as ArtifactKeyScope)).toThrow();
  });
});
