import { planArtifactCleanup } from "@gh-artifacts/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DAY, daysAgo, NOW, runCli } from "./run-cli.js";
import { type ArtifactSeed, type FakeGitHub, startWorld } from "./start-world.js";

let fake: FakeGitHub | undefined;
// note: the pauses between deletions run on the fake clock, which `runCli` moves past each one as it starts.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterEach(() => {
  vi.useRealTimers();
});

const deletes = () => fake!.requests.filter((r) => r.method === "DELETE").map((r) => Number(r.path.split("/").at(-1)));
/**
 * Another process spends the rate limit while prune runs: the second DELETE (#2) meets a spent window, which resets
 * an hour later by the world's clock (the CLI's NOW), longer than the client's retries wait. (A limit that the
 * headers show running out is a clean stop at the reserve instead, tested with many repositories.)
 */
const spendBudgetAtSecondDelete = () => {
  fake!.intercept = (request, next) => {
    if (request.method === "DELETE" && request.url.endsWith("/2")) fake!.world.behave({ rateLimit: { remaining: 0 } });
    return next(request);
  };
};

/** Two names on two branches and one without a run, over 12 days; two expired. */
const seeds: ArtifactSeed[] = [
  ...[1, 2, 3, 4, 5].map((id) => ({ id, name: "build", branch: "main", createdAt: daysAgo(13 - id) })),
  ...[6, 7, 8].map((id) => ({ id, name: "build", branch: "dev", createdAt: daysAgo(14 - id) })),
  { id: 9, name: "logs", branch: null, createdAt: daysAgo(20) },
  { id: 10, name: "logs", branch: null, createdAt: daysAgo(30), expired: true },
  { id: 11, name: "build", branch: "main", createdAt: daysAgo(40), expired: true },
  { id: 12, name: "build", branch: "main", createdAt: daysAgo(0.1) },
];
const POLICY = ["--keep-latest", "2", "--older-than", "7d"];

describe("gh-artifacts prune", () => {
  it("prints the plan of the groups with deletions, a count of the others, the total; --dry-run sends no DELETE", async () => {
    fake = await startWorld(seeds);
    const { code, stdout, stderr } = await runCli(["prune", "octo/repo", ...POLICY, "--dry-run"], { env: fake!.env });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const size = (ids: number[]) => ids.reduce((sum, id) => sum + fake!.world.artifact(id)!.bytes.byteLength, 0);
    expect(stdout).toBe(
      [
        `Policy: keep the newest 2 per name and branch, delete the others older than 7d (created before ${new Date(NOW - 7 * DAY).toISOString()}).`,
        "",
        "NAME   BRANCH  KEEP  DELETE  FREES",
        `build  dev        2       1  ${size([6])} B`,
        `build  main       2       4  ${size([1, 2, 3, 4])} B`,
        "1 other group has nothing to delete.",
        "Skipped: 2 expired.",
        `Total: delete 5 of 12 artifacts, freeing ${size([1, 2, 3, 4, 6])} B (expired ones free nothing); keep 5.`,
        "Dry run: nothing was deleted.",
        "",
      ].join("\n"),
    );
    expect(deletes()).toEqual([]);
    expect(fake.world.artifacts()).toHaveLength(12);
  });

  it("deletes exactly the planned set, oldest first, one at a time with --pace between", async () => {
    fake = await startWorld(seeds);
    const expected = planArtifactCleanup(
      fake.world.artifacts().map((a) => fake!.world.toJSON(a)),
      { keepLatest: 2, olderThanMs: 7 * DAY },
      NOW,
    ).delete.map((a) => a.id);
    // note: the order of events as the server and the fake clock saw them.
    const events: string[] = [];
    fake.intercept = (request, next) => {
      if (request.method === "DELETE") events.push(`DELETE ${request.url.split("/").at(-1)}`);
      return next(request);
    };
    const { code, stdout, sleeps } = await runCli(["prune", "octo/repo", ...POLICY, "--yes", "--pace", "1500ms"], {
      env: fake!.env,
      onSleep: (ms) => events.push(`sleep ${ms}`),
    });
    expect(code).toBe(0);
    expect(expected).toEqual([1, 2, 3, 4, 6]);
    expect(deletes()).toEqual(expected);
    expect(events).toEqual([
      "DELETE 1",
      "sleep 1500",
      "DELETE 2",
      "sleep 1500",
      "DELETE 3",
      "sleep 1500",
      "DELETE 4",
      "sleep 1500",
      "DELETE 6",
    ]);
    expect(sleeps).toEqual([1500, 1500, 1500, 1500]);
    expect(
      fake.world
        .artifacts()
        .map((a) => a.id)
        .sort((a, b) => a - b),
    ).toEqual([5, 7, 8, 9, 10, 11, 12]);
    expect(stdout).toContain("deleted       #1 build (main)\n");
    expect(stdout).toContain("deleted       #6 build (dev)\n");
    expect(stdout).toMatch(/Deleted 5 of 5 artifacts, \d+ B freed\.\n$/);
    // note: every request carried the token; the fake saw exactly the list and the five deletions.
    expect(new Set(fake.requests.map((r) => r.authorization))).toEqual(new Set(["token"]));
  });

  it("waits 1 s between deletions by default", async () => {
    fake = await startWorld(seeds);
    const { sleeps } = await runCli(["prune", "octo/repo", ...POLICY, "--yes"], { env: fake!.env });
    expect(sleeps).toEqual([1000, 1000, 1000, 1000]);
  });

  it("reports a refused delete (403) with its reason, deletes the others, then exits 1", async () => {
    fake = await startWorld(seeds);
    // note: the world refuses it as GitHub refuses a token without the permission.
    fake.world.updateArtifact(2, { deletable: false });
    const { code, stdout } = await runCli(["prune", "octo/repo", ...POLICY, "--yes"], { env: fake!.env });
    expect(code).toBe(1);
    expect(deletes()).toEqual([1, 2, 3, 4, 6]);
    expect(fake.world.artifact(2)).toBeDefined();
    expect(stdout).toContain(
      "failed        #2 build (main): GitHub answered 403 for DELETE " +
        `${fake.url}/repos/octo/repo/actions/artifacts/2: Resource not accessible by personal access token ` +
        "(the token may lack a permission: deleting needs actions: write)\n",
    );
    expect(stdout).toMatch(/Deleted 4 of 5 artifacts, \d+ B freed; 1 failed\.\n$/);
  });

  it("counts a 404 as already gone, not as a failure", async () => {
    fake = await startWorld(seeds);
    fake.intercept = (request, next) => {
      // note: someone else deletes #3 between the list and our DELETE.
      if (request.method === "DELETE" && request.url.endsWith("/2")) fake!.world.deleteArtifact(3);
      return next(request);
    };
    const { code, stdout } = await runCli(["prune", "octo/repo", ...POLICY, "--yes"], { env: fake!.env });
    expect(code).toBe(0);
    expect(stdout).toContain("already gone  #3 build (main)\n");
    expect(stdout).toMatch(/Deleted 4 of 5 artifacts, \d+ B freed; 1 already gone\.\n$/);
  });

  it("stops at a rate limit that outlasts the client's retries and leaves the rest for the next run", async () => {
    fake = await startWorld(seeds);
    spendBudgetAtSecondDelete();
    const { code, stdout } = await runCli(["prune", "octo/repo", ...POLICY, "--yes"], { env: fake!.env });
    expect(code).toBe(1);
    expect(deletes()).toEqual([1, 2]);
    expect(stdout).toMatch(
      /Deleted 1 of 5 artifacts, \d+ B freed; 1 failed; 3 not attempted after the rate limit\.\n$/,
    );
  });

  it("without --yes refuses when not on a terminal, after showing the plan, and deletes nothing", async () => {
    fake = await startWorld(seeds);
    const { code, stdout, stderr } = await runCli(["prune", "octo/repo", ...POLICY], { env: fake!.env });
    expect(code).toBe(2);
    expect(stdout).toContain("Total: delete 5 of 12 artifacts");
    expect(stderr).toBe(
      "gh-artifacts: error: --yes is required to delete 5 artifacts when not on a terminal (see gh-artifacts prune --help)\n",
    );
    expect(deletes()).toEqual([]);
  });

  it("without --yes asks on a terminal: yes deletes, anything else does not", async () => {
    fake = await startWorld(seeds);
    const no = await runCli(["prune", "octo/repo", ...POLICY], { env: fake!.env, isTTY: true, input: "n\n" });
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/^Delete 5 artifacts \(\d+ B\) from octo\/repo\? \[y\/N\] $/);
    expect(no.stdout).toMatch(/Nothing was deleted\.\n$/);
    expect(deletes()).toEqual([]);
    const eof = await runCli(["prune", "octo/repo", ...POLICY], { env: fake!.env, isTTY: true });
    expect(eof.code).toBe(1);
    expect(deletes()).toEqual([]);
    const yes = await runCli(["prune", "octo/repo", ...POLICY], { env: fake!.env, isTTY: true, input: "yes\n" });
    expect(yes.code).toBe(0);
    expect(deletes()).toEqual([1, 2, 3, 4, 6]);
  });

  it("asks nothing and succeeds when there is nothing to delete", async () => {
    fake = await startWorld(seeds);
    const { code, stdout } = await runCli(["prune", "octo/repo", "--keep-latest", "10"], { env: fake!.env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/Total: delete 0 of 12 artifacts.*\nNothing to delete\.\n$/);
  });

  it("applies --name (asked of GitHub), --branch and --include-expired", async () => {
    fake = await startWorld(seeds);
    const { code } = await runCli(
      ["prune", "octo/repo", "--name", "build", "--branch", "main", "--older-than", "9d", "--include-expired", "--yes"],
      { env: fake!.env },
    );
    expect(code).toBe(0);
    expect(fake.requests[0]!.query.get("name")).toBe("build");
    // note: main's builds older than 9 days: #1, #2, #3 (12, 11, 10 days) and the expired #11 (40 days), oldest first.
    expect(deletes()).toEqual([11, 1, 2, 3]);
  });

  it.each([
    [[], "--keep-latest or --older-than is required"],
    [["--keep-latest", "-1"], "--keep-latest needs a value"],
    [["--keep-latest", "two"], "--keep-latest must be a whole number >= 0"],
    [["--older-than", "7 days"], "Invalid --older-than: must be a whole number followed by ms, s, m, h, d or w"],
    [["--older-than", "7d", "--pace", "fast"], "Invalid --pace"],
    [["--older-than", "7d", "--pace", "25d"], "--pace must be at most 24d"],
    [["--older-than", "7d", "--branch", ""], "--branch must not be empty"],
  ])("refuses %j before any request (exit 2)", async (flags, message) => {
    fake = await startWorld(seeds);
    const { code, stderr } = await runCli(["prune", "octo/repo", ...flags, "--yes"], { env: fake!.env });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(fake.requests).toEqual([]);
  });

  it("needs a token to delete, but not for a dry run", async () => {
    fake = await startWorld(seeds);
    const real = await runCli(["prune", "octo/repo", ...POLICY, "--yes"], { env: { GITHUB_API_URL: fake.url } });
    expect(real.code).toBe(2);
    expect(real.stderr).toContain("GITHUB_TOKEN or GH_TOKEN must hold a token to delete");
    expect(fake.requests).toEqual([]);
    const dry = await runCli(["prune", "octo/repo", ...POLICY, "--dry-run"], { env: { GITHUB_API_URL: fake.url } });
    expect(dry.code).toBe(0);
    expect(fake.requests.map((r) => r.authorization)).toEqual(["none"]);
  });

  describe("--json", () => {
    /** Every line of stdout belongs to one JSON document. */
    const parse = (stdout: string) => JSON.parse(stdout) as Record<string, any>;

    it("with --dry-run prints the plan as one JSON document and nothing else, with no outcome", async () => {
      fake = await startWorld(seeds);
      const { code, stdout, stderr } = await runCli(["prune", "octo/repo", ...POLICY, "--dry-run", "--json"], {
        env: fake!.env,
      });
      expect(code).toBe(0);
      expect(stderr).toBe("");
      expect(stdout.endsWith("}\n")).toBe(true);
      const document = parse(stdout);
      const size = (list: number[]) => list.reduce((sum, id) => sum + fake!.world.artifact(id)!.bytes.byteLength, 0);
      expect(document).toEqual({
        repository: "octo/repo",
        policy: { keepLatest: 2, olderThanMs: 7 * DAY, includeExpired: false },
        cutoff: new Date(NOW - 7 * DAY).toISOString(),
        considered: 12,
        dryRun: true,
        plan: {
          totals: { count: 5, bytes: size([1, 2, 3, 4, 6]), kept: 5, skipped: 2 },
          groups: [
            { name: "build", branch: "dev", keep: [8, 7], delete: [6], bytes: size([6]) },
            { name: "build", branch: "main", keep: [12, 5], delete: [4, 3, 2, 1], bytes: size([1, 2, 3, 4]) },
            { name: "logs", branch: null, keep: [9], delete: [], bytes: 0 },
          ],
          skipped: [
            { id: 10, reason: "expired" },
            { id: 11, reason: "expired" },
          ],
          delete: [1, 2, 3, 4, 6].map((id) => expect.objectContaining({ id, name: "build" })),
        },
        outcome: null,
      });
      expect(deletes()).toEqual([]);
    });

    it("after a run adds the outcome: deleted, gone, failed with the reason, bytes freed; progress goes to stderr", async () => {
      fake = await startWorld(seeds);
      // note: someone else deletes #3 meanwhile; #2 is refused.
      fake.world.updateArtifact(2, { deletable: false });
      fake.intercept = (request, next) => {
        if (request.method === "DELETE" && request.url.endsWith("/1")) fake!.world.deleteArtifact(3);
        return next(request);
      };
      const freed = [1, 4, 6].reduce((sum, id) => sum + fake!.world.artifact(id)!.bytes.byteLength, 0);
      const { code, stdout, stderr, sleeps } = await runCli(["prune", "octo/repo", ...POLICY, "--yes", "--json"], {
        env: fake!.env,
      });
      expect(code).toBe(1);
      expect(sleeps).toEqual([1000, 1000, 1000, 1000]);
      const document = parse(stdout);
      expect(document.dryRun).toBe(false);
      expect(document.outcome).toEqual({
        deleted: [1, 4, 6],
        gone: [3],
        failed: [
          {
            id: 2,
            reason:
              `GitHub answered 403 for DELETE ${fake.url}/repos/octo/repo/actions/artifacts/2: Resource not accessible by personal access token ` +
              "(the token may lack a permission: deleting needs actions: write)",
          },
        ],
        notAttempted: [],
        bytesFreed: freed,
        stopped: null,
      });
      expect(stderr).toContain("deleted       #1 build (main)\n");
      expect(stderr).toContain("already gone  #3 build (main)\n");
      expect(stderr).toContain("failed        #2 build (main): GitHub answered 403");
    });

    it("after a rate limit lists the rest as not attempted", async () => {
      fake = await startWorld(seeds);
      spendBudgetAtSecondDelete();
      const { code, stdout } = await runCli(["prune", "octo/repo", ...POLICY, "--yes", "--json"], { env: fake!.env });
      expect(code).toBe(1);
      const { outcome } = parse(stdout);
      expect(outcome).toMatchObject({ deleted: [1], gone: [], notAttempted: [3, 4, 6], stopped: "rate-limit" });
      expect(outcome.failed).toEqual([{ id: 2, reason: expect.stringContaining("API rate limit exceeded") }]);
      expect(deletes()).toEqual([1, 2]);
    });

    it("with nothing to delete the outcome is empty, and the exit code 0", async () => {
      fake = await startWorld(seeds);
      const { code, stdout, stderr } = await runCli(["prune", "octo/repo", "--keep-latest", "10", "--json"], {
        env: fake!.env,
      });
      expect(code).toBe(0);
      expect(stderr).toBe("");
      expect(parse(stdout).outcome).toEqual({
        deleted: [],
        gone: [],
        failed: [],
        notAttempted: [],
        bytesFreed: 0,
        stopped: null,
      });
    });

    it("a question answered no: the plan with no outcome on stdout, exit 1", async () => {
      fake = await startWorld(seeds);
      const { code, stdout, stderr } = await runCli(["prune", "octo/repo", ...POLICY, "--json"], {
        env: fake!.env,
        isTTY: true,
        input: "n\n",
      });
      expect(code).toBe(1);
      expect(parse(stdout)).toMatchObject({ dryRun: false, outcome: null, plan: { totals: { count: 5 } } });
      expect(stderr).toMatch(/\[y\/N\] Nothing was deleted\.\n$/);
      expect(deletes()).toEqual([]);
    });

    it("without --yes off a terminal prints nothing on stdout (exit 2)", async () => {
      fake = await startWorld(seeds);
      const { code, stdout, stderr } = await runCli(["prune", "octo/repo", ...POLICY, "--json"], { env: fake!.env });
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain("--yes is required");
    });
  });
});
