import type { Artifact, ArtifactList, ArtifactsClient, DeleteArtifactParams } from "@gh-artifacts/client";
import { type InfiniteData, MutationObserver, QueryClient } from "@tanstack/query-core";
import { describe, expectTypeOf, it } from "vitest";
import {
  type ArtifactsError,
  artifactQueries,
  createDownloadController,
  type DeleteArtifactContext,
  type DownloadState,
  deleteArtifactMutationOptions,
  latestArtifactQueryOptions,
} from "../src/index.js";

declare const client: ArtifactsClient;
const queryClient = new QueryClient();
const repoRef = { owner: "octo", repo: "hello" };

describe("DataTag keys", () => {
  it("should type getQueryData by the factory's key", () => {
    const { queryKey } = artifactQueries.listForRepo(client, repoRef);
    expectTypeOf(queryClient.getQueryData(queryKey)).toEqualTypeOf<ArtifactList | undefined>();
    const detail = artifactQueries.detail(client, { ...repoRef, artifact_id: 1 }).queryKey;
    expectTypeOf(queryClient.getQueryData(detail)).toEqualTypeOf<Artifact | undefined>();
    const latest = latestArtifactQueryOptions(client, { ...repoRef, name: "dist" }).queryKey;
    expectTypeOf(queryClient.getQueryData(latest)).toEqualTypeOf<Artifact | null | undefined>();
    const pages = artifactQueries.infiniteListForRepo(client, repoRef).queryKey;
    expectTypeOf(queryClient.getQueryData(pages)).toEqualTypeOf<InfiniteData<ArtifactList, number> | undefined>();
  });

  it("should type setQueryData's updater, refusing data of another shape", () => {
    const { queryKey } = artifactQueries.listForRepo(client, repoRef);
    queryClient.setQueryData(queryKey, (old) => {
      expectTypeOf(old).toEqualTypeOf<ArtifactList | undefined>();
      return old;
    });
    // @ts-expect-error: an artifact is not a list
    queryClient.setQueryData(queryKey, {} as Artifact);
  });

  it("should resolve fetchQuery to the query's data, and infer a select's result", async () => {
    expectTypeOf(
      await queryClient.fetchQuery(artifactQueries.detail(client, { ...repoRef, artifact_id: 1 })),
    ).toEqualTypeOf<Artifact>();
    const names = artifactQueries.listForRepo(client, repoRef, {
      select: (list) => list.artifacts.map((a) => a.name),
    });
    expectTypeOf(names.select).toEqualTypeOf<((data: ArtifactList) => string[]) | undefined>();
  });
});

describe("deleteArtifactMutationOptions", () => {
  it("should type a MutationObserver's variables, error and context", () => {
    const observer = new MutationObserver(queryClient, deleteArtifactMutationOptions(client, queryClient));
    expectTypeOf(observer.mutate).parameter(0).toEqualTypeOf<DeleteArtifactParams>();
    expectTypeOf(observer.getCurrentResult().error).toEqualTypeOf<ArtifactsError | null>();
    expectTypeOf(observer.getCurrentResult().context).toEqualTypeOf<DeleteArtifactContext | undefined>();
  });
});

describe("createDownloadController", () => {
  it("should hand listeners the state and resolve download to a Blob or undefined", () => {
    const controller = createDownloadController(client);
    controller.subscribe((state) => expectTypeOf(state).toEqualTypeOf<DownloadState>());
    expectTypeOf(controller.download).returns.toEqualTypeOf<Promise<Blob | undefined>>();
    expectTypeOf(controller.getState().error).toEqualTypeOf<ArtifactsError | null>();
  });
});
