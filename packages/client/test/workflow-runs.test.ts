import { afterEach, describe, expect, it } from "vitest";
import { InvalidInputError, UnexpectedResponseError } from "../src/index.js";
import { json, observedClient, toArray } from "./helpers.js";
import { startRunWorld, wireRun } from "./run-world.js";

let server: { close(): Promise<void> } | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SHA = "a".repeat(40);

/** A world of `n` runs of workflow 1 (`ci.yml`), run 1 the oldest, plus 5 of workflow 2 (`docs.yml`). */
async function world(n: number) {
  const runs = [
    ...Array.from({ length: n }, (_, i) => wireRun(i + 1, { workflow_id: 1 })),
    ...Array.from({ length: 5 }, (_, i) =>
      wireRun(1000 + i, { workflow_id: 2, path: ".github/workflows/docs.yml", head_branch: "docs", event: "schedule" }),
    ),
  ];
  const w = await startRunWorld({
    workflows: [
      { id: 1, file: "ci.yml" },
      { id: 2, file: "docs.yml" },
    ],
    runs,
    artifacts: [],
  });
  server = w.server;
  return w;
}

describe("listWorkflowRunsForRepo and listWorkflowRuns", () => {
  it("read one page, sending the filters with GitHub's names and nothing else", async () => {
    const { gh, requests } = await world(3);
    const page = await gh.listWorkflowRunsForRepo({
      owner: "o",
      repo: "r",
      branch: "docs",
      event: "schedule",
      status: "success",
      per_page: 2,
      page: 1,
      exclude_pull_requests: true,
    });
    expect(page.total_count).toBe(5);
    expect(page.workflow_runs.map((r) => r.id)).toEqual([1004, 1003]);
    expect(requests()).toEqual([
      "/repos/o/r/actions/runs?branch=docs&event=schedule&status=success&per_page=2&page=1&exclude_pull_requests=true",
    ]);
  });

  it("take a workflow by file name or by id", async () => {
    const { gh, requests } = await world(3);
    const byFile = await gh.listWorkflowRuns({ owner: "o", repo: "r", workflow_id: "ci.yml" });
    const byId = await gh.listWorkflowRuns({ owner: "o", repo: "r", workflow_id: 2, head_sha: SHA });
    expect(byFile.workflow_runs.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(byId.workflow_runs).toEqual([]);
    expect(requests()).toEqual([
      "/repos/o/r/actions/workflows/ci.yml/runs",
      `/repos/o/r/actions/workflows/2/runs?head_sha=${SHA}`,
    ]);
  });

  it("refuse a bad filter before any request, naming it", async () => {
    const { gh, fetch } = observedClient(() => json({ total_count: 0, workflow_runs: [] }));
    const cases: [Record<string, unknown>, string][] = [
      [{ workflow_id: 0 }, "workflow_id"],
      [{ workflow_id: "ci" }, "workflow_id"],
      [{ workflow_id: "../ci.yml" }, "workflow_id"],
      [{ workflow_id: ".yml" }, "workflow_id"],
      [{ workflow_id: true }, "workflow_id"],
      [{ workflow_id: "ci.yml", head_sha: "abc123" }, "head_sha"],
      [{ workflow_id: "ci.yml", status: "succeeded" }, "status"],
      [{ workflow_id: "ci.yml", event: "Push!" }, "event"],
      [{ workflow_id: "ci.yml", branch: "" }, "branch"],
      [{ workflow_id: "ci.yml", branch: "a\nb" }, "branch"],
      [{ workflow_id: "ci.yml", exclude_pull_requests: "true" }, "exclude_pull_requests"],
      [{ workflow_id: "ci.yml", per_page: 101 }, "per_page"],
      [{ workflow_id: "ci.yml", check_suite_id: 0 }, "check_suite_id"],
    ];
    for (const [params, field] of cases) {
      const error = await gh.listWorkflowRuns({ owner: "o", repo: "r", ...params } as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(params)).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ field });
    }
    expect(() => gh.iterateWorkflowRunsForRepo({ owner: "o", repo: "r", head_sha: "x" })).toThrow(InvalidInputError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("refuse a page whose workflow_runs is not a list of runs with ids", async () => {
    for (const body of [
      { total_count: 1 },
      { total_count: 1, workflow_runs: [{ name: "x" }] },
      { workflow_runs: [] },
    ]) {
      const { gh } = observedClient(() => json(body));
      await expect(gh.listWorkflowRunsForRepo({ owner: "o", repo: "r" })).rejects.toThrow(UnexpectedResponseError);
    }
  });
});

describe("iterate and listAll over the run listings", () => {
  it("walk every page, 100 at a time, each run once, newest first", async () => {
    const { gh, requests } = await world(230);
    const all = await gh.listAllWorkflowRuns({ owner: "o", repo: "r", workflow_id: "ci.yml" });
    expect(all).toHaveLength(230);
    expect(all[0]?.id).toBe(230);
    expect(new Set(all.map((r) => r.id)).size).toBe(230);
    expect(requests().sort()).toEqual([
      "/repos/o/r/actions/workflows/ci.yml/runs?per_page=100&page=1",
      "/repos/o/r/actions/workflows/ci.yml/runs?per_page=100&page=2",
      "/repos/o/r/actions/workflows/ci.yml/runs?per_page=100&page=3",
    ]);
  });

  it("let an iterator stop early, asking for no page it does not read", async () => {
    const { gh, requests } = await world(230);
    const firsts: number[] = [];
    for await (const run of gh.iterateWorkflowRunsForRepo({ owner: "o", repo: "r", per_page: 50 })) {
      firsts.push(run.id);
      if (firsts.length === 60) break;
    }
    expect(firsts.slice(0, 3)).toEqual([1004, 1003, 1002]);
    expect(requests()).toEqual([
      "/repos/o/r/actions/runs?per_page=50&page=1",
      "/repos/o/r/actions/runs?per_page=50&page=2",
    ]);
    expect(await toArray(gh.iterateWorkflowRunsForRepo({ owner: "o", repo: "r", branch: "docs" }))).toHaveLength(5);
  });

  it("name workflow runs when a page repeats only runs already seen", async () => {
    const run = wireRun(1);
    const { gh } = observedClient(() => json({ total_count: 2, workflow_runs: [run] }));
    await expect(gh.listAllWorkflowRunsForRepo({ owner: "o", repo: "r", per_page: 1 })).rejects.toThrow(
      /page 2 repeats only workflow runs already seen/,
    );
  });
});
