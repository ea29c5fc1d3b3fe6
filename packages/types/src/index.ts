// The generated types, and names for the ones users reach for. Nothing here restates the spec:
// every alias points into the generated `components`/`operations`.
import type { components, operations } from "./generated/artifacts.js";

export type { components, operations, paths } from "./generated/artifacts.js";
export { operationParameters, parameterRules } from "./generated/parameters.js";

/** The operationIds of the spec's operations: the five artifact operations and the two run listings. */
export type ArtifactOperationId = keyof operations;

/** An artifact as GitHub returns it. */
export type Artifact = components["schemas"]["artifact"];
/** The workflow run an artifact came from (`null` on the artifact when GitHub does not know it). */
export type ArtifactWorkflowRun = NonNullable<Artifact["workflow_run"]>;
/** A page of artifacts: `{ total_count, artifacts }`. */
export type ArtifactList =
  operations["actions/list-artifacts-for-repo"]["responses"][200]["content"]["application/json"];
/**
 * A workflow run as the run listings return it. note: the spec leaves out its repository and user objects
 * (`repository`, `head_repository`, `actor`, `triggering_actor`): GitHub still sends them, the type does not name them.
 */
export type WorkflowRun = components["schemas"]["workflow-run"];
/** A page of workflow runs: `{ total_count, workflow_runs }`. */
export type WorkflowRunList =
  operations["actions/list-workflow-runs-for-repo"]["responses"][200]["content"]["application/json"];
/** GitHub's error body. */
export type BasicError = components["schemas"]["basic-error"];

// note: an operation without query parameters has `query?: never`; intersecting with `never` would
// erase the path parameters, so it becomes `unknown` (the identity of `&`).
type QueryOf<Id extends ArtifactOperationId> = [NonNullable<operations[Id]["parameters"]["query"]>] extends [never]
  ? unknown
  : NonNullable<operations[Id]["parameters"]["query"]>;
type ParamsOf<Id extends ArtifactOperationId> = operations[Id]["parameters"]["path"] & QueryOf<Id>;

/** Parameters of `GET /repos/{owner}/{repo}/actions/artifacts`. */
export type ListArtifactsForRepoParams = ParamsOf<"actions/list-artifacts-for-repo">;
/** Parameters of `GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts`. */
export type ListWorkflowRunArtifactsParams = ParamsOf<"actions/list-workflow-run-artifacts">;
/** Parameters of `GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}`. */
export type GetArtifactParams = ParamsOf<"actions/get-artifact">;
/** Parameters of `DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}`. */
export type DeleteArtifactParams = ParamsOf<"actions/delete-artifact">;
/** Parameters of `GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}`. */
export type DownloadArtifactParams = ParamsOf<"actions/download-artifact">;
/** Parameters of `GET /repos/{owner}/{repo}/actions/runs`. */
export type ListWorkflowRunsForRepoParams = ParamsOf<"actions/list-workflow-runs-for-repo">;
/** Parameters of `GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs` (`workflow_id`: an id or a file name). */
export type ListWorkflowRunsParams = ParamsOf<"actions/list-workflow-runs">;
/**
 * What the run listings' `status` filter takes: a status (`completed`, `in_progress`, `queued`, …) or a conclusion
 * (`success`, `failure`, `cancelled`, …).
 */
export type WorkflowRunStatus = NonNullable<ListWorkflowRunsForRepoParams["status"]>;
