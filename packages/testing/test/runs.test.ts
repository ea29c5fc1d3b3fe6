import { describe, expect, it } from "vitest";
import { type ArtifactsWorld, createArtifactsWorld } from "../src/index.js";
import { fake } from "./helpers.js";

const RUNS = "/repos/octo/hello/actions/runs";

/** Five runs of two workflows, oldest first: ids 1 to 5, an hour apart from 2026-01-10T10:00:00Z. */
function world(): ArtifactsWorld {
  const world = createArtifactsWorld();
  const at = (hour: number) => `2026-01-10T${String(hour).padStart(2, "0")}:00:00Z`;
  world.addWorkflowRun({ repo: "octo/hello", id: 1, createdAt: at(10), headSha: "a".repeat(40) });
  world.addWorkflowRun({ repo: "octo/hello", id: 2, createdAt: at(11), conclusion: "failure", branch: "dev" });
  world.addWorkflowRun({
    repo: "octo/hello",
    id: 3,
    createdAt: at(12),
    workflow: "release.yml",
    event: "workflow_dispatch",
    conclusion: "cancelled",
  });
  world.addWorkflowRun({
    repo: "octo/hello",
    id: 4,
    createdAt: at(13),
    status: "in_progress",
    event: "pull_request",
    branch: "dev",
    pullRequests: [12],
  });
  world.addWorkflowRun({ repo: "octo/hello", id: 5, createdAt: "2026-01-11T09:00:00Z", status: "queued" });
  world.addWorkflowRun({ repo: "octo/other", id: 6 });
  return world;
}

async function ids(path: string, w = world()): Promise<number[]> {
  const response = await fake(w).call(path);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { workflow_runs: { id: number }[] };
  return body.workflow_runs.map((run) => run.id);
}

describe("the workflow run listings", () => {
  it("list a repository's runs newest first, with what the selector reads", async () => {
    const response = await fake(world()).call(RUNS);
    const body = await response.json();
    expect(body.total_count).toBe(5);
    expect(body.workflow_runs.map((r: { id: number }) => r.id)).toEqual([5, 4, 3, 2, 1]);
    expect(body.workflow_runs[1]).toMatchObject({
      id: 4,
      name: "CI",
      path: ".github/workflows/ci.yml",
      head_branch: "dev",
      event: "pull_request",
      status: "in_progress",
      conclusion: null,
      run_number: 3,
      created_at: "2026-01-10T13:00:00Z",
      pull_requests: [{ number: 12, head: { ref: "dev" } }],
    });
    expect(body.workflow_runs[2]).toMatchObject({
      name: "Release",
      path: ".github/workflows/release.yml",
      run_number: 1,
    });
  });

  it("filter by branch, event and head_sha", async () => {
    expect(await ids(`${RUNS}?branch=dev`)).toEqual([4, 2]);
    expect(await ids(`${RUNS}?event=workflow_dispatch`)).toEqual([3]);
    expect(await ids(`${RUNS}?head_sha=${"a".repeat(40)}`)).toEqual([1]);
    expect(await ids(`${RUNS}?branch=dev&event=push`)).toEqual([2]);
  });

  it("filter by status, which takes a status or a conclusion", async () => {
    expect(await ids(`${RUNS}?status=completed`)).toEqual([3, 2, 1]);
    expect(await ids(`${RUNS}?status=in_progress`)).toEqual([4]);
    expect(await ids(`${RUNS}?status=queued`)).toEqual([5]);
    expect(await ids(`${RUNS}?status=success`)).toEqual([1]);
    expect(await ids(`${RUNS}?status=failure`)).toEqual([2]);
    expect(await ids(`${RUNS}?status=cancelled`)).toEqual([3]);
  });

  it("filter by created date, in the search syntax", async () => {
    expect(await ids(`${RUNS}?created=2026-01-11`)).toEqual([5]);
    expect(await ids(`${RUNS}?created=${encodeURIComponent(">=2026-01-10T12:00:00Z")}`)).toEqual([5, 4, 3]);
    expect(await ids(`${RUNS}?created=${encodeURIComponent("<2026-01-10T11:00:00Z")}`)).toEqual([1]);
    expect(await ids(`${RUNS}?created=2026-01-10T11:00:00Z..2026-01-10T12:00:00Z`)).toEqual([3, 2]);
    expect(await ids(`${RUNS}?created=2026-01-10..*`)).toEqual([5, 4, 3, 2, 1]);
    expect(await ids(`${RUNS}?created=${encodeURIComponent("<yesterday")}`)).toEqual([]);
  });

  it("list one workflow's runs by file name or id; an unknown workflow is 404", async () => {
    const w = world();
    expect(await ids("/repos/octo/hello/actions/workflows/ci.yml/runs", w)).toEqual([5, 4, 2, 1]);
    const release = w.workflowRun(3)?.workflowId;
    expect(await ids(`/repos/octo/hello/actions/workflows/${release}/runs`, w)).toEqual([3]);
    expect(await ids("/repos/octo/hello/actions/workflows/ci.yml/runs?status=success", w)).toEqual([1]);
    expect((await fake(w).call("/repos/octo/hello/actions/workflows/deploy.yml/runs")).status).toBe(404);
  });

  it("leave out pull requests with exclude_pull_requests=true", async () => {
    const body = await (await fake(world()).call(`${RUNS}?exclude_pull_requests=true&event=pull_request`)).json();
    expect(body.workflow_runs[0].pull_requests).toEqual([]);
  });

  it("page with per_page and page, Link and total_count of all matches", async () => {
    const { call } = fake(world());
    const second = await call(`${RUNS}?per_page=2&page=2`);
    expect((await second.json()).workflow_runs.map((r: { id: number }) => r.id)).toEqual([3, 2]);
    const link = second.headers.get("link") ?? "";
    expect(link).toContain('page=3>; rel="next"');
    expect(link).toContain('page=1>; rel="prev"');
    const third = await (await call(`${RUNS}?per_page=2&page=3`)).json();
    expect(third).toMatchObject({ total_count: 5, workflow_runs: [{ id: 1 }] });
  });

  it("list an artifact's run, made for it, at the artifact's time", async () => {
    const w = createArtifactsWorld();
    const artifact = w.addArtifact({
      repo: "octo/hello",
      name: "build",
      branch: "dev",
      createdAt: "2026-01-02T00:00:00Z",
    });
    const body = await (await fake(w).call(RUNS)).json();
    expect(body.workflow_runs).toMatchObject([
      { id: artifact.run?.id, head_branch: "dev", created_at: "2026-01-02T00:00:00Z", conclusion: "success" },
    ]);
  });
});

describe("workflow ids", () => {
  it("are the world's unless a run names one; the listing by that id answers, another file may not take it", async () => {
    const w = createArtifactsWorld();
    w.addWorkflowRun({ repo: "octo/hello", id: 1, workflow: "ci.yml", workflowId: 7 });
    w.addWorkflowRun({ repo: "octo/hello", id: 2, workflow: "ci.yml" });
    const other = w.addWorkflowRun({ repo: "octo/hello", id: 3, workflow: "docs.yml" });
    expect(w.workflowRun(2)?.workflowId).toBe(7);
    expect(other.workflowId).not.toBe(7);
    expect(await ids("/repos/octo/hello/actions/workflows/7/runs", w)).toEqual([2, 1]);
    expect(() => w.addWorkflowRun({ repo: "octo/hello", workflow: "ci.yml", workflowId: 8 })).toThrow(/workflow 7/);
    expect(() => w.addWorkflowRun({ repo: "octo/hello", workflow: "lint.yml", workflowId: 7 })).toThrow(/another/);
  });
});

describe("a workflow without runs", () => {
  it("lists an empty page (200), by id or file name, where an unknown one is 404", async () => {
    const w = createArtifactsWorld();
    const docs = w.addWorkflow({ repo: "octo/hello", workflow: "docs.yml", workflowId: 9 });
    expect(docs).toEqual({ id: 9, path: ".github/workflows/docs.yml" });
    expect(w.addWorkflow({ repo: "octo/hello", workflow: ".github/workflows/docs.yml" })).toEqual(docs);
    expect(await ids("/repos/octo/hello/actions/workflows/docs.yml/runs", w)).toEqual([]);
    expect(await ids("/repos/octo/hello/actions/workflows/9/runs", w)).toEqual([]);
    expect((await fake(w).call("/repos/octo/hello/actions/workflows/lint.yml/runs")).status).toBe(404);
    w.addWorkflowRun({ repo: "octo/hello", id: 1, workflow: "docs.yml" });
    expect(await ids("/repos/octo/hello/actions/workflows/9/runs", w)).toEqual([1]);
  });
});
