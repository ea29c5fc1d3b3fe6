import { describe, expect, it } from "vitest";
import { daysAgo, runCli } from "./run-cli.js";
import { type FakeGitHub, type RunSeed, startWorld } from "./start-world.js";

let fake: FakeGitHub | undefined;

describe("gh-artifacts list", () => {
  it("prints a table (id, name, size, age, expiry, branch, short digest) and a totals line", async () => {
    fake = await startWorld([
      { id: 2, name: "build", createdAt: daysAgo(3) },
      { id: 1, name: "logs", createdAt: daysAgo(100), expired: true, branch: null, digest: null },
    ]);
    const { code, stdout, stderr } = await runCli(["list", "octo/repo"], { env: fake!.env });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+NAME\s+SIZE\s+CREATED\s+EXPIRES\s+BRANCH\s+DIGEST$/);
    const build = fake.json(2);
    expect(lines[1]).toMatch(
      new RegExp(
        `^ 2\\s+build\\s+${build.size_in_bytes} B\\s+3d ago\\s+in 87d\\s+main\\s+${build.digest!.slice(7, 19)}$`,
      ),
    );
    expect(lines[2]).toMatch(/^ 1\s+logs\s+\d+ B\s+100d ago\s+expired\s+-\s+-$/);
    expect(lines[3]).toBe(`2 artifacts (1 expired), ${build.size_in_bytes} B in storage`);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /repos/octo/repo/actions/artifacts"]);
  });

  it("prints GitHub's artifact objects as a JSON array with --json", async () => {
    fake = await startWorld([
      { id: 5, name: "a", createdAt: daysAgo(1) },
      { id: 6, name: "b", createdAt: daysAgo(2) },
    ]);
    const { code, stdout } = await runCli(["list", "octo/repo", "--json"], { env: fake!.env });
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed).toEqual([6, 5].map((id) => fake!.json(id)));
  });

  it("lists every page (GitHub sends at most 100 a page)", async () => {
    fake = await startWorld(
      Array.from({ length: 130 }, (_, i) => ({ id: i + 1, name: `n${i % 3}`, createdAt: daysAgo(i % 10) })),
    );
    const { code, stdout } = await runCli(["list", "octo/repo", "--json"], { env: fake!.env });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveLength(130);
    expect(fake.requests.filter((r) => r.method === "GET")).toHaveLength(2);
  });

  it("asks GitHub for one name with --name and for one run's artifacts with --run-id", async () => {
    fake = await startWorld([
      { id: 1, name: "build", createdAt: daysAgo(1), runId: 77 },
      { id: 2, name: "logs", createdAt: daysAgo(1), runId: 77 },
      { id: 3, name: "build", createdAt: daysAgo(1), runId: 78 },
    ]);
    const byName = await runCli(["list", "octo/repo", "--name", "build", "--json"], { env: fake!.env });
    expect(JSON.parse(byName.stdout).map((a: { id: number }) => a.id)).toEqual([3, 1]);
    expect(fake.requests[0]!.query.get("name")).toBe("build");
    const byRun = await runCli(["list", "octo/repo", "--run-id", "77", "--json"], { env: fake!.env });
    expect(JSON.parse(byRun.stdout).map((a: { id: number }) => a.id)).toEqual([2, 1]);
    expect(fake.requests[1]!.path).toBe("/repos/octo/repo/actions/runs/77/artifacts");
  });

  it("says 0 artifacts for an empty repository", async () => {
    fake = await startWorld([]);
    const { code, stdout } = await runCli(["list", "octo/repo"], { env: fake!.env });
    expect(code).toBe(0);
    expect(stdout).toBe("0 artifacts, 0 B in storage\n");
  });

  it("shows names from the server without their control characters", async () => {
    fake = await startWorld([{ id: 1, name: "evil\u001b[31mred", createdAt: daysAgo(1) }]);
    const { stdout } = await runCli(["list", "octo/repo"], { env: fake!.env });
    expect(stdout).toContain("evil?[31mred");
    expect(stdout).not.toContain("\u001b");
  });

  it.each([
    [["list", "octo/repo", "--run-id", "0"], "--run-id must be a whole number >= 1"],
    [["list", "octo/repo", "--run-id", "12abc"], "--run-id must be a whole number >= 1"],
    [["list", "octo"], "OWNER/REPO must be an owner and a repository name"],
    [["list", "bad-/repo"], "Invalid owner"],
    [["list", "octo/repo", "--name", "a/b"], "Invalid name"],
  ])("refuses %j before any request", async (argv, message) => {
    fake = await startWorld([]);
    const { code, stderr, stdout } = await runCli(argv, { env: fake!.env });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(fake.requests).toEqual([]);
  });
});

describe("gh-artifacts list with a selector", () => {
  const runs: RunSeed[] = [
    { id: 301, workflow: "ci.yml", createdAt: daysAgo(3) },
    { id: 302, workflow: "ci.yml", result: "failure", createdAt: daysAgo(1) },
  ];
  const seeds = [
    { id: 31, name: "dist-linux", runId: 301, createdAt: daysAgo(3) },
    { id: 32, name: "dist-macos", runId: 301, createdAt: daysAgo(3) },
    { id: 33, name: "coverage", runId: 301, createdAt: daysAgo(3) },
    { id: 34, name: "dist-linux", runId: 302, createdAt: daysAgo(1) },
  ];

  it("lists what the selector picks: the matches of the newest matching run, and says which run", async () => {
    fake = await startWorld(seeds, { runs });
    const { code, stdout, stderr } = await runCli(
      ["list", "octo/repo", "--workflow", "ci.yml", "--branch", "main", "--pattern", "dist-*"],
      { env: fake!.env },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines.slice(1, -1).map((l) => l.trim().split(/\s+/)[1])).toEqual(["dist-macos", "dist-linux"]);
    expect(lines.at(-1)).toMatch(/^2 artifacts, .* in storage, of run 301$/);
    const failed = await runCli(["list", "octo/repo", "--workflow", "ci.yml", "--status", "failure", "--json"], {
      env: fake!.env,
    });
    expect(JSON.parse(failed.stdout).map((a: { id: number }) => a.id)).toEqual([34]);
  });

  it("refuses a bad selector value before any request, naming the flag (exit 2)", async () => {
    fake = await startWorld(seeds, { runs });
    const { code, stderr } = await runCli(["list", "octo/repo", "--event", "Push!"], { env: fake!.env });
    expect(code).toBe(2);
    expect(stderr).toContain("--event must be an event name");
    expect(fake.requests).toEqual([]);
  });
});
