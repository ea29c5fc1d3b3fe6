import { ForbiddenError, type ListArtifactsForRepoParams } from "@gh-artifacts/client";
import { flushPromises } from "@vue/test-utils";
import { describe, expect, it, vi } from "vitest";
import { h, ref } from "vue";
import {
  artifactKeys,
  useArtifact,
  useArtifacts,
  useInfiniteWorkflowRunArtifacts,
  useLatestArtifact,
  useSelectedArtifacts,
  useWorkflowRunArtifacts,
} from "../src/index.js";
import { mountComposable, owner, REPO, repo, setup } from "./helpers.js";

const listRequests = (ctx: ReturnType<typeof setup>) =>
  ctx.world.requests.filter((r) => r.method === "GET" && r.path.endsWith("/actions/artifacts"));

describe("query composables", () => {
  it("useArtifacts renders a repository's artifacts into the component", async () => {
    const ctx = setup();
    for (const name of ["build", "logs"]) ctx.world.addArtifact({ repo: REPO, name });
    const { wrapper } = mountComposable(
      ctx,
      () => useArtifacts({ owner, repo }),
      (list) =>
        list.isPending.value
          ? h("p", "Loading…")
          : h(
              "ul",
              list.data.value?.artifacts.map((a) => h("li", { key: a.id }, a.name)),
            ),
    );
    expect(wrapper.text()).toBe("Loading…");
    await vi.waitFor(() => expect(wrapper.findAll("li").map((li) => li.text())).toEqual(["logs", "build"]));
  });

  it("useArtifacts refetches when the ref of its parameters gets a new value", async () => {
    const ctx = setup();
    for (const name of ["build", "logs", "build"]) ctx.world.addArtifact({ repo: REPO, name });
    const params = ref<ListArtifactsForRepoParams>({ owner, repo });
    const { result } = mountComposable(ctx, () => useArtifacts(params));
    await vi.waitFor(() => expect(result.data.value?.total_count).toBe(3));
    params.value = { owner, repo, name: "build" };
    await vi.waitFor(() => expect(result.data.value?.total_count).toBe(2));
    expect(listRequests(ctx).map((r) => r.query.get("name"))).toEqual([null, "build"]);
  });

  it("useArtifacts refetches when one field of a reactive parameter object changes in place", async () => {
    const ctx = setup();
    for (const name of ["build", "logs"]) ctx.world.addArtifact({ repo: REPO, name });
    const params = ref<ListArtifactsForRepoParams>({ owner, repo, per_page: 1 });
    const { result } = mountComposable(ctx, () => useArtifacts(params));
    await vi.waitFor(() => expect(result.data.value?.artifacts.map((a) => a.name)).toEqual(["logs"]));
    params.value.page = 2;
    await vi.waitFor(() => expect(result.data.value?.artifacts.map((a) => a.name)).toEqual(["build"]));
    expect(listRequests(ctx).map((r) => r.query.get("page"))).toEqual([null, "2"]);
  });

  it("useArtifact follows a getter: a new id is a new query, and the old one stays cached", async () => {
    const ctx = setup();
    const [first, second] = ["build", "logs"].map((name) => ctx.world.addArtifact({ repo: REPO, name }));
    const id = ref(first!.id);
    const { result } = mountComposable(ctx, () => useArtifact(() => ({ owner, repo, artifact_id: id.value })));
    await vi.waitFor(() => expect(result.data.value?.name).toBe("build"));
    id.value = second!.id;
    await vi.waitFor(() => expect(result.data.value?.name).toBe("logs"));
    const cached = ctx.queryClient.getQueryData(
      artifactKeys.detail(ctx.client, { owner, repo, artifact_id: first!.id }),
    );
    expect(cached).toMatchObject({ id: first!.id, name: "build" });
  });

  it("a reactive `enabled` option holds the query until it turns true", async () => {
    const ctx = setup();
    ctx.world.addArtifact({ repo: REPO, name: "build" });
    const enabled = ref(false);
    const { result } = mountComposable(ctx, () => useArtifacts({ owner, repo }, () => ({ enabled: enabled.value })));
    await flushPromises();
    expect(result.fetchStatus.value).toBe("idle");
    expect(listRequests(ctx)).toHaveLength(0);
    enabled.value = true;
    await vi.waitFor(() => expect(result.data.value?.total_count).toBe(1));
  });

  it("`select` in the options shapes the data", async () => {
    const ctx = setup();
    for (const name of ["build", "logs"]) ctx.world.addArtifact({ repo: REPO, name });
    const { result } = mountComposable(ctx, () =>
      useArtifacts({ owner, repo }, { select: (list) => list.artifacts.map((a) => a.name) }),
    );
    await vi.waitFor(() => expect(result.data.value).toEqual(["logs", "build"]));
  });

  it("an API error arrives as the client's typed error", async () => {
    const ctx = setup();
    ctx.world.behave({ error: { status: 403 } });
    const { result } = mountComposable(ctx, () => useArtifacts({ owner, repo }));
    await vi.waitFor(() => expect(result.isError.value).toBe(true));
    expect(result.error.value).toBeInstanceOf(ForbiddenError);
  });

  it("unmounting the component aborts its request in flight", async () => {
    const signals: AbortSignal[] = [];
    // note: the server never answers; only an abort ends the request.
    const ctx = setup(
      (request) =>
        new Promise<Response>((_, reject) => {
          signals.push(request.signal);
          request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
        }),
    );
    const { wrapper } = mountComposable(ctx, () => useArtifacts({ owner, repo }));
    await vi.waitFor(() => expect(signals).toHaveLength(1));
    expect(signals[0]?.aborted).toBe(false);
    wrapper.unmount();
    await vi.waitFor(() => expect(signals[0]?.aborted).toBe(true));
  });

  it("useWorkflowRunArtifacts and useInfiniteWorkflowRunArtifacts list one run's artifacts", async () => {
    const ctx = setup();
    const run = ctx.world.addWorkflowRun({ repo: REPO });
    for (const name of ["a", "b", "c"]) ctx.world.addArtifact({ repo: REPO, name, runId: run.id });
    ctx.world.addArtifact({ repo: REPO, name: "elsewhere" });
    const { result } = mountComposable(ctx, () => ({
      page: useWorkflowRunArtifacts({ owner, repo, run_id: run.id }),
      pages: useInfiniteWorkflowRunArtifacts({ owner, repo, run_id: run.id, per_page: 2 }),
    }));
    await vi.waitFor(() => expect(result.page.data.value?.total_count).toBe(3));
    await vi.waitFor(() => expect(result.pages.hasNextPage.value).toBe(true));
    await result.pages.fetchNextPage();
    await vi.waitFor(() => expect(result.pages.data.value?.pages).toHaveLength(2));
    expect(result.pages.hasNextPage.value).toBe(false);
    const names = result.pages.data.value?.pages.flatMap((p) => p.artifacts.map((a) => a.name));
    expect(names?.sort()).toEqual(["a", "b", "c"]);
  });

  it("useLatestArtifact follows a selector ref to another branch", async () => {
    const ctx = setup();
    const onMain = ctx.world.addArtifact({ repo: REPO, name: "dist", branch: "main" });
    const onDev = ctx.world.addArtifact({ repo: REPO, name: "dist", branch: "dev" });
    const branch = ref("main");
    const { result } = mountComposable(ctx, () =>
      useLatestArtifact(() => ({ owner, repo, name: "dist", branch: branch.value })),
    );
    await vi.waitFor(() => expect(result.data.value?.id).toBe(onMain.id));
    branch.value = "dev";
    await vi.waitFor(() => expect(result.data.value?.id).toBe(onDev.id));
    branch.value = "nowhere";
    await vi.waitFor(() => expect(result.data.value).toBeNull());
  });

  it("useSelectedArtifacts gives every matching artifact of the newest run", async () => {
    const ctx = setup();
    const old = ctx.world.addWorkflowRun({ repo: REPO, createdAt: "2026-01-10T00:00:00Z" });
    const newest = ctx.world.addWorkflowRun({ repo: REPO, createdAt: "2026-01-12T00:00:00Z" });
    ctx.world.addArtifact({ repo: REPO, name: "dist-old", runId: old.id, createdAt: "2026-01-10T00:00:00Z" });
    for (const name of ["dist-linux", "dist-mac", "logs"]) {
      ctx.world.addArtifact({ repo: REPO, name, runId: newest.id, createdAt: "2026-01-12T00:00:00Z" });
    }
    const { result } = mountComposable(ctx, () => useSelectedArtifacts({ owner, repo, pattern: "dist-*" }));
    await vi.waitFor(() => expect(result.isSuccess.value).toBe(true));
    expect(result.data.value?.map((a) => a.name).sort()).toEqual(["dist-linux", "dist-mac"]);
  });
});
