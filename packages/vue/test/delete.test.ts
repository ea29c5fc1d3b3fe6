import { describe, expect, it, vi } from "vitest";
import { h } from "vue";
import { artifactKeys, useArtifacts, useDeleteArtifact, useInfiniteArtifacts } from "../src/index.js";
import { mountComposable, owner, REPO, repo, setup } from "./helpers.js";

describe("useDeleteArtifact", () => {
  it("takes the row out of the rendered list and out of the infinite pages, then refetches", async () => {
    const ctx = setup();
    const [build, logs] = ["build", "logs"].map((name) => ctx.world.addArtifact({ repo: REPO, name }));
    const { result, wrapper } = mountComposable(
      ctx,
      () => ({
        list: useArtifacts({ owner, repo }),
        pages: useInfiniteArtifacts({ owner, repo, per_page: 1 }),
        remove: useDeleteArtifact(),
      }),
      ({ list }) =>
        h(
          "ul",
          list.data.value?.artifacts.map((a) => h("li", { key: a.id }, a.name)),
        ),
    );
    await vi.waitFor(() => expect(wrapper.findAll("li")).toHaveLength(2));
    await vi.waitFor(() => expect(result.pages.isSuccess.value).toBe(true));
    await result.remove.mutateAsync({ owner, repo, artifact_id: build!.id });
    expect(result.remove.isSuccess.value).toBe(true);
    await vi.waitFor(() => expect(wrapper.findAll("li").map((li) => li.text())).toEqual(["logs"]));
    await vi.waitFor(() => expect(ctx.queryClient.isFetching()).toBe(0));
    expect(result.pages.data.value?.pages.flatMap((p) => p.artifacts.map((a) => a.id))).toEqual([logs!.id]);
    expect(ctx.world.artifact(build!.id)).toBeUndefined();
    const deletes = ctx.world.requests.filter((r) => r.method === "DELETE");
    expect(deletes.map((r) => r.status)).toEqual([204]);
  });

  it("runs under one mutation key per client, so useIsMutating-style filters can find it", async () => {
    const ctx = setup();
    const artifact = ctx.world.addArtifact({ repo: REPO, name: "build" });
    const { result } = mountComposable(ctx, () => useDeleteArtifact());
    const done = result.mutateAsync({ owner, repo, artifact_id: artifact.id });
    expect(ctx.queryClient.isMutating({ mutationKey: artifactKeys.all(ctx.client) })).toBe(1);
    await done;
    expect(ctx.queryClient.isMutating()).toBe(0);
  });
});
