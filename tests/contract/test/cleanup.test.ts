// The cleanup run (`runArtifactCleanup`) through the real client against Prism (static examples): the DELETEs it
// sends are the spec's, and each answer the spec declares for them ends as the outcome it names.
import { ForbiddenError, planArtifactCleanup, runArtifactCleanup } from "@gh-artifacts/client";
import { describe, expect, inject, it } from "vitest";
import { repo } from "./cases.js";
import { contractClient } from "./helpers.js";

const staticMode = inject("prismModes").find((m) => m.kind === "static")!;

describe("runArtifactCleanup against Prism (static examples)", () => {
  /** The plan of the spec's example page: keep none, delete whatever is older than a millisecond. */
  async function examplePlan() {
    const { gh } = contractClient(staticMode.url);
    const { artifacts } = await gh.listArtifactsForRepo(repo);
    const plan = planArtifactCleanup(artifacts, { keepLatest: 0, olderThanMs: 1, includeExpired: true }, Date.now());
    expect(plan.delete.length).toBeGreaterThan(0);
    return plan;
  }

  it("deletes each planned artifact with one spec-conforming DELETE", async () => {
    const plan = await examplePlan();
    const { gh, violations, requests } = contractClient(staticMode.url);
    const result = await runArtifactCleanup(gh, repo, plan.delete, { paceMs: 0 });
    expect(result.deleted.map((a) => a.id)).toEqual(plan.delete.map((a) => a.id));
    expect(requests).toEqual(
      plan.delete.map((a) => `DELETE /repos/${repo.owner}/${repo.repo}/actions/artifacts/${a.id}`),
    );
    expect(violations).toEqual([]);
  });

  it("counts a 404 as already gone and a 403 as failed, and goes on after each", async () => {
    const plan = await examplePlan();
    const gone = contractClient(staticMode.url, { prefer: "code=404" });
    const goneResult = await runArtifactCleanup(gone.gh, repo, plan.delete, { paceMs: 0 });
    expect(goneResult.gone).toHaveLength(plan.delete.length);
    expect(gone.violations).toEqual([]);

    const refused = contractClient(staticMode.url, { prefer: "code=403" });
    const refusedResult = await runArtifactCleanup(refused.gh, repo, plan.delete, { paceMs: 0 });
    expect(refusedResult.failed).toHaveLength(plan.delete.length);
    expect(refusedResult.failed.every((f) => f.error instanceof ForbiddenError)).toBe(true);
    expect(refused.requests).toHaveLength(plan.delete.length);
    expect(refused.violations).toEqual([]);
  });
});
