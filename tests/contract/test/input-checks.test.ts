// What Prism would refuse with 422, the client refuses itself, before anything is sent.
import { InvalidInputError } from "@gh-artifacts/client";
import { describe, expect, inject, it } from "vitest";
import { contractClient, OWNER, REPO } from "./helpers.js";

const staticMode = inject("prismModes").find((m) => m.kind === "static")!;

const invalid = [
  { field: "per_page", path: `/repos/${OWNER}/${REPO}/actions/artifacts?per_page=101`, call: { per_page: 101 } },
  { field: "per_page", path: `/repos/${OWNER}/${REPO}/actions/artifacts?per_page=0`, call: { per_page: 0 } },
  { field: "page", path: `/repos/${OWNER}/${REPO}/actions/artifacts?page=0`, call: { page: 0 } },
] as const;

describe("input checks agree with the spec", () => {
  for (const { field, path, call } of invalid) {
    it(`${field}=${Object.values(call)[0]}: Prism answers 422, the client sends nothing`, async () => {
      const prism = await fetch(`${staticMode.url}${path}`);
      expect(prism.status).toBe(422);
      const { gh, requests } = contractClient(staticMode.url);
      const error = await gh.listArtifactsForRepo({ owner: OWNER, repo: REPO, ...call }).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
      expect(requests).toEqual([]);
    });
  }

  it("run_id=0: Prism answers 422, the client sends nothing", async () => {
    expect((await fetch(`${staticMode.url}/repos/${OWNER}/${REPO}/actions/runs/0/artifacts`)).status).toBe(422);
    const { gh, requests } = contractClient(staticMode.url);
    const error = await gh.listWorkflowRunArtifacts({ owner: OWNER, repo: REPO, run_id: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(requests).toEqual([]);
  });

  it("direction=sideways: Prism answers 422, the client sends nothing", async () => {
    const path = `/repos/${OWNER}/${REPO}/actions/runs/1/artifacts?direction=sideways`;
    expect((await fetch(`${staticMode.url}${path}`)).status).toBe(422);
    const { gh, requests } = contractClient(staticMode.url);
    const params = { owner: OWNER, repo: REPO, run_id: 1, direction: "sideways" as "asc" };
    const error = await gh.listWorkflowRunArtifacts(params).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("direction");
    expect(requests).toEqual([]);
  });

  it("the run listings' status and per_page: Prism answers 422, the client sends nothing", async () => {
    for (const [path, call, field] of [
      [`/repos/${OWNER}/${REPO}/actions/runs?status=succeeded`, { status: "succeeded" }, "status"],
      [`/repos/${OWNER}/${REPO}/actions/workflows/ci.yml/runs?per_page=101`, { per_page: 101 }, "per_page"],
      [
        `/repos/${OWNER}/${REPO}/actions/runs?exclude_pull_requests=maybe`,
        { exclude_pull_requests: "maybe" },
        "exclude_pull_requests",
      ],
    ] as const) {
      expect((await fetch(`${staticMode.url}${path}`)).status, path).toBe(422);
      const { gh, requests } = contractClient(staticMode.url);
      const params = { owner: OWNER, repo: REPO, workflow_id: "ci.yml", ...call } as never;
      const error = await (path.includes("/workflows/")
        ? gh.listWorkflowRuns(params)
        : gh.listWorkflowRunsForRepo(params)
      ).catch((e) => e);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe(field);
      expect(requests).toEqual([]);
    }
  });

  it("artifact_id=0: Prism answers 422, the client sends nothing", async () => {
    expect((await fetch(`${staticMode.url}/repos/${OWNER}/${REPO}/actions/artifacts/0`)).status).toBe(422);
    const { gh, requests } = contractClient(staticMode.url);
    const error = await gh.getArtifact({ owner: OWNER, repo: REPO, artifact_id: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe("artifact_id");
    expect(requests).toEqual([]);
  });
});
