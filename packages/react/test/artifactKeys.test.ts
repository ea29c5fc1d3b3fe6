import { createArtifactsClient } from "@gh-artifacts/client";
import * as query from "@gh-artifacts/query";
import { describe, expect, it } from "vitest";
import * as react from "../src/index.js";
import { createFakeGitHub } from "./helpers/fakeGitHub.js";
import { createQueryClient, repoRef } from "./helpers/render.js";

const GHES = "https://ghe.example.com/api/v3";

// note: the keys and factories are @gh-artifacts/query's (scoping, identity, tokens: packages/query/test/
// artifactKeys.test.ts); these tests show React's exports are those very functions, so a React and a Vue screen of
// one app share one cache.
describe("artifactKeys", () => {
  it("should be @gh-artifacts/query's keys and factories, not copies", () => {
    expect(react.artifactKeys).toBe(query.artifactKeys);
    expect(react.baseUrlOf).toBe(query.baseUrlOf);
    expect(react.latestArtifactKey).toBe(query.latestArtifactKey);
    expect(react.selectedArtifactsKey).toBe(query.selectedArtifactsKey);
    expect(react.artifactQueries).toBe(query.artifactQueries);
    expect(react.shouldRetryArtifactsError).toBe(query.shouldRetryArtifactsError);
  });

  it("should never let two hosts share a cache entry", async () => {
    const fromGitHub = createFakeGitHub({ count: 1 });
    const fromGhes = createFakeGitHub({ count: 3, baseUrl: GHES });
    const github = createArtifactsClient({ fetch: fromGitHub.fetch, retry: false });
    const ghes = createArtifactsClient({ fetch: fromGhes.fetch, retry: false, baseUrl: GHES });
    const queryClient = createQueryClient();
    const a = await queryClient.fetchQuery(react.artifactQueries.listForRepo(github, repoRef));
    const b = await queryClient.fetchQuery(react.artifactQueries.listForRepo(ghes, repoRef));
    expect([a.total_count, b.total_count]).toEqual([1, 3]);
    expect(fromGhes.requests).toHaveLength(1);
    expect(queryClient.getQueryCache().getAll()).toHaveLength(2);
  });
});
