// The built bin as a user runs it: a child process with real pipes, exit codes and timing.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { DAY, tempDir } from "./run-cli.js";
import { type FakeGitHub, startWorld } from "./start-world.js";

const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const TOKEN = "ghp_SpawnedSecret0123456789abcdefABCDEF";

let fake: FakeGitHub | undefined;

beforeAll(() => {
  if (!existsSync(BIN))
    throw new Error("packages/cli is not built: run `pnpm --filter @gh-artifacts/cli build` first.");
});

/** Runs the built bin with a clean environment (plus `env`); resolves with its exit code and output. */
function spawnBin(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const STACK = /\n\s+at /;

describe("the built gh-artifacts bin", () => {
  it("starts with a shebang and prints its version", async () => {
    expect((await readFile(BIN, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
    const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
    expect(await spawnBin(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("exits 2 on a bad command line with one line and no stack", async () => {
    const { code, stdout, stderr } = await spawnBin(["prune", "o/r", "--older-than", "soon"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^gh-artifacts: error: Invalid --older-than: [^\n]+\n$/);
  });

  it("exits 1 on a network failure with one line and no stack", async () => {
    // note: a port nothing listens on, found by opening and closing a server.
    const closed = await startWorld([]);
    const url = closed.url;
    await closed.close();
    const { code, stderr } = await spawnBin(["list", "o/r", "--base-url", `${url}/api`], { GITHUB_TOKEN: TOKEN });
    expect(code).toBe(1);
    // note: the host it could not reach, and nothing else of the URL.
    expect(stderr).toBe(`gh-artifacts: error: network error reaching ${new URL(url).host}: ECONNREFUSED\n`);
  });

  it("the workspace's launcher (bin/gh-artifacts.js, linked before any build) runs the built CLI", async () => {
    const launcher = fileURLToPath(new URL("../bin/gh-artifacts.js", import.meta.url));
    const { version } = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
    const run = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [launcher, "--version"], (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(run).toBe(`${version}\n`);
  });

  it("never prints the token: each command against a server that echoes it", async () => {
    fake = await startWorld([{ id: 1, name: "a", createdAt: ago(3) }]);
    fake.intercept = (request) =>
      Response.json({ message: `No: ${request.headers.get("authorization") ?? ""}` }, { status: 403 });
    const dir = await tempDir("gh-artifacts-bin-");
    for (const args of [
      ["list", "o/r"],
      ["download", "o/r", "--id", "1", "--out", dir],
      ["prune", "o/r", "--keep-latest", "0", "--yes"],
    ]) {
      const { code, stdout, stderr } = await spawnBin([...args, "--base-url", fake.url], { GH_TOKEN: TOKEN });
      expect(code).toBe(1);
      expect(stderr).toContain("No: Bearer [REDACTED]");
      expect(stdout + stderr).not.toContain(TOKEN);
      expect(stderr).not.toMatch(STACK);
    }
    // note: three processes one after the other: well over the default 5 s on a loaded 2-core machine.
  }, 30_000);

  it("paces deletions: at least --pace between two DELETEs as the server receives them", async () => {
    fake = await startWorld([1, 2, 3, 4].map((id) => ({ id, name: "a", createdAt: ago(10 - id) })));
    const { code, stdout } = await spawnBin(
      ["prune", "o/r", "--keep-latest", "1", "--yes", "--pace", "200ms", "--base-url", fake.url],
      { GITHUB_TOKEN: TOKEN },
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/Deleted 3 of 3 artifacts/);
    const at = fake.requests.filter((r) => r.method === "DELETE").map((r) => r.at);
    expect(at).toHaveLength(3);
    // note: a lower bound only: a loaded machine makes the gaps longer, never shorter.
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(200);
  });
});
