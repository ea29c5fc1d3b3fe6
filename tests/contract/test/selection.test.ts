// Choosing a build against Prism: findLatestArtifact and findArtifacts read the two run listings and a run's
// artifacts as the spec describes them (no `sl-violations`), and check every filter on what comes back themselves,
// since Prism, like a proxy that drops a filter, answers the same example whatever the query says.
import { findArtifacts, findLatestArtifact, SelectionLimitError } from "@gh-artifacts/client";
import { describe, expect, inject, it } from "vitest";
import { repo } from "./cases.js";
import { contractClient, expectArtifact } from "./helpers.js";

/** The spec's example run: build.yml's run 30433642 on master, queued (no conclusion yet), at this commit. */
const SHA = "acb5820ced9479c074f688cc328bf03f341a511d";
const staticMode = inject("prismModes").find((m) => m.kind === "static")!;

describe("choosing a build (static examples)", () => {
  it("workflow + status any + name: the example run's artifact, through a run listing and the run's list", async () => {
    const { gh, violations, requests } = contractClient(staticMode.url);
    const latest = await findLatestArtifact(gh, { ...repo, workflow: "build.yml", status: "any", name: "Rails" });
    expect(latest?.id).toBe(11);
    expect(requests).toEqual([
      `GET /repos/octo-org/octo-docs/actions/workflows/build.yml/runs?per_page=30&page=1&exclude_pull_requests=true`,
      "GET /repos/octo-org/octo-docs/actions/runs/30433642/artifacts?per_page=100&page=1&name=Rails",
    ]);
    expect(violations).toEqual([]);
  });

  it("never takes a run of another result: the queued example run is passed over for the default success", async () => {
    const { gh, violations, requests } = contractClient(staticMode.url);
    expect(await findLatestArtifact(gh, { ...repo, workflow: "build.yml", name: "Rails" })).toBeUndefined();
    expect(await findLatestArtifact(gh, { ...repo, name: "Rails", status: "failure" })).toBeUndefined();
    // note: Prism answered the example run both times; the client looked no further than the one page.
    expect(requests.every((r) => r.includes("/runs?") && r.includes("status="))).toBe(true);
    expect(requests).toHaveLength(2);
    expect(violations).toEqual([]);
  });

  it("headSha, branch, event and pattern, checked against the example run", async () => {
    const { gh, violations } = contractClient(staticMode.url);
    const all = await findArtifacts(gh, {
      ...repo,
      headSha: SHA.toUpperCase(),
      branch: "master",
      event: "push",
      status: "queued",
      pattern: "*",
    });
    expect(all.map((a) => a.id)).toEqual([13, 11]);
    for (const artifact of all) expectArtifact(artifact);
    expect(await findArtifacts(gh, { ...repo, branch: "main", status: "queued" })).toEqual([]);
    expect(await findArtifacts(gh, { ...repo, pullRequest: 1, status: "any" })).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("without a run filter, stays on the artifact list", async () => {
    const { gh, violations, requests } = contractClient(staticMode.url);
    const latest = await findLatestArtifact(gh, { ...repo, pattern: /^test/i, branch: "main" });
    expect(latest?.name).toBe("Test output");
    expect(requests).toEqual(["GET /repos/octo-org/octo-docs/actions/artifacts?per_page=100&page=1"]);
    expect(violations).toEqual([]);
  });
});

for (const mode of inject("prismModes").filter((m) => m.kind === "dynamic")) {
  describe(`choosing a build (dynamic data, seed ${mode.seed})`, () => {
    it("sends only conforming requests, at most maxRequests of them, and answers or says it stopped", async () => {
      const { gh, violations, requests } = contractClient(mode.url);
      const outcome = await findArtifacts(gh, { ...repo, workflow: 42, status: "any", maxRequests: 5 }).catch(
        (error: unknown) => error,
      );
      if (outcome instanceof SelectionLimitError) expect(outcome.maxRequests).toBe(5);
      else expect(outcome, `${String(outcome)} after ${requests.join(", ")}`).toBeInstanceOf(Array);
      expect(requests.length).toBeLessThanOrEqual(5);
      expect(violations).toEqual([]);
    });
  });
}
