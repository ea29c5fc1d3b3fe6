import type { Artifact, ArtifactList, ArtifactsClient, ArtifactsClientError } from "@gh-artifacts/client";
import { type InfiniteData, QueryClient, useQueries } from "@tanstack/react-query";
import { assertType, describe, expectTypeOf, it } from "vitest";
import {
  type ArtifactsError,
  artifactKeys,
  artifactQueries,
  type DownloadArtifactRequest,
  type DownloadedArtifact,
  type DownloadStatus,
  latestArtifactQueryOptions,
  type NavigateArtifactRequest,
  selectedArtifactsQueryOptions,
  useArtifact,
  useArtifacts,
  useDeleteArtifact,
  useDownloadArtifact,
  useInfiniteArtifacts,
  useLatestArtifact,
  useSelectedArtifacts,
  useSuspenseArtifact,
  useSuspenseInfiniteWorkflowRunArtifacts,
} from "../src/index.js";

declare const client: ArtifactsClient;
const ref = { owner: "octo", repo: "hello" };

describe("data types flow from the spec", () => {
  it("useArtifact: Artifact | undefined; useSuspenseArtifact: Artifact", () => {
    expectTypeOf(useArtifact({ ...ref, artifact_id: 1 }).data).toEqualTypeOf<Artifact | undefined>();
    expectTypeOf(useSuspenseArtifact({ ...ref, artifact_id: 1 }).data).toEqualTypeOf<Artifact>();
  });

  it("useLatestArtifact: Artifact | null once loaded (null: there is none), typed in the cache too", () => {
    const latest = useLatestArtifact({ ...ref, name: "build", branch: "main" });
    expectTypeOf(latest.data).toEqualTypeOf<Artifact | null | undefined>();
    expectTypeOf(latest.error).toEqualTypeOf<ArtifactsClientError | null>();
    const id = useLatestArtifact({ ...ref, name: "build" }, { select: (a) => a?.id ?? 0 });
    expectTypeOf(id.data).toEqualTypeOf<number | undefined>();
    const options = latestArtifactQueryOptions(client, { ...ref, name: "build", run_id: 1 });
    expectTypeOf(new QueryClient().getQueryData(options.queryKey)).toEqualTypeOf<Artifact | null | undefined>();
    // @ts-expect-error name is required
    useLatestArtifact(ref);
    // @ts-expect-error run_id must be a number
    useLatestArtifact({ ...ref, name: "build", run_id: "1" });
    useLatestArtifact({ ...ref, pattern: /^dist-/, workflow: "ci.yml", branch: "main", status: "any" });
    // @ts-expect-error a name or a pattern, not both
    useLatestArtifact({ ...ref, name: "build", pattern: "b*" });
    // @ts-expect-error status is a run status, a conclusion or "any"
    useLatestArtifact({ ...ref, name: "build", status: "green" });
  });

  it("useSelectedArtifacts: the artifacts once loaded, typed in the cache too", () => {
    const selected = useSelectedArtifacts({ ...ref, workflow: "ci.yml", branch: "main" });
    expectTypeOf(selected.data).toEqualTypeOf<Artifact[] | undefined>();
    const names = useSelectedArtifacts({ ...ref, runId: 1 }, { select: (all) => all.map((a) => a.name) });
    expectTypeOf(names.data).toEqualTypeOf<string[] | undefined>();
    const options = selectedArtifactsQueryOptions(client, { ...ref, pattern: "dist-*" });
    expectTypeOf(new QueryClient().getQueryData(options.queryKey)).toEqualTypeOf<Artifact[] | undefined>();
    // @ts-expect-error includeExpired is useLatestArtifact's alone
    useSelectedArtifacts({ ...ref, includeExpired: true });
  });

  it("lists and infinite pages", () => {
    expectTypeOf(useArtifacts(ref).data).toEqualTypeOf<ArtifactList | undefined>();
    expectTypeOf(useArtifacts(ref).data?.artifacts).toEqualTypeOf<Artifact[] | undefined>();
    expectTypeOf(useInfiniteArtifacts(ref).data).toEqualTypeOf<InfiniteData<ArtifactList, number> | undefined>();
    const run = useSuspenseInfiniteWorkflowRunArtifacts({ ...ref, run_id: 1 });
    expectTypeOf(run.data.pages).toEqualTypeOf<ArtifactList[]>();
    expectTypeOf(run.data.pageParams).toEqualTypeOf<number[]>();
  });

  it("select narrows data", () => {
    const names = useArtifacts(ref, { select: (list) => list.artifacts.map((a) => a.name) });
    expectTypeOf(names.data).toEqualTypeOf<string[] | undefined>();
  });

  it("query options type the cache outside React", async () => {
    const queryClient = new QueryClient();
    const detail = artifactQueries.detail(client, { ...ref, artifact_id: 1 });
    expectTypeOf(queryClient.getQueryData(detail.queryKey)).toEqualTypeOf<Artifact | undefined>();
    expectTypeOf(await queryClient.ensureQueryData(detail)).toEqualTypeOf<Artifact>();
    const pages = artifactQueries.infiniteListForRepo(client, ref);
    expectTypeOf(queryClient.getQueryData(pages.queryKey)).toEqualTypeOf<
      InfiniteData<ArtifactList, number> | undefined
    >();
    const [first] = useQueries({ queries: [artifactQueries.listForRun(client, { ...ref, run_id: 2 })] });
    expectTypeOf(first.data).toEqualTypeOf<ArtifactList | undefined>();
  });

  it("parameters keep GitHub's names and required fields", () => {
    // @ts-expect-error artifact_id is required
    useArtifact(ref);
    // @ts-expect-error page is managed by the infinite query
    useInfiniteArtifacts({ ...ref, page: 2 });
    // @ts-expect-error run_id must be a number
    artifactQueries.listForRun(client, { ...ref, run_id: "1" });
  });

  it("mutation and download", () => {
    const remove = useDeleteArtifact();
    assertType<(params: { owner: string; repo: string; artifact_id: number }) => void>(remove.mutate);
    const download = useDownloadArtifact();
    expectTypeOf(download.download).returns.toEqualTypeOf<Promise<Blob | undefined>>();
    expectTypeOf(download.progress).toEqualTypeOf<{ loaded: number; total: number | undefined }>();
    expectTypeOf(download.status).toEqualTypeOf<DownloadStatus>();
  });

  it("download takes the artifact's name and a filename; navigate takes a ref and a filename, returns nothing", () => {
    const { download, navigate } = useDownloadArtifact();
    download({ ...ref, artifact_id: 1, name: "report.html", filename: "report.html", expectedSize: 10 });
    expectTypeOf(navigate).parameter(0).toEqualTypeOf<NavigateArtifactRequest>();
    expectTypeOf(navigate).returns.toEqualTypeOf<void>();
    navigate({ ...ref, artifact_id: 1 });
    navigate({ ...ref, artifact_id: 1, filename: "report.html" });
    expectTypeOf<DownloadArtifactRequest["name"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf(useDownloadArtifact().downloaded).toEqualTypeOf<DownloadedArtifact | null>();
    expectTypeOf<DownloadedArtifact>().toEqualTypeOf<{ kind: "zip" | "file"; contentType: string; fileName: string }>();
    // @ts-expect-error name is the artifact's name, a string
    download({ ...ref, artifact_id: 1, name: 1 });
    // @ts-expect-error artifact_id is required
    navigate(ref);
    // @ts-expect-error a navigation has no sink: the browser saves the file
    navigate({ ...ref, artifact_id: 1, to: new WritableStream<Uint8Array>() });
    // @ts-expect-error nor a size to report progress against: there is no progress
    navigate({ ...ref, artifact_id: 1, expectedSize: 10 });
  });

  it("item 12: every hook's error is the client's error union", () => {
    expectTypeOf<ArtifactsError>().toEqualTypeOf<ArtifactsClientError>();
    expectTypeOf(useArtifact({ ...ref, artifact_id: 1 }).error).toEqualTypeOf<ArtifactsClientError | null>();
    expectTypeOf(useArtifacts(ref).error).toEqualTypeOf<ArtifactsClientError | null>();
    expectTypeOf(useSuspenseArtifact({ ...ref, artifact_id: 1 }).error).toEqualTypeOf<ArtifactsClientError | null>();
    expectTypeOf(useInfiniteArtifacts(ref).error).toEqualTypeOf<ArtifactsClientError | null>();
    expectTypeOf(useDeleteArtifact().error).toEqualTypeOf<ArtifactsClientError | null>();
    expectTypeOf(useDownloadArtifact().error).toEqualTypeOf<ArtifactsClientError | null>();
    const queryClient = new QueryClient();
    const detail = artifactQueries.detail(client, { ...ref, artifact_id: 1 });
    expectTypeOf(queryClient.getQueryState(detail.queryKey)?.error).toEqualTypeOf<
      ArtifactsClientError | null | undefined
    >();
  });

  it("item 8: keys are scoped by a client or { baseUrl, cacheScope }, not a bare baseUrl", () => {
    artifactKeys.all(client);
    artifactKeys.all({ baseUrl: "https://api.github.com", cacheScope: "anonymous" });
    // @ts-expect-error a baseUrl alone says nothing of who is asking
    artifactKeys.all("https://api.github.com");
    // @ts-expect-error the identity is required
    artifactKeys.repo({ baseUrl: "https://api.github.com" }, ref);
  });
});
