// The "Latest build" view in real Chromium, on a fresh start of `pnpm start`'s servers: pick a workflow, a branch and
// a result, see the build the client chooses (checked against an independent reading of the runs and artifacts), and
// download from it through the proxy.
import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Artifact, createArtifactsClient, type WorkflowRun } from "@gh-artifacts/client";
import { chromiumLaunchOptions } from "@gh-artifacts/test-utils/chromium";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, startLocalWorld } from "../../../scripts/lib/local-world.mjs";

const RESULTS = fileURLToPath(new URL("../test-results/", import.meta.url));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const repo = { owner: "octo-org", repo: "octo-docs" };

let world: LocalWorld;
let browser: Browser | undefined;
let context: BrowserContext;
/** Every URL the pages asked for. */
const pageRequests: string[] = [];

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  world = await startLocalWorld();
  browser = await chromium.launch(chromiumLaunchOptions());
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(10_000);
  context.on("request", (request) => void pageRequests.push(request.url()));
});

afterAll(async () => {
  await browser?.close();
  await world?.stop();
  // The page asked only its own server: the proxy read the runs and streamed the download (storage sends no CORS
  // header, so a browser path to it would have failed).
  expect(pageRequests.length).toBeGreaterThan(0);
  expect(pageRequests.filter((url) => !url.startsWith(world.appUrl))).toEqual([]);
});

/** What the repository holds as the proxy answers it, read without the picker: every run and artifact. */
async function repository() {
  const gh = createArtifactsClient({ baseUrl: world.proxyUrl });
  const [runs, artifacts] = await Promise.all([gh.listAllWorkflowRunsForRepo(repo), gh.listAllArtifactsForRepo(repo)]);
  const newestFirst = [...runs].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
  const live = (run: WorkflowRun) => artifacts.filter((a) => a.workflow_run?.id === run.id && !a.expired);
  /** The newest run of `workflow` on `branch` with result `conclusion` that has a live artifact. */
  const newest = (workflow: string, branch: string, conclusion: string) =>
    newestFirst.find(
      (r) =>
        r.path.endsWith(`/${workflow}`) &&
        r.head_branch === branch &&
        r.conclusion === conclusion &&
        live(r).length > 0,
    );
  return { runs: newestFirst, live, newest };
}

async function open(viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${world.appUrl}/?owner=${repo.owner}&repo=${repo.repo}&view=build`);
  await page.getByRole("form", { name: "Pick a build" }).waitFor();
  return page;
}

/** The picker's form (the artifacts view, hidden, has fields of the same names). */
const picker = (page: Page) => page.getByRole("form", { name: "Pick a build" });

/** Fills the picker's form and sends it. */
async function pick(page: Page, choice: { workflow: string; branch: string; status: string; artifact?: string }) {
  const form = picker(page);
  await form.getByLabel("Workflow").selectOption(choice.workflow);
  await form.getByLabel("Branch").fill(choice.branch);
  await form.getByLabel("Result").selectOption(choice.status);
  await form.getByLabel("Artifact").fill(choice.artifact ?? "");
  await form.getByRole("button", { name: "Show build" }).click();
}

/** The build shown once it is the one of run `runId`, with its run's number filled in. */
async function shownBuild(page: Page, run: WorkflowRun) {
  const build = page.locator(`.build[data-run-id="${run.id}"]`);
  await build.locator('[data-field="run"]', { hasText: `#${run.run_number}` }).waitFor();
  const field = (name: string) => build.locator(`[data-field="${name}"]`).textContent();
  return {
    build,
    run: await field("run"),
    branch: await field("branch"),
    result: await field("result"),
    sha: await build.locator('[data-field="sha"]').getAttribute("title"),
    names: await build.locator(".build-artifacts .name").allTextContents(),
  };
}

const names = (artifacts: Artifact[]) => artifacts.map((a) => a.name).sort();

describe("latest build picker", () => {
  it("offers the workflows and branches of the newest runs, as the run listing has them", async () => {
    const { runs } = await repository();
    const page = await open();
    const workflows = [...new Set(runs.map((r) => r.path.split("/").pop()))].sort();
    expect(await picker(page).getByLabel("Workflow").locator("option").allTextContents()).toEqual(workflows);
    const branches = [...new Set(runs.map((r) => r.head_branch))];
    expect(
      await page.locator("#build-branches option").evaluateAll((o) => o.map((e) => e.getAttribute("value"))),
    ).toEqual(branches);
    // note: success is the default, as the client's selection has it.
    expect(await picker(page).getByLabel("Result").inputValue()).toBe("success");
    await page.close();
  });

  it("ci.yml + main + success: the latest successful build, past a newer failed run", async () => {
    const { runs, live, newest } = await repository();
    const success = newest("ci.yml", "main", "success") as WorkflowRun;
    const failed = newest("ci.yml", "main", "failure") as WorkflowRun;
    // note: the demo's point: a failed ci.yml run on main newer than the successful one, with artifacts of its own.
    expect(Date.parse(failed.created_at)).toBeGreaterThan(Date.parse(success.created_at));
    expect(runs.find((r) => r.path.endsWith("/ci.yml") && r.head_branch === "main")?.id).toBe(failed.id);

    const page = await open();
    await pick(page, { workflow: "ci.yml", branch: "main", status: "success" });
    const shown = await shownBuild(page, success);
    expect(shown).toMatchObject({
      run: `#${success.run_number}`,
      branch: "main",
      result: "success",
      sha: success.head_sha,
    });
    expect(shown.names.sort()).toEqual(names(live(success)));
    await page
      .getByRole("status")
      .filter({ hasText: `The latest successful ci.yml build on main: run #${success.run_number}` })
      .waitFor();
    await page.screenshot({ path: path.join(RESULTS, "latest-build.png"), fullPage: false });
    await page.close();
  });

  it("switching the result to failure shows the failed run's build", async () => {
    const { live, newest } = await repository();
    const success = newest("ci.yml", "main", "success") as WorkflowRun;
    const failed = newest("ci.yml", "main", "failure") as WorkflowRun;
    const page = await open();
    await pick(page, { workflow: "ci.yml", branch: "main", status: "success" });
    await shownBuild(page, success);
    await pick(page, { workflow: "ci.yml", branch: "main", status: "failure" });
    const shown = await shownBuild(page, failed);
    expect(shown).toMatchObject({ run: `#${failed.run_number}`, result: "failure", sha: failed.head_sha });
    expect(shown.names.sort()).toEqual(names(live(failed)));
    await page.close();
  });

  it("says so when nothing matches: a workflow never run on that branch, or a name no build has", async () => {
    const { runs } = await repository();
    expect(runs.some((r) => r.path.endsWith("/release.yml") && r.head_branch === "main")).toBe(false);
    const page = await open();
    await pick(page, { workflow: "release.yml", branch: "main", status: "success" });
    const none = page.locator('[data-result="none"]');
    await none.waitFor();
    expect(await none.getAttribute("role")).toBe("status");
    expect(await none.textContent()).toBe(
      "No build matches: the latest successful release.yml build on main has no artifact that has not expired.",
    );
    await pick(page, { workflow: "ci.yml", branch: "main", status: "any", artifact: "nothing-*" });
    await page
      .locator('[data-result="none"]', {
        hasText: "the latest ci.yml build on main has no artifact matching nothing-*",
      })
      .waitFor();
    await page.close();
  });

  it("an artifact name narrows the build, and the picked artifact downloads byte for byte", async () => {
    const { newest } = await repository();
    const success = newest("ci.yml", "main", "success") as WorkflowRun;
    const page = await open();
    await pick(page, { workflow: "ci.yml", branch: "main", status: "success", artifact: "test-results" });
    const shown = await shownBuild(page, success);
    expect(shown.names).toEqual(["test-results"]);
    const item = shown.build.locator(".build-artifacts li");
    const id = Number(await item.getAttribute("data-id"));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      item.getByRole("button", { name: "Download test-results" }).click(),
    ]);
    const saved = path.join(RESULTS, `latest-build-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toBe("test-results.zip");
    await item.locator('.download[data-status="success"]').waitFor();
    const served = world.bytesOf?.(id) as Uint8Array;
    expect(world.artifacts?.find((a) => a.id === id)?.workflow_run.id).toBe(success.id);
    expect(sha256(await readFile(saved))).toBe(sha256(served));
    // The proxy fetched it from storage, without the token.
    expect(world.storageRequests?.some((r) => r.path === `/artifacts/${id}.zip` && !r.authorization)).toBe(true);
    await page.close();
  });

  it("fits at phone width: the form, the run and each artifact's Download, with nothing wider than the screen", async () => {
    const { newest } = await repository();
    const success = newest("ci.yml", "main", "success") as WorkflowRun;
    const page = await open({ width: 375, height: 800 });
    const { build } = await shownBuild(page, success);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    for (const button of await build.getByRole("button", { name: /^Download / }).all()) {
      expect(await button.isVisible()).toBe(true);
    }
    await page.screenshot({ path: path.join(RESULTS, "latest-build-375px.png"), fullPage: true });
    await page.close();
  });
});
