import type { Artifact } from "@gh-artifacts/types";
import { describe, expectTypeOf, it } from "vitest";
import {
  type ArtifactsClient,
  findLatestArtifact,
  type LatestArtifactCandidate,
  pickLatestArtifact,
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
