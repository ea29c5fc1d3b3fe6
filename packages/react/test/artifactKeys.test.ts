import { createArtifactsClient } from "@gh-artifacts/client";
import { matchQuery } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { artifactKeys, artifactQueries, baseUrlOf } from "../src/index.js";
import { createFakeGitHub } from "./helpers/fakeGitHub.js";
import { createQueryClient, repoRef } from "./helpers/render.js";

const GHES = "https://ghe.example.com/api/v3";
const isPrefix = (prefix: readonly unknown[], key: readonly unknown[]) =>
  matchQuery({ queryKey: prefix }, { queryKey: key, queryHash: "" } as never);

describe("artifactKeys", () => {
  it("should nest every key under its repository, and the repository under its host", () => {
    const scope = "https://api.github.com";
    const repo = artifactKeys.repo(scope, repoRef);
    expect(artifactKeys.all(scope)).toEqual(["gh-artifacts", scope]);
    expect(repo).toEqual(["gh-artifacts", scope, "repo", "octo", "hello"]);
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

  it("should scope keys by baseUrl, read from a client or given as a string", () => {
    const github = createArtifactsClient({ fetch: createFakeGitHub().fetch });
    const ghes = createArtifactsClient({ fetch: createFakeGitHub().fetch, baseUrl: `${GHES}/` });
    expect(baseUrlOf(github)).toBe("https://api.github.com");
    expect(baseUrlOf(ghes)).toBe(GHES);
    expect(artifactKeys.all(ghes)).toEqual(artifactKeys.all(GHES));
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
});
