// One contract case per response the spec declares, keyed `operationId status`: each drives the real
// client to that response and asserts the typed outcome.
import {
  ArtifactExpiredError,
  type ArtifactsClient,
  ForbiddenError,
  type GitHubApiError,
  getArtifactDownloadUrl,
  NotFoundError,
  RateLimitError,
  UnauthorizedError,
} from "@gh-artifacts/client";
import { loadSpec } from "@gh-artifacts/scripts/spec";
import type { Artifact, ArtifactList, WorkflowRunList } from "@gh-artifacts/types";
import { expect, expectTypeOf } from "vitest";
import { expectArtifact, OWNER, REPO } from "./helpers.js";

export type Mode = "static" | "dynamic";
export type Case = (gh: ArtifactsClient, mode: Mode) => Promise<void>;

export const repo = { owner: OWNER, repo: REPO };
export const one = { ...repo, artifact_id: 11 };

/** Runs `call`, which must fail, and returns the error for assertions. */
export async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

const errorCases = (call: (gh: ArtifactsClient) => Promise<unknown>): Record<string, Case> => ({
  "401": async (gh, mode) => {
    const error = await failure(() => call(gh));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).status).toBe(401);
    if (mode === "static") expect((error as Error).message).toContain("Bad credentials");
  },
  "403": async (gh, mode) => {
    const error = await failure(() => call(gh));
    // Generated headers may report an exhausted rate limit, which is a RateLimitError.
    if (mode === "static") expect(error).toBeInstanceOf(ForbiddenError);
    else expect(error instanceof ForbiddenError || error instanceof RateLimitError).toBe(true);
    expect((error as GitHubApiError).status).toBe(403);
    if (mode === "static") {
      expect((error as Error).message).toContain("Resource not accessible by personal access token");
      expect((error as GitHubApiError).documentation_url).toBe("https://docs.github.com/rest/actions/artifacts");
      expect((error as GitHubApiError).rateLimit).toMatchObject({ limit: 5000, remaining: 4999, resource: "core" });
    }
  },
  "404": async (gh, mode) => {
    const error = await failure(() => call(gh));
    expect(error).toBeInstanceOf(NotFoundError);
    if (mode === "static") expect((error as Error).message).toContain("Not Found");
  },
  "429": async (gh, mode) => {
    const before = Date.now();
    const error = await failure(() => call(gh));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(429);
    expect((error as RateLimitError).retryable).toBe(true);
    if (mode === "static") {
      expect((error as Error).message).toContain("secondary rate limit");
      expect((error as RateLimitError).retryAfter).toBe(60);
      expect((error as RateLimitError).resetAt!.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    }
  },
});

function expectList(list: ArtifactList, mode: Mode) {
  expectTypeOf(list).toEqualTypeOf<ArtifactList>();
  expect(Number.isInteger(list.total_count)).toBe(true);
  for (const artifact of list.artifacts) expectArtifact(artifact);
  if (mode === "static") {
    expect(list.total_count).toBe(2);
    expect(list.artifacts.map((a) => [a.id, a.name])).toEqual([
      [11, "Rails"],
      [13, "Test output"],
    ]);
    expect(list.artifacts[0]?.workflow_run?.head_branch).toBe("main");
  }
}

/** One entry per declared response, keyed `operationId status`, exactly like `declaredResponses()`. */
export const cases: Record<string, Case> = {};
const add = (operationId: string, byStatus: Record<string, Case>) => {
  for (const [status, fn] of Object.entries(byStatus)) cases[`${operationId} ${status}`] = fn;
};

const listForRepo = (gh: ArtifactsClient) => gh.listArtifactsForRepo({ ...repo, per_page: 2 });
add("actions/list-artifacts-for-repo", {
  "200": async (gh, mode) => expectList(await listForRepo(gh), mode),
  ...errorCases(listForRepo),
});

const listForRun = (gh: ArtifactsClient) =>
  gh.listWorkflowRunArtifacts({ ...repo, run_id: 2332938, per_page: 2, direction: "asc", name: "Rails" });
add("actions/list-workflow-run-artifacts", {
  "200": async (gh, mode) => expectList(await listForRun(gh), mode),
  ...errorCases(listForRun),
});

const getOne = (gh: ArtifactsClient) => gh.getArtifact(one);
/**
 * The example the spec gives for get-artifact's 200, which static Prism answers with.
 * note: compared whole rather than field by field, so the case holds for whichever description the spec was synced
 * from (GHES's artifact has no `digest`, api.github.com's has one) and still sees a field the client drops.
 */
function getArtifactExample(): unknown {
  const doc = loadSpec();
  const operation = Object.values(doc.paths)
    .flatMap((item) => Object.values(item as object))
    .find((op) => op?.operationId === "actions/get-artifact");
  const example = operation.responses["200"].content["application/json"].examples.default;
  return example.$ref ? doc.components.examples[example.$ref.split("/").pop()].value : example.value;
}
add("actions/get-artifact", {
  "200": async (gh, mode) => {
    const artifact = await getOne(gh);
    expectTypeOf(artifact).toEqualTypeOf<Artifact>();
    expectArtifact(artifact);
    if (mode === "static") {
      expect(artifact).toMatchObject({ id: 11, name: "Rails", size_in_bytes: 556, expired: false });
      expect(artifact).toEqual(getArtifactExample());
    }
  },
  ...errorCases(getOne),
});

const deleteOne = (gh: ArtifactsClient) => gh.deleteArtifact(one);
add("actions/delete-artifact", {
  "204": async (gh) => {
    const result = await deleteOne(gh);
    expectTypeOf(result).toEqualTypeOf<void>();
    expect(result).toBeUndefined();
  },
  ...errorCases(deleteOne),
});

const downloadUrl = (gh: ArtifactsClient) => getArtifactDownloadUrl(gh, one);
add("actions/download-artifact", {
  "302": async (gh, mode) => {
    const url = await downloadUrl(gh);
    expect(url).toBeInstanceOf(URL);
    if (mode === "static") {
      expect(url.hostname).toBe("pipelines.actions.githubusercontent.com");
      expect(url.searchParams.get("urlSigningMethod")).toBe("HMACV1");
    }
  },
  "410": async (gh, mode) => {
    const error = await failure(() => downloadUrl(gh));
    expect(error).toBeInstanceOf(ArtifactExpiredError);
    expect((error as GitHubApiError).status).toBe(410);
    if (mode === "static") expect((error as Error).message).toContain("Artifact has expired");
  },
  ...errorCases(downloadUrl),
});

/** What any workflow run must look like: the fields choosing a build reads. */
function expectRuns(list: WorkflowRunList, mode: Mode) {
  expectTypeOf(list).toEqualTypeOf<WorkflowRunList>();
  expect(Number.isInteger(list.total_count)).toBe(true);
  for (const run of list.workflow_runs) {
    expect(Number.isInteger(run.id)).toBe(true);
    expect(typeof run.head_sha).toBe("string");
    expect(typeof run.event).toBe("string");
    expect(Number.isInteger(run.workflow_id)).toBe(true);
    expect(run.conclusion === null || typeof run.conclusion === "string").toBe(true);
  }
  if (mode === "static") {
    expect(list.workflow_runs.map((r) => [r.id, r.head_branch, r.status, r.conclusion])).toEqual([
      [30433642, "master", "queued", null],
    ]);
  }
}

const runsForRepo = (gh: ArtifactsClient) =>
  gh.listWorkflowRunsForRepo({
    ...repo,
    branch: "master",
    event: "push",
    status: "success",
    head_sha: "acb5820ced9479c074f688cc328bf03f341a511d",
    exclude_pull_requests: true,
    per_page: 30,
    page: 1,
  });
add("actions/list-workflow-runs-for-repo", {
  "200": async (gh, mode) => expectRuns(await runsForRepo(gh), mode),
  ...errorCases(runsForRepo),
});

const runsOfWorkflow = (gh: ArtifactsClient) =>
  gh.listWorkflowRuns({ ...repo, workflow_id: "build.yml", status: "completed", per_page: 10 });
add("actions/list-workflow-runs", {
  "200": async (gh, mode) => expectRuns(await runsOfWorkflow(gh), mode),
  ...errorCases(runsOfWorkflow),
});

/** The `Prefer` header that makes Prism answer with `status` (none for the success it picks itself). */
export const preferFor = (status: string) => (/^2/.test(status) || status === "302" ? undefined : `code=${status}`);
