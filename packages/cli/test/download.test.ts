import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { daysAgo, runCli } from "./run-cli.js";
import { type ArtifactSeed, type FakeGitHub, startWorld } from "./start-world.js";

let fake: FakeGitHub | undefined;
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gh-artifacts-cli-"));
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ GITHUB_TOKEN: "t0ken", GITHUB_API_URL: fake!.url });
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Several "build" artifacts over branches and ages: the newest on main has expired. */
const builds: ArtifactSeed[] = [
  { id: 10, name: "build", branch: "main", createdAt: daysAgo(5), runId: 501 },
  { id: 11, name: "build", branch: "dev", createdAt: daysAgo(3), runId: 502 },
  { id: 12, name: "build", branch: "main", createdAt: daysAgo(2), runId: 503 },
  { id: 13, name: "build", branch: "main", createdAt: daysAgo(1), runId: 504, expired: true },
  { id: 14, name: "logs", branch: "main", createdAt: daysAgo(0.5), runId: 504 },
];

describe("gh-artifacts download", () => {
  it("--id writes DIR/NAME.zip with the served bytes and prints path, bytes, SHA-256 and verified", async () => {
    fake = await startWorld(builds);
    const out = join(dir, "new", "folder");
    const { code, stdout, stderr } = await runCli(["download", "octo/repo", "--id", "11", "--out", out], {
      env: env(),
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
        env: env(),
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
        env: env(),
      },
    );
    expect(JSON.parse(dev.stdout).id).toBe(11);
    const run = await runCli(
      ["download", "octo/repo", "--name", "build", "--run-id", "501", "--latest", "--out", dir, "--json"],
      {
        env: env(),
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
        env: env(),
      },
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('gh-artifacts: error: no artifact named "build" on branch "gone" in octo/repo\n');
    const expired = await runCli(
      ["download", "octo/repo", "--name", "build", "--run-id", "504", "--latest", "--out", dir],
      {
        env: env(),
      },
    );
    expect(expired.code).toBe(1);
    expect(expired.stderr).toContain('no artifact named "build" that has not expired (1 found, all expired)');
    const byId = await runCli(["download", "octo/repo", "--id", "13", "--out", dir], { env: env() });
    expect(byId.code).toBe(1);
    expect(byId.stderr).toBe("gh-artifacts: error: artifact 13 (build) has expired: its archive is gone\n");
    expect(await readdir(dir)).toEqual([]);
    expect(fake.storageRequests).toEqual([]);
  });

  it("fails on a digest mismatch and leaves no file", async () => {
    fake = await startWorld([{ id: 1, name: "build", createdAt: daysAgo(1), digest: `sha256:${"0".repeat(64)}` }]);
    const { code, stderr } = await runCli(["download", "octo/repo", "--id", "1", "--out", dir], { env: env() });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^gh-artifacts: error: Digest mismatch: expected sha256:0{64}, got sha256:[0-9a-f]{64} \(the file was not kept\)\n$/,
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("says verified: no when the artifact has no digest", async () => {
    fake = await startWorld([{ id: 1, name: "old", createdAt: daysAgo(1), digest: null }]);
    const { code, stdout } = await runCli(["download", "octo/repo", "--id", "1", "--out", dir], { env: env() });
    expect(code).toBe(0);
    expect(stdout).toContain("  verified  no: the artifact has no digest\n");
  });

  it("--extract unzips into DIR/NAME/ after verification", async () => {
    fake = await startWorld([
      { id: 1, name: "site", createdAt: daysAgo(1), files: { "index.html": "<h1>hi</h1>", "css/a.css": "a{}" } },
    ]);
    const { code, stdout } = await runCli(["download", "octo/repo", "--id", "1", "--out", dir, "--extract"], {
      env: env(),
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`  extracted ${join(dir, "site")}\n`);
    expect(await readFile(join(dir, "site", "index.html"), "utf8")).toBe("<h1>hi</h1>");
    expect(await readFile(join(dir, "site", "css", "a.css"), "utf8")).toBe("a{}");
  });

  it("names the file after the artifact without letting the name pick the folder", async () => {
    fake = await startWorld([{ id: 7, name: "../../escape", createdAt: daysAgo(1) }]);
    const { code } = await runCli(["download", "octo/repo", "--id", "7", "--out", dir], { env: env() });
    expect(code).toBe(0);
    expect(await readdir(dir)).toEqual(["__.._escape.zip"]);
  });

  it("shows progress on stderr only on a terminal", async () => {
    fake = await startWorld(builds);
    const piped = await runCli(["download", "octo/repo", "--id", "10", "--out", dir], { env: env() });
    expect(piped.stderr).toBe("");
    const tty = await runCli(["download", "octo/repo", "--id", "10", "--out", dir], { env: env(), isTTY: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain(`Downloading build 100% (${fake.bytesOf(10).byteLength} B of`);
    expect(tty.stderr.endsWith("\r\u001b[2K")).toBe(true);
  });

  it.each([
    [["--id", "1", "--name", "x"], "--id and --name exclude each other"],
    [[], "--id or --name is required"],
    [["--name", "build"], "--latest is required with --name"],
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
    const { code, stderr } = await runCli(["download", "octo/repo", ...flags], { env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(fake.requests).toEqual([]);
  });
});
