import type { Artifact, ArtifactList, DownloadProgress } from "@gh-artifacts/client";
import type { ArtifactPages, ArtifactsError, DownloadStatus } from "@gh-artifacts/query";
import { describe, expectTypeOf, it } from "vitest";
import { computed, type Ref, ref } from "vue";
import {
  artifactQueries,
  useArtifact,
  useArtifacts,
  useDeleteArtifact,
  useDownloadArtifact,
  useInfiniteArtifacts,
  useLatestArtifact,
  useSelectedArtifacts,
  useWorkflowRunArtifacts,
} from "../src/index.js";

const owner = "octo";
const repo = "hello";

describe("types of the composables", () => {
  it("data flows through refs with the API's types, and errors are the client's", () => {
    expectTypeOf(useArtifacts({ owner, repo }).data.value).toEqualTypeOf<ArtifactList | undefined>();
    expectTypeOf(useArtifact({ owner, repo, artifact_id: 1 }).data.value).toEqualTypeOf<Artifact | undefined>();
    expectTypeOf(useWorkflowRunArtifacts({ owner, repo, run_id: 1 }).data.value).toEqualTypeOf<
      ArtifactList | undefined
    >();
    expectTypeOf(useInfiniteArtifacts({ owner, repo }).data.value).toEqualTypeOf<ArtifactPages | undefined>();
    expectTypeOf(useLatestArtifact({ owner, repo, name: "dist" }).data.value).toEqualTypeOf<
      Artifact | null | undefined
    >();
    expectTypeOf(useSelectedArtifacts({ owner, repo }).data.value).toEqualTypeOf<Artifact[] | undefined>();
    expectTypeOf(useArtifacts({ owner, repo }).error.value).toEqualTypeOf<ArtifactsError | null>();
  });

  it("`select` changes the data type", () => {
    const count = useArtifacts({ owner, repo }, { select: (list) => list.total_count });
    expectTypeOf(count.data.value).toEqualTypeOf<number | undefined>();
    const names = useInfiniteArtifacts(
      { owner, repo },
      { select: (pages) => pages.pages.flatMap((p) => p.artifacts.map((a) => a.name)) },
    );
    expectTypeOf(names.data.value).toEqualTypeOf<string[] | undefined>();
  });

  it("params may be plain, a ref, a computed or a getter, and are checked in each form", () => {
    const id = ref(1);
    useArtifact({ owner, repo, artifact_id: id.value });
    useArtifact(ref({ owner, repo, artifact_id: 1 }));
    useArtifact(computed(() => ({ owner, repo, artifact_id: id.value })));
    useArtifact(() => ({ owner, repo, artifact_id: id.value }));
    // @ts-expect-error artifact_id is required
    useArtifact({ owner, repo });
    // @ts-expect-error artifact_id is a number
    useArtifact(() => ({ owner, repo, artifact_id: "1" }));
    // @ts-expect-error a ref of the wrong shape
    useArtifacts(ref({ owner }));
    // @ts-expect-error per_page is a number
    useArtifacts({ owner, repo, per_page: "10" });
    // @ts-expect-error an infinite list chooses its own pages
    useInfiniteArtifacts({ owner, repo, page: 2 });
    // @ts-expect-error the latest artifact needs a name or a pattern
    useLatestArtifact({ owner, repo });
    // @ts-expect-error not both
    useLatestArtifact({ owner, repo, name: "a", pattern: "b*" });
  });

  it("options may be reactive too, and are Vue Query's", () => {
    const enabled = ref(false);
    useArtifacts({ owner, repo }, () => ({ enabled: enabled.value }));
    useArtifacts({ owner, repo }, { enabled });
    useArtifacts({ owner, repo }, { enabled: () => enabled.value });
    // note: Vue Query calls a function `enabled` with no argument, so query-core's `(query) => boolean` is refused.
    // @ts-expect-error
    useArtifacts({ owner, repo }, { enabled: (query: { state: unknown }) => query.state !== undefined });
    useArtifacts(
      { owner, repo },
      computed(() => ({ staleTime: 1000 })),
    );
    // @ts-expect-error the composable builds the key itself
    useArtifacts({ owner, repo }, { queryKey: ["mine"] });
    // @ts-expect-error staleTime is a number (or a function)
    useArtifacts({ owner, repo }, { staleTime: "1s" });
  });

  it("the delete mutation takes GitHub's parameters", () => {
    const remove = useDeleteArtifact();
    remove.mutate({ owner, repo, artifact_id: 1 });
    // @ts-expect-error artifact_id is required
    remove.mutate({ owner, repo });
    expectTypeOf(remove.error.value).toEqualTypeOf<ArtifactsError | null>();
  });

  it("the download's state is readonly refs", () => {
    const file = useDownloadArtifact({ save: false });
    expectTypeOf(file.status).toEqualTypeOf<Readonly<Ref<DownloadStatus>>>();
    expectTypeOf(file.progress.value).toEqualTypeOf<DownloadProgress>();
    expectTypeOf(file.download).returns.toEqualTypeOf<Promise<Blob | undefined>>();
    // @ts-expect-error the state is read-only
    file.status.value = "idle";
    // @ts-expect-error a request needs an artifact_id
    file.download({ owner, repo });
  });

  it("the factories are the framework-neutral ones, tagged with their data type", () => {
    const client = {} as Parameters<typeof artifactQueries.listForRepo>[0];
    const options = artifactQueries.listForRepo(client, { owner, repo });
    expectTypeOf(options.queryFn).returns.resolves.toEqualTypeOf<ArtifactList>();
  });
});
