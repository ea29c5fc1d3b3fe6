import type { Artifact } from "@gh-artifacts/types";
import { describe, expectTypeOf, it } from "vitest";
import {
  type ArtifactSelector,
  type ArtifactsClient,
  findArtifacts,
  findLatestArtifact,
  type LatestArtifactCandidate,
  pickLatestArtifact,
  type WorkflowRun,
} from "../src/index.js";

declare const gh: ArtifactsClient;
declare const artifacts: Artifact[];

describe("latest artifact types", () => {
  it("picks an artifact of the list's own type, or undefined", async () => {
    expectTypeOf(pickLatestArtifact(artifacts, { name: "build" })).toEqualTypeOf<Artifact | undefined>();
    type Row = LatestArtifactCandidate & { selected: boolean };
    const rows: Row[] = [];
    expectTypeOf(pickLatestArtifact(rows, { name: "build", branch: "main" })).toEqualTypeOf<Row | undefined>();
    expectTypeOf(await findLatestArtifact(gh, { owner: "o", repo: "r", name: "build" })).toEqualTypeOf<
      Artifact | undefined
    >();
  });

  it("takes only its options, and needs a name", () => {
    // @ts-expect-error name is required
    pickLatestArtifact(artifacts, { branch: "main" });
    // @ts-expect-error includeExpired is a boolean
    pickLatestArtifact(artifacts, { name: "build", includeExpired: "yes" });
    // @ts-expect-error an artifact needs at least the fields the picker reads
    pickLatestArtifact([{ id: 1 }], { name: "build" });
    // @ts-expect-error run_id is a number
    findLatestArtifact(gh, { owner: "o", repo: "r", name: "build", run_id: "7" });
    // @ts-expect-error owner and repo are required
    findLatestArtifact(gh, { name: "build" });
  });
});

describe("selector types", () => {
  it("takes a name or a pattern (a glob or a RegExp), never both, and the run filters", async () => {
    expectTypeOf(await findLatestArtifact(gh, { owner: "o", repo: "r", pattern: /^dist-/ })).toEqualTypeOf<
      Artifact | undefined
    >();
    await findLatestArtifact(gh, {
      owner: "o",
      repo: "r",
      pattern: "dist-*",
      workflow: "ci.yml",
      branch: "main",
      headSha: "a".repeat(40),
      event: "push",
      status: "failure",
      pullRequest: 7,
      maxRequests: 5,
    });
    await findLatestArtifact(gh, { owner: "o", repo: "r", name: "a", workflow: 42, status: "any", runId: 1 });
    // @ts-expect-error a name or a pattern is required
    findLatestArtifact(gh, { owner: "o", repo: "r", workflow: "ci.yml" });
    // @ts-expect-error not both
    findLatestArtifact(gh, { owner: "o", repo: "r", name: "a", pattern: "b*" });
    // @ts-expect-error status is a run status, a conclusion or "any"
    findLatestArtifact(gh, { owner: "o", repo: "r", name: "a", status: "succeeded" });
  });

  it("findArtifacts takes the same selector, name optional, and resolves artifacts", async () => {
    expectTypeOf(await findArtifacts(gh, { owner: "o", repo: "r", workflow: "ci.yml" })).toEqualTypeOf<Artifact[]>();
    expectTypeOf<Parameters<typeof findArtifacts>[1]>().toEqualTypeOf<ArtifactSelector>();
    // @ts-expect-error includeExpired is findLatestArtifact's alone
    findArtifacts(gh, { owner: "o", repo: "r", includeExpired: true });
  });

  it("the run listings resolve GitHub's run list; the iterators yield runs", async () => {
    expectTypeOf(
      (await gh.listWorkflowRuns({ owner: "o", repo: "r", workflow_id: "ci.yml" })).workflow_runs,
    ).toEqualTypeOf<WorkflowRun[]>();
    expectTypeOf(gh.iterateWorkflowRunsForRepo({ owner: "o", repo: "r", branch: "main" })).toEqualTypeOf<
      AsyncGenerator<WorkflowRun, void, undefined>
    >();
    expectTypeOf(await gh.listAllWorkflowRuns({ owner: "o", repo: "r", workflow_id: 1, concurrency: 2 })).toEqualTypeOf<
      WorkflowRun[]
    >();
    // @ts-expect-error workflow_id is required for a workflow's runs
    gh.listWorkflowRuns({ owner: "o", repo: "r" });
  });
});
