import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { daysAgo, NOW, runCli, tempDir } from "./run-cli.js";
import { type ArtifactSeed, type FakeGitHub, startWorld } from "./start-world.js";

let fake: FakeGitHub | undefined;
// note: the pauses between deletions run on the fake clock, which `runCli` moves past each one as it starts.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The primary rate limit's requests left, as the fake counts them. */
const remaining = () => fake!.world.rateLimit()?.remaining;
/** The DELETEs as the fake saw them: `OWNER/REPO#id`. */
const deletes = () =>
  fake!.requests
    .filter((r) => r.method === "DELETE")
    .map((r) => {
      const [, , owner, repo, , , id] = r.path.split("/");
      return `${owner}/${repo}#${id}`;
    });

/** Three builds in org/a (two old), two in org/b (one old), one recent one in org/c. */
const seeds: ArtifactSeed[] = [
  { id: 1, repository: "org/a", name: "build", createdAt: daysAgo(30) },
  { id: 2, repository: "org/a", name: "build", createdAt: daysAgo(20) },
  { id: 3, repository: "org/a", name: "build", createdAt: daysAgo(1) },
  { id: 4, repository: "org/b", name: "build", createdAt: daysAgo(40) },
  { id: 5, repository: "org/b", name: "build", createdAt: daysAgo(2) },
  { id: 6, repository: "org/c", name: "build", createdAt: daysAgo(3) },
];
const POLICY = ["--keep-latest", "1", "--older-than", "7d"];
/** stderr without the progress line a terminal gets while listing. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape that clears the line is what this removes
const withoutProgress = (stderr: string) => stderr.replace(/\r\u001b\[2K(?:Listing artifacts: [^\r]*)?/g, "");

describe("gh-artifacts prune, many repositories", () => {
  it("plans each repository, prints those with deletions and a count of the rest, and deletes nothing on a dry run", async () => {
    fake = await startWorld(seeds);
    const { code, stdout, stderr } = await runCli(["prune", "org/a", "org/b", "org/c", ...POLICY, "--dry-run"], {
      env: fake!.env,
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^Policy: keep the newest 1 per name and branch, delete the others older than 7d/);
    expect(stdout).toContain("\norg/a: delete 2 of 3 artifacts, freeing ");
    expect(stdout).toContain("\norg/b: delete 1 of 2 artifacts, freeing ");
    expect(stdout).not.toContain("org/c:");
    expect(stdout).toContain("\n1 repository has nothing to delete.\n");
    expect(stdout).toMatch(/\nTotal: delete 3 of 6 artifacts in 2 of 3 repositories, freeing \d+ B .*; keep 3\.\n/);
    expect(stdout).toMatch(/Dry run: nothing was deleted\.\n$/);
    expect(deletes()).toEqual([]);
  });

  it("asks once for every repository, then deletes repository after repository, --pace apart throughout", async () => {
    fake = await startWorld(seeds);
    const events: string[] = [];
    fake.intercept = (request, next) => {
      const path = new URL(request.url).pathname.split("/");
      if (request.method === "DELETE") events.push(`DELETE ${path.slice(2, 4).join("/")}#${path.at(-1)}`);
      return next(request);
    };
    const { code, stdout, stderr, sleeps } = await runCli(
      ["prune", "org/a", "org/b", "org/c", ...POLICY, "--pace", "2s"],
      { env: { ...fake!.env, NO_COLOR: "1" }, isTTY: true, input: "y\n", onSleep: (ms) => events.push(`sleep ${ms}`) },
    );
    expect(code).toBe(0);
    expect(stderr).toContain("Listing artifacts: 3/3 repositories");
    expect(withoutProgress(stderr)).toMatch(/^Delete 3 artifacts \(\d+ B\) from 2 repositories\? \[y\/N\] $/);
    expect(events).toEqual(["DELETE org/a#1", "sleep 2000", "DELETE org/a#2", "sleep 2000", "DELETE org/b#4"]);
    expect(sleeps).toEqual([2000, 2000]);
    expect(stdout).toContain("deleted       #1 build (main) in org/a\n");
    expect(stdout).toContain("deleted       #4 build (main) in org/b\n");
    expect(stdout).toMatch(/Deleted 3 of 3 artifacts in 2 repositories, \d+ B freed\.\n$/);
    expect(
      fake.world
        .artifacts()
        .map((a) => a.id)
        .sort(),
    ).toEqual([3, 5, 6]);
  });

  it("says artifact, not artifacts, when there is one to delete", async () => {
    fake = await startWorld(seeds);
    const { stderr } = await runCli(["prune", "org/b", ...POLICY], { env: fake!.env, isTTY: true, input: "n\n" });
    expect(stderr).toMatch(/^Delete 1 artifact \(\d+ B\) from org\/b\? \[y\/N\] $/);
    const many = await runCli(["prune", "org/b", "org/c", ...POLICY], { env: fake!.env, isTTY: true, input: "n\n" });
    expect(withoutProgress(many.stderr)).toMatch(/^Delete 1 artifact \(\d+ B\) from 1 repository\? \[y\/N\] $/);
    expect(deletes()).toEqual([]);
  });

  it("stops deleting cleanly before the rate limit falls under the reserve, and says when to go on (exit 3)", async () => {
    fake = await startWorld(seeds);
    const reset = Math.floor(NOW / 1000) + 600;
    // note: 3 lists, then room for 1 delete above the 20 % reserve of 30 (6 requests).
    fake.world.behave({ rateLimit: { limit: 30, remaining: 10, windowMs: 10 * 60_000 } });
    const { code, stdout } = await runCli(["prune", "org/a", "org/b", "org/c", ...POLICY, "--yes"], { env: fake!.env });
    expect(code).toBe(3);
    expect(deletes()).toEqual(["org/a#1"]);
    expect(remaining()).toBeGreaterThanOrEqual(6);
    expect(stdout).toMatch(
      /Deleted 1 of 3 artifacts in 2 repositories, \d+ B freed; 2 not attempted at the rate-limit reserve\.\n/,
    );
    expect(stdout).toContain(
      `Stopped at the rate-limit reserve: 2 deletions left; run again after ${new Date(reset * 1000).toISOString()} (in 10 min).\n`,
    );
  });

  it("deletes nothing when listing already stopped at the reserve (exit 3)", async () => {
    fake = await startWorld(seeds);
    fake.world.behave({ rateLimit: { limit: 10, remaining: 3, windowMs: 10 * 60_000 } });
    const repos = ["org/a", "org/b", "org/c", "org/d", "org/e"];
    const { code, stdout } = await runCli(["prune", ...repos, ...POLICY, "--yes", "--budget-reserve", "20"], {
      env: fake!.env,
    });
    expect(code).toBe(3);
    expect(stdout).toMatch(
      /\nStopped at the rate-limit reserve while listing: 4 repositories not listed; nothing was deleted\. Run again after .*\n$/,
    );
    expect(remaining()).toBe(2);
    expect(deletes()).toEqual([]);
  });

  it("--json prints one document with a plan and an outcome per repository", async () => {
    fake = await startWorld(seeds);
    const file = join(await tempDir("prune-repos-"), "repos");
    await writeFile(file, "org/a\n# org/skipped\norg/b\norg/c\n");
    const { code, stdout, stderr } = await runCli(["prune", "--repos", file, ...POLICY, "--yes", "--json"], {
      env: fake!.env,
    });
    expect(code).toBe(0);
    const document = JSON.parse(stdout);
    expect(document.repositories.map((r: { repository: string }) => r.repository)).toEqual(["org/a", "org/b", "org/c"]);
    expect(document.repositories.map((r: { outcome: { deleted: number[] } }) => r.outcome.deleted)).toEqual([
      [1, 2],
      [4],
      [],
    ]);
    expect(document).toMatchObject({ failed: [], notListed: [], stopped: null });
    expect(stderr).toContain("deleted       #1 build (main) in org/a\n");
  });
});
