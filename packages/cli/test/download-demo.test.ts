// "The latest successful ci.yml build on main" from the demo repository of `pnpm start` (`addDemoRepository`),
// whose newest run of all, ci.yml on main, failed: the CLI takes the build before it, over loopback.
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ArtifactsWorld, addDemoRepository, createArtifactsWorld } from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NOW, runCli } from "./run-cli.js";

const REPO = "octo-org/octo-docs";
/** The demo's newest zips' run (ci.yml on main, successful), and the single files' run after it (failed). */
const SUCCESS = 2_332_938;
const FAILED = 2_332_953;

let world: ArtifactsWorld;
let server: { url: string; stop(): Promise<void> };
let dir: string;
beforeEach(async () => {
  world = createArtifactsWorld({ now: NOW });
  addDemoRepository(world, { repo: REPO });
  server = await startFakeGitHub({ world });
  dir = await mkdtemp(join(tmpdir(), "gh-artifacts-cli-demo-"));
});
afterEach(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ GITHUB_TOKEN: "t0ken", GITHUB_API_URL: server.url });
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const bytesOf = (id: number) => world.artifact(id)?.bytes as Uint8Array;
const select = ["--workflow", "ci.yml", "--branch", "main"];

describe("gh-artifacts download on the demo repository", () => {
  it("the demo's newest ci.yml run on main failed, after the successful one the selection must take", () => {
    const ciOnMain = world.workflowRuns(REPO).filter((r) => r.workflow.endsWith("/ci.yml") && r.branch === "main");
    expect(ciOnMain.slice(0, 2).map((r) => [r.id, r.conclusion])).toEqual([
      [FAILED, "failure"],
      [SUCCESS, "success"],
    ]);
  });

  it("downloads the latest successful ci.yml build on main by name, past the newer failed run", async () => {
    const { code, stdout, stderr } = await runCli(
      ["download", REPO, ...select, "--name", "test-results", "--out", dir, "--json"],
      { env: env() },
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({ name: "test-results", verified: true, path: join(dir, "test-results.zip") });
    expect(world.artifact(printed.id)?.run?.id).toBe(SUCCESS);
    expect(sha256(await readFile(join(dir, "test-results.zip")))).toBe(sha256(bytesOf(printed.id)));
    // note: the failed run was never asked for its artifacts: GitHub's status filter left it out of the listing.
    const paths = world.requests.filter((r) => r.host === "api").map((r) => r.path);
    expect(paths).not.toContain(`/repos/${REPO}/actions/runs/${FAILED}/artifacts`);
    expect(paths).toContain(`/repos/${REPO}/actions/runs/${SUCCESS}/artifacts`);
  });

  it("--all downloads every artifact of that build, and --status failure the failed one's", async () => {
    const success = await runCli(["download", REPO, ...select, "--all", "--out", dir, "--json"], { env: env() });
    expect(success.stderr).toBe("");
    expect(success.code).toBe(0);
    const printed = JSON.parse(success.stdout);
    expect(printed.run_id).toBe(SUCCESS);
    expect(printed.failed).toEqual([]);
    const files = printed.downloaded.map((d: { id: number; fileName: string }) => [d.id, d.fileName]);
    expect(files).toEqual([
      [1045, "release-bundle.zip"],
      [1044, "test-results.zip"],
      [1043, "protected-release.zip"],
    ]);
    for (const [id, fileName] of files) expect(sha256(await readFile(join(dir, fileName)))).toBe(sha256(bytesOf(id)));
    const failed = await runCli(
      ["download", REPO, ...select, "--status", "failure", "--all", "--out", join(dir, "failed"), "--json"],
      { env: env() },
    );
    expect(failed.code).toBe(0);
    expect(JSON.parse(failed.stdout).run_id).toBe(FAILED);
    expect((await readdir(join(dir, "failed"))).sort()).toEqual([
      "_git.zip",
      "app-1.2.0-py3-none-any.whl",
      "manual.pdf",
      "report.html",
    ]);
  });
});
