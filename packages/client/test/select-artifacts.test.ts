import type { WorkflowRun } from "@gh-artifacts/types";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ArtifactSelector,
  findArtifacts,
  findLatestArtifact,
  InvalidInputError,
  SelectionLimitError,
} from "../src/index.js";
import type { WireArtifact } from "./helpers.js";
import { type RunWorld, runArtifact, startRunWorld, wireRun } from "./run-world.js";

let server: { close(): Promise<void> } | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const repo = { owner: "o", repo: "r" };
/** The selector without the repository and the name filter. */
type Filters = Partial<Omit<ArtifactSelector, "owner" | "repo" | "name" | "pattern">>;
const RUNS = "/repos/o/r/actions/runs";

/**
 * The small world of the README's request table. Workflows ci.yml (1) and release.yml (2); runs, oldest first:
 * 1 ci main push success (dist-linux, dist-macos, coverage), 2 ci feature pull_request success linked to PR 7
 * (dist-linux), 3 release main push success (dist-linux), 4 ci main push failure (dist-linux), 5 ci main push
 * cancelled (none), 6 ci main schedule success (nightly, and an expired dist-linux), 7 ci main push in progress
 * (dist-linux).
 */
function smallWorld(): RunWorld {
  const ci = { workflow_id: 1, path: ".github/workflows/ci.yml" };
  const release = { workflow_id: 2, path: ".github/workflows/release.yml" };
  const runs = [
    wireRun(1, { ...ci }),
    wireRun(2, {
      ...ci,
      head_branch: "feature",
      event: "pull_request",
      pull_requests: [pullRequest(7)],
    }),
    wireRun(3, { ...release }),
    wireRun(4, { ...ci, conclusion: "failure" }),
    wireRun(5, { ...ci, conclusion: "cancelled" }),
    wireRun(6, { ...ci, event: "schedule" }),
    wireRun(7, { ...ci, status: "in_progress", conclusion: null }),
  ];
  const [r1, r2, r3, r4, , r6, r7] = runs as [
    WorkflowRun,
    WorkflowRun,
    WorkflowRun,
    WorkflowRun,
    WorkflowRun,
    WorkflowRun,
    WorkflowRun,
  ];
  return {
    workflows: [
      { id: 1, file: "ci.yml" },
      { id: 2, file: "release.yml" },
    ],
    runs,
    artifacts: [
      runArtifact(101, r1, { name: "dist-linux" }),
      runArtifact(102, r1, { name: "dist-macos" }),
      runArtifact(103, r1, { name: "coverage" }),
      runArtifact(201, r2, { name: "dist-linux" }),
      runArtifact(301, r3, { name: "dist-linux" }),
      runArtifact(401, r4, { name: "dist-linux" }),
      runArtifact(601, r6, { name: "nightly" }),
      runArtifact(602, r6, { name: "dist-linux", expired: true }),
      runArtifact(701, r7, { name: "dist-linux" }),
    ],
  };
}

function pullRequest(number: number) {
  const side = {
    ref: "feature",
    sha: "b".repeat(40),
    repo: { id: 1, url: "https://api.github.test/repos/o/r", name: "r" },
  };
  return { id: number, number, url: `https://api.github.test/repos/o/r/pulls/${number}`, head: side, base: side };
}

async function start(world: RunWorld = smallWorld(), options: { ignoreFilters?: boolean } = {}) {
  const w = await startRunWorld(world, options);
  server = w.server;
  return w;
}

const ids = (artifacts: { id: number }[]) => artifacts.map((a) => a.id);

describe("selection on the artifact list (no run filter)", () => {
  it("name: the newest artifact of that name, whatever its run's result, in one request", async () => {
    const { gh, requests } = await start();
    expect((await findLatestArtifact(gh, { ...repo, name: "dist-linux" }))?.id).toBe(701);
    expect(requests()).toEqual(["/repos/o/r/actions/artifacts?per_page=100&page=1&name=dist-linux"]);
  });

  it("branch and headSha narrow by the artifact's run, still without reading runs", async () => {
    const { gh, requests } = await start();
    expect((await findLatestArtifact(gh, { ...repo, name: "dist-linux", branch: "feature" }))?.id).toBe(201);
    const sha = wireRun(1).head_sha;
    expect((await findLatestArtifact(gh, { ...repo, name: "dist-linux", headSha: sha.toUpperCase() }))?.id).toBe(101);
    expect(requests().every((r) => r.startsWith("/repos/o/r/actions/artifacts?"))).toBe(true);
  });

  it("pattern: a glob or a RegExp over the whole name, the list read without GitHub's name filter", async () => {
    const { gh, requests } = await start();
    expect((await findLatestArtifact(gh, { ...repo, pattern: "dist-*", branch: "main" }))?.id).toBe(701);
    expect((await findLatestArtifact(gh, { ...repo, pattern: /^dist-mac/g }))?.id).toBe(102);
    expect((await findLatestArtifact(gh, { ...repo, pattern: "{cover,night}*" }))?.id).toBe(601);
    expect(await findLatestArtifact(gh, { ...repo, pattern: "dist" })).toBeUndefined();
    expect(requests()[0]).toBe("/repos/o/r/actions/artifacts?per_page=100&page=1");
  });

  it("runId: that run's artifacts; findArtifacts takes every match of it", async () => {
    const { gh, requests } = await start();
    expect(ids(await findArtifacts(gh, { ...repo, runId: 1, pattern: "dist-*" }))).toEqual([102, 101]);
    expect(ids(await findArtifacts(gh, { ...repo, runId: 1 }))).toEqual([103, 102, 101]);
    expect(requests()).toEqual([
      "/repos/o/r/actions/runs/1/artifacts?per_page=100&page=1",
      "/repos/o/r/actions/runs/1/artifacts?per_page=100&page=1",
    ]);
  });

  it("findArtifacts without a run filter: every match of the run of the newest match", async () => {
    const { gh } = await start();
    expect(ids(await findArtifacts(gh, { ...repo, pattern: "dist-*", headSha: wireRun(1).head_sha }))).toEqual([
      102, 101,
    ]);
    expect(ids(await findArtifacts(gh, { ...repo, name: "nope" }))).toEqual([]);
  });
});

describe("selection through the workflow runs", () => {
  it("workflow + branch: the latest successful ci.yml build on main, past a newer failed and a running one", async () => {
    const { gh, requests } = await start();
    const latest = await findLatestArtifact(gh, { ...repo, workflow: "ci.yml", branch: "main", name: "dist-linux" });
    // note: run 7 is running, 6's dist-linux expired, 5 was cancelled and 4 failed: run 1's is the one.
    expect(latest?.id).toBe(101);
    expect(requests()).toEqual([
      "/repos/o/r/actions/workflows/ci.yml/runs?branch=main&status=success&per_page=30&page=1&exclude_pull_requests=true",
      "/repos/o/r/actions/runs/6/artifacts?per_page=100&page=1&name=dist-linux",
      "/repos/o/r/actions/runs/1/artifacts?per_page=100&page=1&name=dist-linux",
    ]);
  });

  it("workflow by id, and findArtifacts: every match of the newest matching run", async () => {
    const { gh } = await start();
    expect(ids(await findArtifacts(gh, { ...repo, workflow: 1, branch: "main", pattern: "dist-*" }))).toEqual([
      102, 101,
    ]);
    expect(ids(await findArtifacts(gh, { ...repo, workflow: "ci.yml", branch: "main" }))).toEqual([601]);
    expect(ids(await findArtifacts(gh, { ...repo, workflow: "release.yml" }))).toEqual([301]);
  });

  it("status: success by default once runs are read; another result, or any", async () => {
    const { gh, requests } = await start();
    const find = (selector: Filters) =>
      findLatestArtifact(gh, { ...repo, workflow: "ci.yml", name: "dist-linux", ...selector });
    // note: any branch: run 2 (a pull request's, successful) is the newest with a live dist-linux.
    expect((await find({}))?.id).toBe(201);
    expect((await find({ status: "failure" }))?.id).toBe(401);
    expect(await find({ status: "cancelled" })).toBeUndefined();
    expect((await find({ status: "in_progress" }))?.id).toBe(701);
    expect((await find({ status: "any" }))?.id).toBe(701);
    expect(
      requests()
        .filter((r) => r.includes("/workflows/"))
        .map((r) => new URL(r, "http://x").searchParams.get("status")),
    ).toEqual(["success", "failure", "cancelled", "in_progress", null]);
  });

  it("status alone reads the repository's runs, every workflow", async () => {
    const { gh, requests } = await start();
    expect((await findLatestArtifact(gh, { ...repo, name: "dist-linux", status: "success" }))?.id).toBe(301);
    expect(requests()[0]).toBe(`${RUNS}?status=success&per_page=30&page=1&exclude_pull_requests=true`);
  });

  it("event, and pullRequest (runs GitHub links to it, pull_requests asked for)", async () => {
    const { gh, requests, reset } = await start();
    expect((await findLatestArtifact(gh, { ...repo, name: "dist-linux", event: "pull_request" }))?.id).toBe(201);
    expect((await findLatestArtifact(gh, { ...repo, name: "nightly", event: "schedule" }))?.id).toBe(601);
    expect(await findLatestArtifact(gh, { ...repo, name: "dist-linux", event: "schedule" })).toBeUndefined();
    reset();
    const w = await findLatestArtifact(gh, { ...repo, name: "dist-linux", pullRequest: 7 });
    expect(w?.id).toBe(201);
    expect(await findLatestArtifact(gh, { ...repo, name: "dist-linux", pullRequest: 8 })).toBeUndefined();
    expect(
      requests()
        .filter((r) => r.startsWith(`${RUNS}?`))
        .every((r) => !r.includes("exclude_pull_requests")),
    ).toBe(true);
  });

  it("headSha through the runs: GitHub's head_sha filter, checked again on the run", async () => {
    const { gh, requests } = await start();
    const sha = wireRun(4).head_sha;
    expect((await findLatestArtifact(gh, { ...repo, name: "dist-linux", headSha: sha, status: "failure" }))?.id).toBe(
      401,
    );
    expect(
      await findLatestArtifact(gh, { ...repo, name: "dist-linux", headSha: sha, workflow: "ci.yml" }),
    ).toBeUndefined();
    expect(requests()[0]).toContain(`head_sha=${sha}`);
  });

  it("checks every filter on the runs itself: a server that ignores them changes nothing", async () => {
    const { gh } = await start(smallWorld(), { ignoreFilters: true });
    const find = (selector: Filters) => findLatestArtifact(gh, { ...repo, name: "dist-linux", ...selector });
    expect((await find({ workflow: "ci.yml", branch: "main" }))?.id).toBe(101);
    expect((await find({ workflow: "ci.yml", status: "failure" }))?.id).toBe(401);
    expect((await find({ event: "pull_request" }))?.id).toBe(201);
    expect((await find({ workflow: "release.yml" }))?.id).toBe(301);
    expect(await find({ workflow: 2, branch: "feature" })).toBeUndefined();
  });
});

describe("the requests each selector sends on the small world (the README's table)", () => {
  const sha1 = wireRun(1).head_sha;
  const rows: [string, Partial<ArtifactSelector>, "latest" | "all", number | undefined, number][] = [
    ["name", { name: "dist-linux" }, "latest", 701, 1],
    ["name + branch", { name: "dist-linux", branch: "main" }, "latest", 701, 1],
    ["name + headSha", { name: "dist-linux", headSha: sha1 }, "latest", 101, 1],
    ["pattern", { pattern: "dist-*" }, "latest", 701, 1],
    ["runId (findArtifacts)", { runId: 1 }, "all", 103, 1],
    ["workflow + branch + name", { workflow: "ci.yml", branch: "main", name: "dist-linux" }, "latest", 101, 3],
    ["workflow + name", { workflow: "ci.yml", name: "dist-linux" }, "latest", 201, 3],
    [
      "workflow + name + status failure",
      { workflow: "ci.yml", name: "dist-linux", status: "failure" },
      "latest",
      401,
      2,
    ],
    ["workflow + name + status any", { workflow: "ci.yml", name: "dist-linux", status: "any" }, "latest", 701, 2],
    ["event + name", { event: "pull_request", name: "dist-linux" }, "latest", 201, 2],
    ["pullRequest + name", { pullRequest: 7, name: "dist-linux" }, "latest", 201, 2],
    [
      "workflow + branch + pattern (findArtifacts)",
      { workflow: "ci.yml", branch: "main", pattern: "dist-*" },
      "all",
      102,
      3,
    ],
    ["workflow + name, no match", { workflow: "release.yml", name: "dist-macos" }, "latest", undefined, 2],
  ];
  it.each(rows)("%s", async (_, selector, how, first, count) => {
    const { gh, requests } = await start();
    const params = { ...repo, ...selector } as never;
    const found = how === "all" ? (await findArtifacts(gh, params))[0] : await findLatestArtifact(gh, params);
    expect(found?.id).toBe(first);
    expect(requests()).toHaveLength(count);
  });
});

describe("bounded: at most maxRequests requests, then SelectionLimitError", () => {
  it("stops scanning runs without a match after maxRequests, with a typed error saying what was left", async () => {
    const runs = Array.from({ length: 200 }, (_, i) => wireRun(i + 1));
    const { gh, requests } = await start({ workflows: [{ id: 1, file: "ci.yml" }], runs, artifacts: [] });
    const error = await findLatestArtifact(gh, { ...repo, workflow: "ci.yml", name: "dist", maxRequests: 5 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SelectionLimitError);
    expect(error).toMatchObject({ maxRequests: 5, retryable: false, reason: "next would be run 196's artifacts" });
    expect(requests()).toHaveLength(5);
  });

  it("refuses an artifact list longer than the bound after its first page", async () => {
    const run = wireRun(1);
    const artifacts: WireArtifact[] = Array.from({ length: 250 }, (_, i) => runArtifact(i + 1, run, { name: "a" }));
    const { gh, requests } = await start({ workflows: [], runs: [run], artifacts });
    const error = await findLatestArtifact(gh, { ...repo, name: "a", maxRequests: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SelectionLimitError);
    expect((error as SelectionLimitError).message).toBe(
      "Selection stopped at maxRequests (2): the artifact list has 250 artifacts (3 pages of 100); narrow it " +
        "(workflow, branch, headSha, name) or raise maxRequests",
    );
    expect(requests()).toHaveLength(1);
    expect((await findLatestArtifact(gh, { ...repo, name: "a", maxRequests: 3 }))?.id).toBe(250);
  });

  it("sends no more than the default 20 when nothing bounds the search", async () => {
    const runs = Array.from({ length: 1000 }, (_, i) => wireRun(i + 1));
    const { gh, requests } = await start({ workflows: [], runs, artifacts: [] });
    await expect(findArtifacts(gh, { ...repo, status: "success" })).rejects.toThrow(SelectionLimitError);
    expect(requests()).toHaveLength(20);
  });
});

describe("selector input", () => {
  it("rejects bad input with InvalidInputError naming the field, before any request", async () => {
    const { gh, requests } = await start();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "a", pattern: "b" }, "pattern"],
      [{ pattern: "" }, "pattern"],
      [{ pattern: 3 }, "pattern"],
      [{ name: "a", workflow: "ci" }, "workflow"],
      [{ name: "a", workflow: 0 }, "workflow"],
      [{ name: "a", workflow: "a/ci.yml" }, "workflow"],
      [{ name: "a", headSha: "abc" }, "headSha"],
      [{ name: "a", event: "" }, "event"],
      [{ name: "a", branch: "" }, "branch"],
      [{ name: "a", status: "succeeded" }, "status"],
      [{ name: "a", pullRequest: 0 }, "pullRequest"],
      [{ name: "a", runId: 0 }, "runId"],
      [{ name: "a", runId: 1, workflow: "ci.yml" }, "runId"],
      [{ name: "a", runId: 1, status: "failure" }, "runId"],
      [{ name: "a", maxRequests: 0 }, "maxRequests"],
      [{ name: "a", maxRequests: 1.5 }, "maxRequests"],
      [{ name: "a", worflow: "ci.yml" }, "worflow"],
      [{ name: "a", run_id: 2, runId: 3 }, "run_id"],
    ];
    for (const [params, field] of cases) {
      const error = await findLatestArtifact(gh, { ...repo, ...params } as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(params)).toBeInstanceOf(InvalidInputError);
      expect(error, JSON.stringify(params)).toMatchObject({ field });
    }
    const error = await findArtifacts(gh, { ...repo, includeExpired: true } as never).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "InvalidInputError", field: "includeExpired" });
    expect(requests()).toEqual([]);
  });

  it("takes runId: any with the run filters left out, and run_id as before", async () => {
    const { gh } = await start();
    expect((await findLatestArtifact(gh, { ...repo, name: "dist-linux", runId: 4, status: "any" }))?.id).toBe(401);
    expect((await findLatestArtifact(gh, { ...repo, name: "dist-linux", run_id: 4 }))?.id).toBe(401);
  });
});

describe("the property: the newest run matching every filter, never a run of another result", () => {
  const BRANCHES = ["main", "dev"] as const;
  const EVENTS = ["push", "pull_request"] as const;
  const RESULTS = ["success", "failure", "cancelled", "running"] as const;
  const SHAS = ["1".repeat(40), "2".repeat(40)] as const;
  const NAMES = ["dist-linux", "dist-macos", "logs"] as const;

  const runSpec = fc.record({
    workflow: fc.constantFrom(1, 2),
    branch: fc.constantFrom(...BRANCHES),
    event: fc.constantFrom(...EVENTS),
    result: fc.constantFrom(...RESULTS),
    sha: fc.constantFrom(...SHAS),
    pr: fc.boolean(),
    minute: fc.integer({ min: 0, max: 40 }),
    artifacts: fc.array(fc.record({ name: fc.constantFrom(...NAMES), expired: fc.boolean() }), { maxLength: 3 }),
  });
  const filters = fc.record(
    {
      workflow: fc.constantFrom<string | number>("ci.yml", 2),
      branch: fc.constantFrom(...BRANCHES),
      event: fc.constantFrom(...EVENTS),
      status: fc.constantFrom("success", "failure", "cancelled", "in_progress", "any"),
      headSha: fc.constantFrom(...SHAS),
      pullRequest: fc.constant(7),
    },
    { requiredKeys: [] },
  );
  // note: at most three filters at once, so that most worlds hold several matching runs to choose among.
  const fewFilters = filters.map((f) => Object.fromEntries(Object.entries(f).slice(0, 3)));
  const naming = fc.oneof(
    fc.record({ name: fc.constantFrom(...NAMES) }),
    fc.record({ pattern: fc.constantFrom("dist-*", "*s") }),
  );
  const selector = fc.tuple(fewFilters, naming).map(([f, n]) => ({ ...f, ...n }) as Partial<ArtifactSelector>);

  type RunSpec = typeof runSpec extends fc.Arbitrary<infer T> ? T : never;

  function worldOf(specs: RunSpec[]): RunWorld {
    const runs = specs.map((spec, i) =>
      wireRun(i + 1, {
        workflow_id: spec.workflow,
        path: spec.workflow === 1 ? ".github/workflows/ci.yml" : ".github/workflows/other.yml",
        head_branch: spec.branch,
        event: spec.event,
        head_sha: spec.sha,
        status: spec.result === "running" ? "in_progress" : "completed",
        conclusion: spec.result === "running" ? null : spec.result,
        pull_requests: spec.pr ? [pullRequest(7)] : [],
        created_at: new Date(Date.UTC(2024, 0, 1, 0, spec.minute)).toISOString(),
      }),
    );
    const artifacts = specs.flatMap((spec, i) =>
      spec.artifacts.map((a, j) => runArtifact((i + 1) * 10 + j, runs[i] as WorkflowRun, a)),
    );
    return {
      workflows: [
        { id: 1, file: "ci.yml" },
        { id: 2, file: "other.yml" },
      ],
      runs,
      artifacts,
    };
  }

  /** The oracle, from the selector's definition, over the whole world at once. */
  function expected(world: RunWorld, s: Partial<ArtifactSelector>) {
    const nameOk = (n: string) =>
      s.name !== undefined ? n === s.name : s.pattern === "dist-*" ? n.startsWith("dist-") : n.endsWith("s");
    const viaRuns =
      s.workflow !== undefined || s.event !== undefined || s.pullRequest !== undefined || (s.status ?? "any") !== "any";
    const newest = (a: { id: number; created_at: string | null }, b: { id: number; created_at: string | null }) =>
      Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? "") || b.id - a.id;
    const live = (a: WireArtifact) => !a.expired && nameOk(a.name);
    if (!viaRuns) {
      return world.artifacts
        .filter(live)
        .filter((a) => s.branch === undefined || a.workflow_run?.head_branch === s.branch)
        .filter((a) => s.headSha === undefined || a.workflow_run?.head_sha === s.headSha)
        .sort(newest)[0];
    }
    const status = s.status === "any" ? undefined : (s.status ?? "success");
    const runs = world.runs
      .filter((r) => s.workflow === undefined || r.workflow_id === (s.workflow === "ci.yml" ? 1 : s.workflow))
      .filter((r) => s.branch === undefined || r.head_branch === s.branch)
      .filter((r) => s.event === undefined || r.event === s.event)
      .filter((r) => s.headSha === undefined || r.head_sha === s.headSha)
      .filter((r) => s.pullRequest === undefined || r.pull_requests?.some((p) => p.number === s.pullRequest))
      .filter((r) => status === undefined || (status === "in_progress" ? r.status : r.conclusion) === status)
      .sort(newest);
    for (const run of runs) {
      const found = world.artifacts.filter((a) => a.workflow_run?.id === run.id && live(a)).sort(newest);
      if (found.length > 0) return found[0];
    }
    return undefined;
  }

  it("holds for findLatestArtifact and findArtifacts over random worlds and selectors", async () => {
    const { gh, load } = await start({ workflows: [], runs: [], artifacts: [] });
    await fc.assert(
      fc.asyncProperty(
        fc.array(runSpec, { minLength: 5, maxLength: 45, size: "medium" }),
        selector,
        async (specs, s) => {
          const world = worldOf(specs);
          load(world);
          const params = { ...repo, ...s, maxRequests: 1000 } as never;
          const want = expected(world, s);
          const latest = await findLatestArtifact(gh, params);
          expect(latest?.id).toBe(want?.id);
          const all = await findArtifacts(gh, params);
          expect(all[0]?.id).toBe(want?.id);
          const run = world.runs.find((r) => r.id === latest?.workflow_run?.id);
          for (const a of all) expect(a.workflow_run?.id).toBe(run?.id);
          // never from a run of another result than the one asked for (success when runs are read)
          if (run && s.status !== undefined && s.status !== "any") {
            expect(s.status === "in_progress" ? run.status : run.conclusion).toBe(s.status);
          }
          if (run && (s.workflow !== undefined || s.event !== undefined || s.pullRequest !== undefined) && !s.status) {
            expect(run.conclusion).toBe("success");
          }
        },
      ),
      { numRuns: 200 },
    );
    // note: 200 worlds built and queried over loopback, waiting on nothing but the work: on a loaded machine it may
    // take several times its usual second or two.
  }, 60_000);
});
