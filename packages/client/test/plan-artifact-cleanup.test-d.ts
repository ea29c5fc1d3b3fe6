import type { Artifact } from "@gh-artifacts/types";
import { describe, expectTypeOf, it } from "vitest";
import { type ArtifactCleanupPlan, type CleanupCandidate, parseDuration, planArtifactCleanup } from "../src/index.js";

declare const artifacts: Artifact[];

describe("planArtifactCleanup types", () => {
  it("returns a plan of the artifacts' own type", () => {
    expectTypeOf(planArtifactCleanup(artifacts, {}, Date.now())).toEqualTypeOf<ArtifactCleanupPlan<Artifact>>();
    type Row = CleanupCandidate & { selected: boolean };
    const rows: Row[] = [];
    const plan = planArtifactCleanup(rows, { keepLatest: 3, olderThanMs: parseDuration("7d") }, new Date());
    expectTypeOf(plan.delete).toEqualTypeOf<Row[]>();
    expectTypeOf(plan.groups[0]!.branch).toEqualTypeOf<string | null>();
    expectTypeOf(plan.skipped[0]!.reason).toEqualTypeOf<"name" | "branch" | "expired">();
  });

  it("takes only the policy's options and a Date or number for now", () => {
    // @ts-expect-error olderThan is not an option (olderThanMs is)
    planArtifactCleanup(artifacts, { olderThan: "7d" }, Date.now());
    // @ts-expect-error now is a Date or a number
    planArtifactCleanup(artifacts, {}, "2024-01-01");
    // @ts-expect-error an artifact needs at least the fields the planner reads
    planArtifactCleanup([{ id: 1 }], {}, Date.now());
  });
});
