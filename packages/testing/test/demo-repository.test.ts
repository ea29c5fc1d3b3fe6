import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addDemoRepository, createArtifactsWorld, DEMO_ARTIFACT_COUNT, DEMO_SPECIAL } from "../src/index.js";
import { fake, one } from "./helpers.js";

describe("addDemoRepository", () => {
  it("adds 49 artifacts, newest first, with the special ones and real digests", () => {
    const world = createArtifactsWorld();
    const added = addDemoRepository(world);
    expect(added).toHaveLength(DEMO_ARTIFACT_COUNT);
    expect(added.map((a) => a.id)).toEqual(world.artifacts("octo-org/octo-docs").map((a) => a.id));
    expect(added.slice(0, 4).map((a) => [a.name, a.kind, a.contentType])).toEqual([
      [DEMO_SPECIAL.hidden, "zip", "application/zip"],
      [DEMO_SPECIAL.report, "file", "text/html; charset=utf-8"],
      [DEMO_SPECIAL.manual, "file", "application/pdf"],
      [DEMO_SPECIAL.wheel, "file", "application/octet-stream"],
    ]);
    for (const artifact of added) {
      expect(artifact.digest).toBe(`sha256:${createHash("sha256").update(artifact.bytes).digest("hex")}`);
    }
    const large = added.find((a) => a.name === DEMO_SPECIAL.large);
    expect(large?.bytes.byteLength).toBeGreaterThan(4 * 1024 * 1024);
    expect(added.filter((a) => world.isExpired(a)).map((a) => a.name)).toContain(DEMO_SPECIAL.expired);
    expect(added.filter((a) => world.isExpired(a))).toHaveLength(3);
    expect(added.filter((a) => a.name === DEMO_SPECIAL.protected).map((a) => a.run?.branch)).toEqual(["main", "main"]);
    expect(new Set(added.map((a) => a.run?.branch))).toEqual(new Set(["main", "release/2.x", "feature/dark-mode"]));
  });

  it("is the same every time, and behaves: a protected delete is 403, the expired download 410", async () => {
    const digests = () => addDemoRepository(createArtifactsWorld()).map((a) => a.digest);
    expect(digests()).toEqual(digests());
    const world = createArtifactsWorld();
    const added = addDemoRepository(world, { repo: "*/*" });
    const { call } = fake(world);
    const protectedOne = added.find((a) => a.name === DEMO_SPECIAL.protected) as { id: number };
    const expired = added.find((a) => a.name === DEMO_SPECIAL.expired) as { id: number };
    expect((await call(one(protectedOne.id, "any/repo"), { method: "DELETE" })).status).toBe(403);
    expect((await call(`${one(expired.id, "any/repo")}/zip`)).status).toBe(410);
    const page = await (await call("/repos/someone/else/actions/artifacts?per_page=100")).json();
    expect(page.total_count).toBe(DEMO_ARTIFACT_COUNT);
  });

  it("has workflow runs with results on several branches and events, linked to its artifacts", async () => {
    const world = createArtifactsWorld();
    const added = addDemoRepository(world);
    const runs = world.workflowRuns("octo-org/octo-docs");
    expect(runs).toHaveLength(16);
    expect(new Set(runs.map((r) => r.conclusion ?? r.status))).toEqual(
      new Set(["success", "failure", "cancelled", "in_progress"]),
    );
    expect(new Set(runs.map((r) => r.event))).toEqual(
      new Set(["push", "pull_request", "workflow_dispatch", "schedule"]),
    );
    expect(new Set(runs.map((r) => r.workflow.split("/").pop()))).toEqual(
      new Set(["ci.yml", "release.yml", "nightly.yml"]),
    );
    expect(new Set(runs.map((r) => r.headSha)).size).toBe(16);
    // note: every artifact's run is one the listings answer with, on the artifact's branch.
    for (const artifact of added) expect(runs).toContain(artifact.run);
    const { call } = fake(world);
    const latest = await (
      await call("/repos/octo-org/octo-docs/actions/workflows/ci.yml/runs?branch=main&status=success&per_page=1")
    ).json();
    // note: the newest run of all (the single files', ci.yml on main) failed: the latest success is the one before.
    expect(latest.workflow_runs[0].id).toBe(2332938);
    const failed = await (await call("/repos/octo-org/octo-docs/actions/runs?status=failure")).json();
    expect(failed.workflow_runs.map((r: { id: number }) => r.id)[0]).toBe(2332953);
    expect(failed.workflow_runs.map((r: { head_branch: string }) => r.head_branch)).toEqual([
      "main",
      "release/2.x",
      "feature/dark-mode",
    ]);
  });
});
