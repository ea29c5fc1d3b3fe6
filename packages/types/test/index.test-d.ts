import { describe, expectTypeOf, it } from "vitest";
import type {
  Artifact,
  ArtifactList,
  ArtifactOperationId,
  ArtifactWorkflowRun,
  BasicError,
  DeleteArtifactParams,
  DownloadArtifactParams,
  GetArtifactParams,
  ListArtifactsForRepoParams,
  ListWorkflowRunArtifactsParams,
  ListWorkflowRunsForRepoParams,
  ListWorkflowRunsParams,
  WorkflowRun,
  WorkflowRunList,
  WorkflowRunStatus,
} from "../src/index.js";

describe("Artifact", () => {
  it("keeps the nullable timestamps of the spec", () => {
    expectTypeOf<Artifact["expires_at"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Artifact["created_at"]>().toEqualTypeOf<string | null>();
    expectTypeOf<Artifact["updated_at"]>().toEqualTypeOf<string | null>();
  });

  it("has a digest that is never required, and a nullable string where the description has one", () => {
    // note: GHES descriptions have no `digest` (api.github.com and GHEC do), so these checks hold for either flavour
    // while still failing if a description made it required, non-nullable or another type.
    type DigestField = Pick<Artifact, Extract<keyof Artifact, "digest">>;
    expectTypeOf<DigestField>().toExtend<{ digest?: string | null }>();
    // An artifact without one, or with `null`, is valid.
    expectTypeOf<Record<never, never>>().toExtend<DigestField>();
    expectTypeOf<{ digest?: null }>().toExtend<DigestField>();
  });

  it("types the required scalar fields", () => {
    expectTypeOf<Artifact["id"]>().toEqualTypeOf<number>();
    expectTypeOf<Artifact["name"]>().toEqualTypeOf<string>();
    expectTypeOf<Artifact["size_in_bytes"]>().toEqualTypeOf<number>();
    expectTypeOf<Artifact["expired"]>().toEqualTypeOf<boolean>();
  });

  it("has a nullable workflow_run whose non-null form is ArtifactWorkflowRun", () => {
    expectTypeOf<Artifact["workflow_run"]>().toEqualTypeOf<ArtifactWorkflowRun | null | undefined>();
    expectTypeOf<ArtifactWorkflowRun["head_sha"]>().toEqualTypeOf<string | undefined>();
  });
});

describe("ArtifactList", () => {
  it("has a total_count and an array of artifacts", () => {
    expectTypeOf<ArtifactList["total_count"]>().toEqualTypeOf<number>();
    expectTypeOf<ArtifactList["artifacts"]>().toEqualTypeOf<Artifact[]>();
  });
});

describe("BasicError", () => {
  it("has GitHub's optional message and documentation_url", () => {
    expectTypeOf<BasicError["message"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<BasicError["documentation_url"]>().toEqualTypeOf<string | undefined>();
  });
});

describe("operation parameters", () => {
  it("names exactly the seven operations", () => {
    expectTypeOf<ArtifactOperationId>().toEqualTypeOf<
      | "actions/list-artifacts-for-repo"
      | "actions/get-artifact"
      | "actions/delete-artifact"
      | "actions/download-artifact"
      | "actions/list-workflow-run-artifacts"
      | "actions/list-workflow-runs-for-repo"
      | "actions/list-workflow-runs"
    >();
  });

  it("keeps GitHub's parameter names and optionality", () => {
    expectTypeOf<ListArtifactsForRepoParams>().toEqualTypeOf<
      {
        owner: string;
        repo: string;
      } & { per_page?: number; page?: number; name?: string }
    >();
    expectTypeOf<ListWorkflowRunArtifactsParams["run_id"]>().toEqualTypeOf<number>();
    expectTypeOf<ListWorkflowRunArtifactsParams["direction"]>().toEqualTypeOf<"asc" | "desc" | undefined>();
    expectTypeOf<GetArtifactParams>().toEqualTypeOf<{ owner: string; repo: string; artifact_id: number }>();
    expectTypeOf<DeleteArtifactParams>().toEqualTypeOf<{ owner: string; repo: string; artifact_id: number }>();
  });

  it("narrows archive_format to the only value GitHub accepts", () => {
    expectTypeOf<DownloadArtifactParams["archive_format"]>().toEqualTypeOf<"zip">();
  });
});

describe("workflow runs", () => {
  it("types what choosing a build reads, and leaves the trimmed objects out", () => {
    expectTypeOf<WorkflowRun["id"]>().toEqualTypeOf<number>();
    expectTypeOf<WorkflowRun["head_sha"]>().toEqualTypeOf<string>();
    expectTypeOf<WorkflowRun["head_branch"]>().toEqualTypeOf<string | null>();
    expectTypeOf<WorkflowRun["conclusion"]>().toEqualTypeOf<string | null>();
    expectTypeOf<WorkflowRun["event"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<WorkflowRun["pull_requests"]>[number]["number"]>().toEqualTypeOf<number>();
    expectTypeOf<WorkflowRunList["workflow_runs"]>().toEqualTypeOf<WorkflowRun[]>();
    // @ts-expect-error the spec leaves the repository object out
    type _Repository = WorkflowRun["repository"];
    // @ts-expect-error and the user objects
    type _Actor = WorkflowRun["actor"];
  });

  it("takes the filters with GitHub's names, and a workflow by id or file name", () => {
    expectTypeOf<ListWorkflowRunsParams["workflow_id"]>().toEqualTypeOf<number | string>();
    expectTypeOf<ListWorkflowRunsForRepoParams["branch"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ListWorkflowRunsForRepoParams["head_sha"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ListWorkflowRunsForRepoParams["exclude_pull_requests"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<"success">().toExtend<WorkflowRunStatus>();
    expectTypeOf<"in_progress">().toExtend<WorkflowRunStatus>();
    expectTypeOf<"succeeded">().not.toExtend<WorkflowRunStatus>();
  });
});
