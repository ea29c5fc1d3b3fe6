import type { Artifact, ArtifactList } from "@gh-artifacts/types";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import {
  type ArtifactDownload,
  type ArtifactsClient,
  type ArtifactsClientOptions,
  createArtifactsClient,
  createEtagCache,
  downloadArtifact,
  type GitHubApiError,
  getArtifactDownloadUrl,
  type RateLimitError,
  rawClient,
  type TokenOption,
} from "../src/index.js";
import { type DownloadArtifactToFileResult, downloadArtifactToFile } from "../src/node/index.js";

const gh = createArtifactsClient({ token: "t" });
const ref = { owner: "o", repo: "r", artifact_id: 1 } as const;

describe("createArtifactsClient", () => {
  it("takes only optional, typed options", () => {
    expectTypeOf(createArtifactsClient).toBeCallableWith();
    expectTypeOf(createArtifactsClient).toBeCallableWith({
      token: "t",
      baseUrl: "https://ghe.example/api/v3",
      apiVersion: "2022-11-28",
      userAgent: "me",
      fetch: globalThis.fetch,
      retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 3 },
      timeoutMs: 1000,
      cache: createEtagCache(),
    });
    expectTypeOf(createArtifactsClient).toBeCallableWith({ retry: false, cache: createEtagCache(new Map()) });
    // @ts-expect-error the cache is opted into with createEtagCache()
    createArtifactsClient({ cache: true });
    // @ts-expect-error timeoutMs is a number
    createArtifactsClient({ timeoutMs: "1s" });
    // @ts-expect-error unknown option
    createArtifactsClient({ tokens: "t" });
    expectTypeOf(gh).toEqualTypeOf<ArtifactsClient>();
    expectTypeOf(gh.cacheScope).toEqualTypeOf<string>();
  });

  it("takes a token function, maxResponseBytes and cacheScope", () => {
    expectTypeOf(createArtifactsClient).toBeCallableWith({ token: () => "t" });
    expectTypeOf(createArtifactsClient).toBeCallableWith({ token: () => undefined });
    expectTypeOf(createArtifactsClient).toBeCallableWith({ token: async () => "t", cacheScope: "installation-1" });
    expectTypeOf(createArtifactsClient).toBeCallableWith({ maxResponseBytes: 1024 });
    expectTypeOf<ArtifactsClientOptions["token"]>().toEqualTypeOf<TokenOption>();
    // @ts-expect-error a token function returns a string (or undefined), not a number
    createArtifactsClient({ token: () => 42 });
    // @ts-expect-error cacheScope is a string
    createArtifactsClient({ cacheScope: 1 });
    // @ts-expect-error maxResponseBytes is a number
    createArtifactsClient({ maxResponseBytes: "32MiB" });
    expectTypeOf(rawClient(gh)).toEqualTypeOf<Client<import("@gh-artifacts/types").paths>>();
  });
});

describe("single calls", () => {
  it("listArtifactsForRepo", () => {
    expectTypeOf(gh.listArtifactsForRepo({ owner: "o", repo: "r" })).toEqualTypeOf<Promise<ArtifactList>>();
    gh.listArtifactsForRepo({
      owner: "o",
      repo: "r",
      name: "n",
      per_page: 10,
      page: 2,
      signal: new AbortController().signal,
    });
    // @ts-expect-error repo is required
    gh.listArtifactsForRepo({ owner: "o" });
    // @ts-expect-error per_page is a number
    gh.listArtifactsForRepo({ owner: "o", repo: "r", per_page: "10" });
    // @ts-expect-error direction belongs to the workflow-run list only
    gh.listArtifactsForRepo({ owner: "o", repo: "r", direction: "asc" });
  });

  it("listWorkflowRunArtifacts", () => {
    expectTypeOf(gh.listWorkflowRunArtifacts({ owner: "o", repo: "r", run_id: 1 })).toEqualTypeOf<
      Promise<ArtifactList>
    >();
    gh.listWorkflowRunArtifacts({
      owner: "o",
      repo: "r",
      run_id: 1,
      direction: "desc",
      name: "n",
      per_page: 1,
      page: 1,
    });
    // @ts-expect-error direction is "asc" | "desc"
    gh.listWorkflowRunArtifacts({ owner: "o", repo: "r", run_id: 1, direction: "up" });
    // @ts-expect-error run_id is required
    gh.listWorkflowRunArtifacts({ owner: "o", repo: "r" });
  });

  it("getArtifact", () => {
    expectTypeOf(gh.getArtifact(ref)).toEqualTypeOf<Promise<Artifact>>();
    // @ts-expect-error artifact_id must be a number
    gh.getArtifact({ owner: "o", repo: "r", artifact_id: "1" });
    // @ts-expect-error unknown parameter
    gh.getArtifact({ ...ref, archive_format: "zip" });
  });

  it("deleteArtifact", () => {
    expectTypeOf(gh.deleteArtifact(ref)).toEqualTypeOf<Promise<void>>();
    // @ts-expect-error unknown parameter
    gh.deleteArtifact({ ...ref, force: true });
  });

  it("getArtifactDownloadUrl", () => {
    expectTypeOf(getArtifactDownloadUrl(gh, ref)).toEqualTypeOf<Promise<URL>>();
    // @ts-expect-error artifact_id is required
    getArtifactDownloadUrl(gh, { owner: "o", repo: "r" });
  });

  it("downloadArtifact", () => {
    expectTypeOf(downloadArtifact(gh, { ...ref, onProgress: () => {} })).toEqualTypeOf<Promise<ArtifactDownload>>();
    expectTypeOf<ArtifactDownload["body"]>().toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf<ArtifactDownload["size"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ArtifactDownload["url"]>().toEqualTypeOf<URL>();
    downloadArtifact(gh, {
      ...ref,
      // @ts-expect-error onProgress receives { loaded, total }
      onProgress: (p: { loaded: string }) => p,
    });
  });
});

describe("pagination", () => {
  it("iterators yield artifacts and take no page", () => {
    expectTypeOf(gh.iterateArtifactsForRepo({ owner: "o", repo: "r" })).toEqualTypeOf<
      AsyncGenerator<Artifact, void, undefined>
    >();
    expectTypeOf(gh.iterateWorkflowRunArtifacts({ owner: "o", repo: "r", run_id: 1, concurrency: 2 })).toEqualTypeOf<
      AsyncGenerator<Artifact, void, undefined>
    >();
    // @ts-expect-error page is chosen by the iterator
    gh.iterateArtifactsForRepo({ owner: "o", repo: "r", page: 2 });
  });

  it("listAll* resolve to arrays", () => {
    expectTypeOf(gh.listAllArtifactsForRepo({ owner: "o", repo: "r", concurrency: 4 })).toEqualTypeOf<
      Promise<Artifact[]>
    >();
    expectTypeOf(gh.listAllWorkflowRunArtifacts({ owner: "o", repo: "r", run_id: 1 })).toEqualTypeOf<
      Promise<Artifact[]>
    >();
    // @ts-expect-error concurrency is a number
    gh.listAllArtifactsForRepo({ owner: "o", repo: "r", concurrency: "4" });
  });
});

describe("errors and node", () => {
  it("RateLimitError is a GitHubApiError with retry fields", () => {
    expectTypeOf<RateLimitError>().toExtend<GitHubApiError>();
    expectTypeOf<RateLimitError["retryAfter"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RateLimitError["resetAt"]>().toEqualTypeOf<Date | undefined>();
    expectTypeOf<GitHubApiError["retryable"]>().toEqualTypeOf<boolean>();
  });

  it("downloadArtifactToFile", () => {
    expectTypeOf(downloadArtifactToFile(gh, { ...ref, path: "a.zip" })).toEqualTypeOf<
      Promise<DownloadArtifactToFileResult>
    >();
    expectTypeOf<DownloadArtifactToFileResult>().toEqualTypeOf<{
      path: string;
      bytes: number;
      sha256: string;
      verified: boolean;
      kind: "zip" | "file";
      fileName: string;
      extracted: { kind: "zip" | "file"; path: string } | null;
    }>();
    // @ts-expect-error path (or dir) is required
    downloadArtifactToFile(gh, ref);
  });
});
