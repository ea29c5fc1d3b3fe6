import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { daysAgo, runCli, tempDir } from "./run-cli.js";
import { type ArtifactSeed, type FakeGitHub, type RunSeed, startWorld } from "./start-world.js";

let fake: FakeGitHub | undefined;
let dir: string;
beforeEach(async () => {
  dir = await tempDir("gh-artifacts-cli-");
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Several "build" artifacts over branches and ages: the newest on main has expired. */
const builds: ArtifactSeed[] = [
  { id: 10, name: "build", branch: "main", createdAt: daysAgo(5), runId: 501 },
  { id: 11, name: "build", branch: "dev", createdAt: daysAgo(3), runId: 502 },
  { id: 12, name: "build", branch: "main", createdAt: daysAgo(2), runId: 503 },
  { id: 13, name: "build", branch: "main", createdAt: daysAgo(1), runId: 504, expired: true },
  { id: 14, name: "logs", branch: "main", createdAt: daysAgo(0.5), runId: 504 },
];

/**
 * ci.yml's runs on main, oldest first: 201 success (dist-linux, dist-macos, coverage), 202 failure (dist-linux) and
 * 203 in progress (dist-linux, being uploaded), plus 204, a successful run of release.yml on main, and 205, a
 * successful ci.yml run of a pull request's branch.
 */
const runs: RunSeed[] = [
  { id: 201, workflow: "ci.yml", createdAt: daysAgo(3), headSha: "a".repeat(40) },
  { id: 202, workflow: "ci.yml", result: "failure", createdAt: daysAgo(2) },
  { id: 203, workflow: "ci.yml", result: "in_progress", createdAt: daysAgo(1) },
  { id: 204, workflow: "release.yml", createdAt: daysAgo(0.5) },
  { id: 205, workflow: "ci.yml", branch: "feature", event: "pull_request", pullRequests: [9], createdAt: daysAgo(0.2) },
];
const runArtifacts: ArtifactSeed[] = [
  { id: 21, name: "dist-linux", runId: 201, createdAt: daysAgo(3), files: { tool: "201" } },
  { id: 22, name: "dist-macos", runId: 201, createdAt: daysAgo(3), files: { tool: "201 mac" } },
  { id: 23, name: "coverage", runId: 201, createdAt: daysAgo(3) },
  { id: 24, name: "dist-linux", runId: 202, createdAt: daysAgo(2), files: { tool: "202" } },
  { id: 25, name: "dist-linux", runId: 203, createdAt: daysAgo(1), files: { tool: "203" } },
  { id: 26, name: "dist-linux", runId: 204, createdAt: daysAgo(0.5), files: { tool: "204" } },
  { id: 27, name: "dist-linux", runId: 205, branch: "feature", createdAt: daysAgo(0.2), files: { tool: "205" } },
];

describe("gh-artifacts download with a selector", () => {
  it("takes the latest successful ci.yml build on main, past a newer failed run and a running one", async () => {
    fake = await startWorld(runArtifacts, { runs });
    const { code, stdout, stderr } = await runCli(
      [
        "download",
        "octo/repo",
        "--workflow",
        "ci.yml",
        "--branch",
        "main",
        "--name",
        "dist-linux",
        "--out",
        dir,
        "--json",
      ],
      { env: fake!.env },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      id: 21,
      name: "dist-linux",
      path: join(dir, "dist-linux.zip"),
      verified: true,
    });
    expect(await readFile(join(dir, "dist-linux.zip"))).toEqual(fake.bytesOf(21));
    const runsAsked = fake.requests.find((r) => r.path === "/repos/octo/repo/actions/workflows/ci.yml/runs")!;
    expect(Object.fromEntries(runsAsked.query)).toMatchObject({ branch: "main", status: "success" });
    // note: the failed (202) and the running (203) run were never listed for artifacts.
    expect(fake.requests.map((r) => r.path)).not.toContain("/repos/octo/repo/actions/runs/202/artifacts");
    // note: one download, of 21, and the token went to the API only.
    expect(fake.storageRequests.map((r) => [r.path, r.authorization, r.status])).toEqual([
      ["/artifacts/21.zip", "none", 200],
    ]);
  });

  it("--status, --event, --pr, --sha and --pattern narrow the choice", async () => {
    fake = await startWorld(runArtifacts, { runs });
    const pick = async (...flags: string[]) => {
      const { code, stdout, stderr } = await runCli(["download", "octo/repo", ...flags, "--out", dir, "--json"], {
        env: fake!.env,
      });
      expect(stderr).toBe("");
      expect(code).toBe(0);
      return JSON.parse(stdout).id;
    };
    expect(await pick("--workflow", "ci.yml", "--branch", "main", "--name", "dist-linux", "--status", "failure")).toBe(
      24,
    );
    expect(await pick("--workflow", "ci.yml", "--name", "dist-linux", "--status", "any")).toBe(27);
    expect(await pick("--event", "pull_request", "--name", "dist-linux")).toBe(27);
    expect(await pick("--pr", "9", "--pattern", "dist-*")).toBe(27);
    // note: the newest successful dist-linux is 27 (run 205); the SHA of run 201 takes its own.
    expect(await pick("--sha", "a".repeat(40), "--pattern", "dist-l*")).toBe(21);
    const ciId = String(fake.world.workflowRun(201)?.workflowId);
    expect(await pick("--workflow", ciId, "--branch", "main", "--pattern", "*-macos")).toBe(22);
  });

  it("--all takes every match of the newest matching run, each in its own place", async () => {
    fake = await startWorld(runArtifacts, { runs });
    const { code, stdout, stderr } = await runCli(
      [
        "download",
        "octo/repo",
        "--workflow",
        "ci.yml",
        "--branch",
        "main",
        "--pattern",
        "dist-*",
        "--all",
        "--out",
        dir,
        "--extract",
      ],
      { env: fake!.env },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(`Downloaded 2 of 2 artifacts of run 201 to ${dir}`);
    expect((await readdir(dir)).sort()).toEqual(["dist-linux", "dist-linux.zip", "dist-macos", "dist-macos.zip"]);
    expect(await readFile(join(dir, "dist-macos", "tool"), "utf8")).toBe("201 mac");
    const json = await runCli(
      [
        "download",
        "octo/repo",
        "--workflow",
        "ci.yml",
        "--branch",
        "main",
        "--all",
        "--out",
        join(dir, "all"),
        "--json",
      ],
      { env: fake!.env },
    );
    const printed = JSON.parse(json.stdout);
    expect(printed.run_id).toBe(201);
    // note: newest first, as the client's findArtifacts gives them (ties by the larger id).
    expect(printed.downloaded.map((d: { id: number; fileName: string }) => [d.id, d.fileName])).toEqual([
      [23, "coverage.zip"],
      [22, "dist-macos.zip"],
      [21, "dist-linux.zip"],
    ]);
    expect(printed.failed).toEqual([]);
  });

  it("--all: one failed download is reported (exit 1), the others are written", async () => {
    const seeds = runArtifacts.map((a) => (a.id === 22 ? { ...a, digest: `sha256:${"0".repeat(64)}` } : a));
    fake = await startWorld(seeds, { runs });
    const { code, stdout, stderr } = await runCli(["download", "octo/repo", "--run-id", "201", "--all", "--out", dir], {
      env: fake!.env,
    });
    expect(code).toBe(1);
    expect(stdout.split("\n")[0]).toBe(`Downloaded 2 of 3 artifacts of run 201 to ${dir}`);
    expect(stderr).toMatch(
      /^gh-artifacts: error: dist-macos \(id 22\): Digest mismatch: .* \(the file was not kept\)\n$/,
    );
    expect((await readdir(dir)).sort()).toEqual(["coverage.zip", "dist-linux.zip"]);
  });

  it("--extract without --force refuses a folder that holds files, for that artifact alone", async () => {
    fake = await startWorld(runArtifacts, { runs });
    await runCli(
      ["download", "octo/repo", "--run-id", "201", "--pattern", "dist-*", "--all", "--out", dir, "--extract"],
      {
        env: fake!.env,
      },
    );
    const again = await runCli(
      ["download", "octo/repo", "--run-id", "201", "--pattern", "dist-*", "--all", "--out", dir, "--extract"],
      { env: fake!.env },
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("dist-linux (id 21): --extract would write into");
    const forced = await runCli(
      [
        "download",
        "octo/repo",
        "--run-id",
        "201",
        "--pattern",
        "dist-*",
        "--all",
        "--out",
        dir,
        "--extract",
        "--force",
      ],
      { env: fake!.env },
    );
    expect(forced.code).toBe(0);
  });

  it("says what it looked for when nothing matches, and stops at --max-requests", async () => {
    fake = await startWorld(runArtifacts, { runs });
    const none = await runCli(
      ["download", "octo/repo", "--workflow", "release.yml", "--name", "dist-macos", "--out", dir],
      { env: fake!.env },
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      'gh-artifacts: error: no artifact named "dist-macos" from release.yml (success runs) in octo/repo that has not expired\n',
    );
    const before = fake.requests.length;
    const bounded = await runCli(
      [
        "download",
        "octo/repo",
        "--workflow",
        "ci.yml",
        "--name",
        "nope",
        "--status",
        "any",
        "--max-requests",
        "2",
        "--out",
        dir,
      ],
      { env: fake!.env },
    );
    expect(bounded.code).toBe(1);
    expect(bounded.stderr).toContain("Selection stopped at maxRequests (2)");
    expect(fake.requests.slice(before).map((r) => r.path)).toEqual([
      "/repos/octo/repo/actions/workflows/ci.yml/runs",
      "/repos/octo/repo/actions/runs/205/artifacts",
    ]);
  });

  it("shows one progress line for several downloads on a terminal", async () => {
    fake = await startWorld(runArtifacts, { runs });
    const tty = await runCli(["download", "octo/repo", "--run-id", "201", "--all", "--out", dir], {
      env: fake!.env,
      isTTY: true,
    });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain("Downloading 3 artifacts 100% (");
    expect(tty.stderr).toContain("3 of 3 done");
    expect(tty.stderr.endsWith("\r\u001b[2K")).toBe(true);
  });
});

describe("gh-artifacts download", () => {
  it("--id writes DIR/NAME.zip with the served bytes and prints path, bytes, SHA-256 and verified", async () => {
    fake = await startWorld(builds);
    const out = join(dir, "new", "folder");
    const { code, stdout, stderr } = await runCli(["download", "octo/repo", "--id", "11", "--out", out], {
      env: fake!.env,
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const zip = fake.bytesOf(11);
    const file = join(out, "build.zip");
    expect(await readFile(file)).toEqual(zip);
    expect(stdout).toBe(
      [
        `Downloaded build (id 11) to ${file}`,
        "  kind      zip archive",
        `  bytes     ${zip.byteLength} (${zip.byteLength} B)`,
        `  sha256    ${sha256(zip)}`,
        "  verified  yes: it matches the artifact's digest",
        "",
      ].join("\n"),
    );
    // note: the token went to the API only; storage got none.
    expect(fake.storageRequests.map((r) => [r.path, r.authorization, r.status])).toEqual([
      ["/artifacts/11.zip", "none", 200],
    ]);
  });

  it("--name --latest takes the newest artifact of that name that has not expired", async () => {
    fake = await startWorld(builds);
    const { code, stdout } = await runCli(
      ["download", "octo/repo", "--name", "build", "--latest", "--out", dir, "--json"],
      {
        env: fake!.env,
      },
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ id: 12, name: "build", path: join(dir, "build.zip"), verified: true });
    expect(result.sha256).toBe(sha256(fake.bytesOf(12)));
    expect(fake.requests[0]!.query.get("name")).toBe("build");
  });

  it("--branch and --run-id narrow the choice", async () => {
    fake = await startWorld(builds);
    const dev = await runCli(
      ["download", "octo/repo", "--name", "build", "--branch", "dev", "--latest", "--out", dir, "--json"],
      {
        env: fake!.env,
      },
    );
    expect(JSON.parse(dev.stdout).id).toBe(11);
    const run = await runCli(
      ["download", "octo/repo", "--name", "build", "--run-id", "501", "--latest", "--out", dir, "--json"],
      {
        env: fake!.env,
      },
    );
    expect(JSON.parse(run.stdout).id).toBe(10);
    expect(fake.requests.some((r) => r.path === "/repos/octo/repo/actions/runs/501/artifacts")).toBe(true);
  });

  it("says clearly when nothing matches, or when every match has expired, and writes nothing", async () => {
    fake = await startWorld(builds);
    const none = await runCli(
      ["download", "octo/repo", "--name", "build", "--branch", "gone", "--latest", "--out", dir],
      {
        env: fake!.env,
      },
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('gh-artifacts: error: no artifact named "build" on branch "gone" in octo/repo\n');
    const expired = await runCli(
      ["download", "octo/repo", "--name", "build", "--run-id", "504", "--latest", "--out", dir],
      {
        env: fake!.env,
      },
    );
    expect(expired.code).toBe(1);
    expect(expired.stderr).toContain('no artifact named "build" that has not expired (1 found, all expired)');
    const byId = await runCli(["download", "octo/repo", "--id", "13", "--out", dir], { env: fake!.env });
    expect(byId.code).toBe(1);
    expect(byId.stderr).toBe("gh-artifacts: error: artifact 13 (build) has expired: its archive is gone\n");
    expect(await readdir(dir)).toEqual([]);
    expect(fake.storageRequests).toEqual([]);
  });

  it("fails on a digest mismatch and leaves no file", async () => {
    fake = await startWorld([{ id: 1, name: "build", createdAt: daysAgo(1), digest: `sha256:${"0".repeat(64)}` }]);
    const { code, stderr } = await runCli(["download", "octo/repo", "--id", "1", "--out", dir], { env: fake!.env });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^gh-artifacts: error: Digest mismatch: expected sha256:0{64}, got sha256:[0-9a-f]{64} \(the file was not kept\)\n$/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("says verified: no when the artifact has no digest", async () => {
    fake = await startWorld([{ id: 1, name: "old", createdAt: daysAgo(1), digest: null }]);
    const { code, stdout } = await runCli(["download", "octo/repo", "--id", "1", "--out", dir], { env: fake!.env });
    expect(code).toBe(0);
    expect(stdout).toContain("  verified  no: the artifact has no digest\n");
  });

  it("--extract unzips into DIR/NAME/ after verification", async () => {
    fake = await startWorld([
      { id: 1, name: "site", createdAt: daysAgo(1), files: { "index.html": "<h1>hi</h1>", "css/a.css": "a{}" } },
    ]);
    const { code, stdout } = await runCli(["download", "octo/repo", "--id", "1", "--out", dir, "--extract"], {
      env: fake!.env,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`  extracted ${join(dir, "site")}\n`);
    expect(await readFile(join(dir, "site", "index.html"), "utf8")).toBe("<h1>hi</h1>");
    expect(await readFile(join(dir, "site", "css", "a.css"), "utf8")).toBe("a{}");
  });

  it("names the file after the artifact without letting the name pick the folder", async () => {
    fake = await startWorld([{ id: 7, name: "../../escape", createdAt: daysAgo(1) }]);
    const { code } = await runCli(["download", "octo/repo", "--id", "7", "--out", dir], { env: fake!.env });
    expect(code).toBe(0);
    expect(await readdir(dir)).toEqual(["__.._escape.zip"]);
  });

  it("shows progress on stderr only on a terminal", async () => {
    fake = await startWorld(builds);
    const piped = await runCli(["download", "octo/repo", "--id", "10", "--out", dir], { env: fake!.env });
    expect(piped.stderr).toBe("");
    const tty = await runCli(["download", "octo/repo", "--id", "10", "--out", dir], { env: fake!.env, isTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain(`Downloading build 100% (${fake.bytesOf(10).byteLength} B of`);
    expect(tty.stderr.endsWith("\r\u001b[2K")).toBe(true);
  });

  it.each([
    [["--id", "1", "--name", "x"], "--id and --name exclude each other"],
    [[], "--id or --name is required"],
    [["--name", "build", "--latest", "--all"], "--latest and --all exclude each other"],
    [["--name", "build", "--pattern", "b*"], "--name and --pattern exclude each other"],
    [["--id", "1", "--workflow", "ci.yml"], "--workflow goes with --name, not --id"],
    [["--id", "1", "--pattern", "b*"], "--id and --pattern exclude each other"],
    [["--all"], "--id or --name is required"],
    [["--name", "build", "--sha", "abc"], "--sha must be a full commit SHA"],
    [["--name", "build", "--status", "green"], '--status must be "any" or one of'],
    [["--name", "build", "--workflow", "ci"], "--workflow must be a workflow id"],
    [["--name", "build", "--pr", "x"], "--pr must be a whole number >= 1"],
    [["--name", "build", "--run-id", "5", "--workflow", "ci.yml"], "--run-id names one run"],
    [["--id", "1", "--branch", "main"], "--branch goes with --name, not --id"],
    [["--id", "x"], "--id must be a whole number >= 1"],
    [
      ["--name", "build", "--latest", "--run-id", "-3"],
      '--run-id needs a value (one starting with "-" is written --run-id=-VALUE)',
    ],
    [["--name", "build", "--latest", "--run-id=-3"], "--run-id must be a whole number >= 1"],
    [["--name"], "--name needs a value"],
    [["--json=yes", "--id", "1"], "--json takes no value"],
  ])("refuses %j before any request (exit 2)", async (flags, message) => {
    fake = await startWorld(builds);
    const { code, stderr } = await runCli(["download", "octo/repo", ...flags], { env: fake!.env });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(fake.requests).toEqual([]);
  });
});
