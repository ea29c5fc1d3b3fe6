// The requests each selector sends on the demo repository of `pnpm start` (@gh-artifacts/testing's
// `addDemoRepository`: 16 runs of ci.yml, release.yml and nightly.yml on three branches, 49 artifacts), counted from
// the world's own record of what reached it. The README's second request table is this test's rows.
import { addDemoRepository, createArtifactsFetch, createArtifactsWorld } from "@gh-artifacts/testing";
import { describe, expect, it } from "vitest";
import { type ArtifactSelector, createArtifactsClient, findArtifacts, findLatestArtifact } from "../src/index.js";

const REPO = "octo-org/octo-docs";
const repo = { owner: "octo-org", repo: "octo-docs" };
/** The demo's runs: `RUN + k`, k = 0 the newest zips' run; `RUN + 15` the single files' run, the newest of all. */
const RUN = 2_332_938;

/** A fresh demo world, the client on it, and the API requests it has received. */
function demo() {
  const world = createArtifactsWorld();
  addDemoRepository(world, { repo: REPO });
  const gh = createArtifactsClient({ fetch: createArtifactsFetch(world), token: "t0ken", retry: false });
  const requests = () => world.requests.filter((r) => r.host === "api");
  const headSha = (runId: number) => world.workflowRun(runId)?.headSha as string;
  return { world, gh, requests, headSha };
}

type Row = [
  what: string,
  selector: (headSha: (runId: number) => string) => Partial<ArtifactSelector>,
  how: "latest" | "all",
  run: number | undefined,
  requests: number,
];

describe("the requests each selector sends on the demo repository", () => {
  const rows: Row[] = [
    ["name", () => ({ name: "test-results" }), "latest", RUN, 1],
    ["branch (findArtifacts)", () => ({ branch: "release/2.x" }), "all", RUN + 1, 1],
    ["name + headSha", (sha) => ({ name: "coverage-report", headSha: sha(RUN + 12) }), "latest", RUN + 12, 1],
    ["pattern", () => ({ pattern: "*-report" }), "latest", RUN + 1, 1],
    ["runId (findArtifacts)", () => ({ runId: RUN + 3 }), "all", RUN + 3, 1],
    ["event + name", () => ({ event: "schedule", name: "sbom" }), "latest", RUN + 6, 2],
    ["pullRequest + name", () => ({ pullRequest: 42, name: "playwright-report" }), "latest", RUN + 8, 2],
    // note: past the newest run (failed) without a request: GitHub's status filter leaves it out of the page.
    [
      "workflow + branch + name",
      () => ({ workflow: "ci.yml", branch: "main", name: "test-results" }),
      "latest",
      RUN,
      2,
    ],
    // note: the two successful ci.yml runs on main before it have no coverage-report (a newer cancelled one has).
    [
      "workflow + branch + name, older match",
      () => ({ workflow: "ci.yml", branch: "main", name: "coverage-report" }),
      "latest",
      RUN + 12,
      4,
    ],
    ["workflow + status any (findArtifacts)", () => ({ workflow: "ci.yml", status: "any" }), "all", RUN + 15, 2],
    [
      "workflow + branch + name, no match",
      () => ({ workflow: "release.yml", branch: "main", name: "sbom" }),
      "latest",
      undefined,
      1,
    ],
  ];

  it.each(rows)("%s", async (_, selector, how, run, count) => {
    const { gh, requests, headSha } = demo();
    const params = { ...repo, ...selector(headSha) } as never;
    const found = how === "all" ? (await findArtifacts(gh, params))[0] : await findLatestArtifact(gh, params);
    expect(found?.workflow_run?.id).toBe(run);
    expect(requests().map((r) => `${r.method} ${r.path}`)).toHaveLength(count);
  });

  it("the latest successful ci.yml build on main is not the newest ci.yml run on main, which failed", async () => {
    const { gh, world } = demo();
    const newest = world.workflowRuns(REPO).find((r) => r.workflow.endsWith("ci.yml") && r.branch === "main");
    expect([newest?.id, newest?.conclusion]).toEqual([RUN + 15, "failure"]);
    const build = await findArtifacts(gh, { ...repo, workflow: "ci.yml", branch: "main" });
    expect(new Set(build.map((a) => a.workflow_run?.id))).toEqual(new Set([RUN]));
    expect(build.map((a) => a.name).sort()).toEqual(["protected-release", "release-bundle", "test-results"]);
  });
});
