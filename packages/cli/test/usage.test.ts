import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { daysAgo, NOW, runCli, tempDir } from "./run-cli.js";
import { type ArtifactSeed, type FakeGitHub, startWorld } from "./start-world.js";

let fake: FakeGitHub | undefined;
let dir: string;
beforeEach(async () => {
  dir = await tempDir("gh-artifacts-usage-");
});

const KiB = 1024;
const MiB = 1024 * KiB;
const sized = (bytes: number) => ({ file: { bytes: Buffer.alloc(bytes), contentType: "application/octet-stream" } });

/** Two repositories with artifacts (one expiring within a day, one within a week, one expired) and an empty one. */
const seeds: ArtifactSeed[] = [
  { id: 1, repository: "org/big", name: "build", createdAt: daysAgo(89.5), ...sized(5 * MiB) },
  { id: 2, repository: "org/big", name: "build", createdAt: daysAgo(10), ...sized(5 * MiB) },
  { id: 3, repository: "org/big", name: "logs", branch: "dev", createdAt: daysAgo(85), ...sized(KiB) },
  { id: 4, repository: "org/big", name: "build", createdAt: daysAgo(100), expired: true, ...sized(9 * MiB) },
  { id: 5, repository: "org/small", name: "logs", branch: null, createdAt: daysAgo(1), ...sized(2 * KiB) },
];
const REPOS = ["org/small", "org/big", "org/empty"];
/**
 * The fake with rate limiting off (GitHub Enterprise Server's default: no `x-ratelimit-*` headers), so the summary
 * tells no budget; the tests of the budget and of 304s set a limit of their own.
 */
const startFakeGitHub = (artifacts: ArtifactSeed[]) =>
  startWorld(artifacts, { behaviours: { rateLimit: { enabled: false } } });
/** The primary rate limit's requests left, as the fake counts them. */
const remaining = () => fake!.world.rateLimit()?.remaining;
const lists = () =>
  fake!.requests.filter((r) => r.method === "GET").map((r) => r.path.split("/").slice(2, 4).join("/"));

describe("gh-artifacts usage", () => {
  it("prints one row per repository, largest first, with the totals and what the scan did", async () => {
    fake = await startFakeGitHub(seeds);
    const { code, stdout, stderr } = await runCli(["usage", ...REPOS], { env: fake!.env });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "REPOSITORY  ARTIFACTS      SIZE  OLDEST     IN 1D    IN 7D   IN 30D  GB-HOURS LEFT",
        "org/big             3  10.0 MiB  89d ago  5.0 MiB  5.0 MiB  5.0 MiB            9.4",
        "org/small           1   2.0 KiB  1d ago       0 B      0 B      0 B            0.0",
        "TOTAL               4  10.0 MiB  89d ago  5.0 MiB  5.0 MiB  5.0 MiB            9.4",
        "",
        "3 repositories: 3 listed; 3 requests.",
        "GB-hours left: what the live artifacts will still accrue until they expire (GB = 2^30 bytes). Deleting one " +
          "stops its hours; what it accrued this month stays billed.",
        "",
      ].join("\n"),
    );
    expect(lists()).toEqual(expect.arrayContaining(REPOS));
  });

  it("groups by artifact name or by branch across repositories", async () => {
    fake = await startFakeGitHub(seeds);
    const byName = await runCli(["usage", ...REPOS, "--by", "name"], { env: fake!.env });
    expect(byName.stdout.split("\n").slice(0, 4)).toEqual([
      expect.stringMatching(/^NAME +ARTIFACTS +SIZE/),
      expect.stringMatching(/^build +2 +10\.0 MiB /),
      expect.stringMatching(/^logs +2 +3\.0 KiB /),
      expect.stringMatching(/^TOTAL +4 +10\.0 MiB /),
    ]);
    const byBranch = await runCli(["usage", ...REPOS, "--by", "branch"], { env: fake!.env });
    expect(byBranch.stdout.split("\n").slice(0, 5)).toEqual([
      expect.stringMatching(/^BRANCH +ARTIFACTS/),
      expect.stringMatching(/^main +2 +10\.0 MiB /),
      expect.stringMatching(/^- {2,}1 +2\.0 KiB /),
      expect.stringMatching(/^dev +1 +1\.0 KiB /),
      expect.stringMatching(/^TOTAL +4 /),
    ]);
  });

  it("--json prints the summary and what the scan did as one document", async () => {
    fake = await startFakeGitHub(seeds);
    const { code, stdout } = await runCli(["usage", ...REPOS, "--json"], { env: fake!.env });
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document).toMatchObject({
      groupBy: "repository",
      now: new Date(NOW).toISOString(),
      totals: { bytes: 10 * MiB + 3 * KiB, count: 4, expired: 1, expiringBytes: { in1d: 5 * MiB } },
      repositories: { total: 3, listed: 3, fromState: 0, failed: [], pending: [] },
      stopped: null,
      requests: { sent: 3, notModified: 0, secondaryLimits: 0 },
      rateLimit: null,
    });
    expect(document.groups.map((g: { key: string }) => g.key)).toEqual(["org/big", "org/small"]);
    expect(document.groups[0].gbHoursLeft).toBeCloseTo((5 / 1024) * 12 + (5 / 1024) * 80 * 24 + (1 / MiB) * 5 * 24, 6);
  });

  it("reads --repos FILE (blank lines and # comments skipped) besides the arguments, each repository once", async () => {
    fake = await startFakeGitHub(seeds);
    const file = join(dir, "repos.txt");
    await writeFile(file, "# from gh repo list org\norg/big\n\n  org/small  \r\norg/big\n");
    const { code, stdout } = await runCli(["usage", "org/empty", "--repos", file], { env: fake!.env });
    expect(code).toBe(0);
    expect(stdout).toContain("3 repositories: 3 listed");
    expect(lists().sort()).toEqual(["org/big", "org/empty", "org/small"]);
  });

  it.each([
    [["usage"], "OWNER/REPO is missing (give one or more, or --repos FILE)"],
    [["usage", "org/a", "--by", "size"], "--by must be repo, name or branch"],
    [["usage", "org/a", "--budget-reserve", "120"], "--budget-reserve must be a percentage from 0 to 100"],
    [["usage", "org/a", "org"], 'OWNER/REPO must be an owner and a repository name with one "/" between'],
  ])("refuses %j before any request (exit 2)", async (argv, message) => {
    fake = await startFakeGitHub(seeds);
    const { code, stderr } = await runCli(argv, { env: fake!.env });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(fake.requests).toEqual([]);
  });

  it("refuses a --repos file with a line that is not OWNER/REPO, naming the line", async () => {
    fake = await startFakeGitHub(seeds);
    const file = join(dir, "repos.txt");
    await writeFile(file, "org/big\nhttps://github.com/org/small\n");
    const { code, stderr } = await runCli(["usage", "--repos", file], { env: fake!.env });
    expect(code).toBe(2);
    expect(stderr).toContain(`--repos line 2 of ${file} is not OWNER/REPO`);
    expect(fake.requests).toEqual([]);
  });

  it("stops at the budget reserve (exit 3), keeps --state, and the next run resumes there and removes it", async () => {
    const many: ArtifactSeed[] = Array.from({ length: 12 }, (_, i) => ({
      id: i + 1,
      repository: `org/r${i}`,
      name: "build",
      createdAt: daysAgo(1),
      ...sized(KiB * (i + 1)),
    }));
    fake = await startFakeGitHub(many);
    const reset = Math.floor(NOW / 1000) + 900;
    fake.world.behave({ rateLimit: { limit: 100, remaining: 26, windowMs: 15 * 60_000 } });
    const repos = many.map((s) => s.repository!);
    const state = join(dir, "state.json");
    const first = await runCli(["usage", ...repos, "--state", state], { env: fake!.env });
    expect(first.code).toBe(3);
    expect(remaining()).toBeGreaterThanOrEqual(20);
    const listed = lists().length;
    expect(listed).toBeLessThan(12);
    expect(first.stdout).toContain(
      `Stopped at the rate-limit reserve: ${12 - listed} left; run again with --state ${state} after ` +
        `${new Date(reset * 1000).toISOString()} (in 15 min).`,
    );
    expect(Object.keys(JSON.parse(await readFile(state, "utf8")).repositories)).toHaveLength(listed);

    // note: the window resets: the full limit is back.
    fake.world.clock.advance(15 * 60_000);
    expect(remaining()).toBe(100);
    fake.world.requests.length = 0;
    const second = await runCli(["usage", ...repos, "--state", state, "--json"], { env: fake!.env });
    expect(second.code).toBe(0);
    expect(lists()).toHaveLength(12 - listed);
    const document = JSON.parse(second.stdout);
    expect(document.repositories).toMatchObject({ total: 12, listed: 12 - listed, fromState: listed });
    expect(document.totals.count).toBe(12);
    expect(existsSync(state)).toBe(false);
  });

  it("refuses a --state file that is not a scan's state", async () => {
    fake = await startFakeGitHub(seeds);
    const state = join(dir, "state.json");
    await writeFile(state, "[1, 2]");
    const { code, stderr } = await runCli(["usage", ...REPOS, "--state", state], { env: fake!.env });
    expect(code).toBe(2);
    expect(stderr).toContain(`--state ${state}: must be`);
    expect(fake.requests).toEqual([]);
  });

  it("with --cache-dir a second run of unchanged repositories is answered with 304s, which spend no budget", async () => {
    fake = await startFakeGitHub(seeds);
    fake.world.behave({ etags: true, rateLimit: { limit: 5000 } });
    const cache = join(dir, "cache");
    const first = await runCli(["usage", ...REPOS, "--cache-dir", cache], { env: fake!.env });
    expect(first.code).toBe(0);
    expect(remaining()).toBe(4997);
    const second = await runCli(["usage", ...REPOS, "--cache-dir", cache], { env: fake!.env });
    expect(second.stdout).toContain("3 requests (3 answered 304 from the cache), 4,997 of 5,000 requests left.");
    expect(remaining()).toBe(4997);
    expect(second.stdout.split("\n").slice(0, 4)).toEqual(first.stdout.split("\n").slice(0, 4));
  });

  it("goes on past a repository it cannot list, names it on stderr, and exits 1", async () => {
    fake = await startFakeGitHub(seeds);
    fake.world.behave({ error: { status: 404 } }, { repo: "org/small" });
    const { code, stdout, stderr } = await runCli(["usage", ...REPOS], { env: fake!.env });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^gh-artifacts: could not list org\/small: GitHub answered 404 for GET .*\n$/);
    expect(stdout).toContain("3 repositories: 2 listed, 1 failed; 3 requests.");
    expect(stdout).toMatch(/^org\/big /m);
  });

  it("shows its progress on stderr when that is a terminal, and only then", async () => {
    fake = await startFakeGitHub(seeds);
    const tty = await runCli(["usage", ...REPOS], {
      env: fake!.env,
      isTTY: { stdin: false, stdout: false, stderr: true },
    });
    expect(tty.stderr).toMatch(/Listing artifacts: \d\/3 repositories \(4 at once\)/);
    expect(tty.stderr.endsWith("\r\u001b[2K")).toBe(true);
    const piped = await runCli(["usage", ...REPOS], { env: fake!.env });
    expect(piped.stderr).toBe("");
  });
});
