import { createHash } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumLaunchOptions } from "@gh-artifacts/test-utils/chromium";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  API_PREFIX,
  DEMO_ARTIFACT_COUNT,
  type LocalWorld,
  MOCK_TOKEN,
  SPECIAL,
  startLocalWorld,
  VUE_APP_DIST,
} from "../../../scripts/lib/local-world.mjs";

const RESULTS = fileURLToPath(new URL("../test-results/", import.meta.url));
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let world: LocalWorld;
let browser: Browser | undefined;
let context: BrowserContext;
/** Every request a page made: its URL and its headers (all of them, as the network saw them). */
const pageRequests: Promise<{ url: string; headers: Record<string, string> }>[] = [];

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  // note: the Vue app is the app here (`pnpm start` serves it on a port of its own beside the React one, with the
  // same config and proxy); paced so the 4 MiB download takes about two seconds, long enough to cancel it.
  world = await startLocalWorld({ appDir: VUE_APP_DIST, vueAppDir: false, bytesPerSecond: 2 * 1024 * 1024 });
  browser = await chromium.launch(chromiumLaunchOptions());
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // note: below vitest's own timeout, so a missing element fails with Playwright's message rather than a bare timeout.
  context.setDefaultTimeout(10_000);
  context.on("request", (request) => {
    const provisional = request.headers();
    pageRequests.push(
      request.allHeaders().then(
        (headers) => ({ url: request.url(), headers }),
        () => ({ url: request.url(), headers: provisional }),
      ),
    );
  });
});

afterAll(async () => {
  await browser?.close();
  await world?.stop();
  if (world?.prismPid) expect(() => process.kill(world.prismPid as number, 0)).toThrow();
  // The page talked to its own origin only: never to storage (the proxy streams every download, and storage sends
  // no CORS header), never to the mock GitHub, and it never sent an Authorization header (it has no token).
  const seen = await Promise.all(pageRequests);
  expect(seen.filter((r) => !r.url.startsWith(`${world.appUrl}/`) && !r.url.startsWith("data:"))).toEqual([]);
  expect(seen.filter((r) => r.url.startsWith(world.storageUrl as string)).map((r) => r.url)).toEqual([]);
  expect(seen.filter((r) => r.url.startsWith(world.apiUrl)).map((r) => r.url)).toEqual([]);
  expect(seen.filter((r) => "authorization" in r.headers).map((r) => r.url)).toEqual([]);
  expect(seen.filter((r) => r.url.startsWith(`${world.appUrl}${API_PREFIX}/`)).length).toBeGreaterThan(0);
});

async function open(query = "owner=octo-org&repo=octo-docs"): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${world.appUrl}/?${query}`);
  return page;
}

/** The row of artifact `id` (names repeat across runs). */
const byId = (page: Page, id: number) => page.locator(`tbody tr[data-id="${id}"]`);
/** The newest demo artifact named `name`. */
const artifact = (name: string) => {
  const found = world.artifacts?.find((a) => a.name === name);
  if (!found) throw new Error(`no demo artifact ${name}`);
  return found;
};
/** The requests the mock GitHub received from now on (read the returned function later). */
const apiRequestsFromNow = () => {
  const requests = world.apiRequests ?? [];
  const before = requests.length;
  return () => requests.slice(before);
};
/**
 * Records, from now on, whether the row of `id` left the table at any moment (a MutationObserver sees every
 * removal, however briefly the row was gone); read it with `wasRemoved`.
 */
const watchRemoval = (page: Page, id: number) =>
  page.evaluate((id) => {
    const win = window as unknown as { __removed?: boolean };
    win.__removed = false;
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.removedNodes) {
          if (node instanceof HTMLElement && node.dataset.id === String(id)) win.__removed = true;
        }
      }
    });
    observer.observe(document.querySelector("tbody") as Node, { childList: true });
  }, id);
const wasRemoved = (page: Page) => page.evaluate(() => (window as unknown as { __removed?: boolean }).__removed);

describe("Vue artifact browser", () => {
  it("renders every server string as text: no v-html, innerHTML or outerHTML in its source", async () => {
    const folder = fileURLToPath(new URL("../src/", import.meta.url));
    const files = (await readdir(folder)).filter((file) => /\.(vue|ts)$/.test(file));
    expect(files).toContain("ArtifactRow.vue");
    for (const file of files) {
      expect(await readFile(path.join(folder, file), "utf8"), file).not.toMatch(/v-html|innerHTML|outerHTML/);
    }
  });

  it("gets no token from its server", async () => {
    const body = await (await fetch(`${world.appUrl}/config.json`)).text();
    expect(body).not.toContain(MOCK_TOKEN);
    expect(JSON.parse(body)).toMatchObject({ mode: "mock", baseUrl: API_PREFIX, deletes: true });
  });

  it("lists the mock's artifacts a page at a time, through the proxy that adds the token", async () => {
    const api = apiRequestsFromNow();
    const page = await open();
    const status = page.getByRole("status").filter({ hasText: "Showing" });
    await status.waitFor();
    expect(await status.textContent()).toBe(`Showing 20 of ${DEMO_ARTIFACT_COUNT} artifacts`);
    expect(await page.getByRole("rowheader").count()).toBe(20);
    await page.screenshot({ path: path.join(RESULTS, "vue-main-screen.png") });

    // Each press loads the next page, until there is none (and no button).
    const more = page.getByRole("button", { name: "Load more" });
    await more.click();
    await page.getByText(`Showing 40 of ${DEMO_ARTIFACT_COUNT} artifacts`).waitFor();
    await more.click();
    await page.getByText(`Showing ${DEMO_ARTIFACT_COUNT} of ${DEMO_ARTIFACT_COUNT} artifacts`).waitFor();
    expect(await more.count()).toBe(0);
    const ids = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id));
    expect(new Set(ids).size).toBe(DEMO_ARTIFACT_COUNT);
    expect(await page.getByRole("rowheader", { name: SPECIAL.large, exact: true }).count()).toBe(1);

    const lists = api().filter((r) => r.path === "/repos/octo-org/octo-docs/actions/artifacts");
    expect(lists.length).toBeGreaterThanOrEqual(3);
    expect(lists.map((r) => r.authorization)).toEqual(lists.map(() => "token"));
    await page.close();
  });

  it("lists what the form asks for once submitted (reactive parameters), and says so for each error state", async () => {
    const page = await open();
    await page.getByRole("status").filter({ hasText: "Showing" }).waitFor();
    const show = async (owner: string, repo: string, name = "") => {
      await page.getByLabel("Owner").fill(owner);
      await page.getByLabel("Repository").fill(repo);
      await page.getByLabel("Name (exact, optional)").fill(name);
      await page.getByRole("button", { name: "Show artifacts" }).click();
    };

    await show("octo-org", "octo-docs", SPECIAL.wheel);
    await page.getByRole("status").filter({ hasText: "Showing 1 of 1 artifacts" }).waitFor();
    expect(await page.getByRole("rowheader").allTextContents()).toEqual([SPECIAL.wheel]);
    expect(new URL(page.url()).searchParams.get("name")).toBe(SPECIAL.wheel);

    await show("empty", "demo");
    await page.getByRole("status").filter({ hasText: "No artifacts in empty/demo." }).waitFor();
    await show("not-found", "demo");
    await page.getByRole("alert").filter({ hasText: "Not found." }).waitFor();
    await show("unauthorized", "demo");
    await page.getByRole("alert").filter({ hasText: "Not authorized." }).waitFor();
    expect(await page.getByRole("table").count()).toBe(0);
    await page.close();
  });

  it("fits at phone width: each row becomes a card, nothing scrolls sideways", async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${world.appUrl}/?owner=octo-org&repo=octo-docs`);
    await page.getByRole("status").filter({ hasText: "Showing" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(RESULTS, "vue-main-screen-375px.png") });
    await page.close();
  });

  it("deletes an artifact after confirmation: its row goes and stays gone", async () => {
    const api = apiRequestsFromNow();
    const name = "docs-site";
    const page = await open(`owner=octo-org&repo=octo-docs&name=${name}`);
    const { id } = artifact(name);
    await byId(page, id)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
    expect(await dialog.textContent()).toContain(`Artifact #${id}`);
    await dialog.getByRole("button", { name: "Delete" }).click();
    await byId(page, id).waitFor({ state: "detached" });
    await page
      .getByRole("status")
      .filter({ hasText: `Deleted ${name}.` })
      .waitFor();
    expect(api().filter((r) => r.method === "DELETE")).toMatchObject([
      { path: `/repos/octo-org/octo-docs/actions/artifacts/${id}`, authorization: "token" },
    ]);
    await page.reload();
    await page.getByRole("status").filter({ hasText: "Showing" }).waitFor();
    expect(await byId(page, id).count()).toBe(0);
    await page.close();
  });

  it("takes a refused delete's row away at once, then puts it back with the server's reason", async () => {
    const page = await open(`owner=octo-org&repo=octo-docs&name=${SPECIAL.protected}`);
    const name = SPECIAL.protected;
    const { id } = artifact(name);
    const target = byId(page, id);
    await target.waitFor();
    await watchRemoval(page, id);
    await target.getByRole("button", { name: `Delete ${name}` }).click();
    await page
      .getByRole("dialog", { name: `Delete ${name}?` })
      .getByRole("button", { name: "Delete" })
      .click();
    const alert = page.getByRole("alert").filter({ hasText: `Could not delete ${name}` });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Permission denied");
    // The optimistic remove happened (the row left the table), and the rollback brought it back.
    expect(await wasRemoved(page)).toBe(true);
    await target.waitFor();
    expect(await target.getByRole("rowheader").textContent()).toBe(name);
    await page.close();
  });

  it("downloads an archive with progress up to 100%, byte for byte what storage served", async () => {
    const page = await open(`owner=octo-org&repo=octo-docs&name=${SPECIAL.large}`);
    const { id } = artifact(SPECIAL.large);
    const target = byId(page, id);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      target.getByRole("button", { name: `Download ${SPECIAL.large}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${SPECIAL.large}.zip`);
    const saved = path.join(RESULTS, `vue-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    await target.locator('.download[data-status="success"]').waitFor();
    const bar = target.getByRole("progressbar", { name: `Download progress of ${SPECIAL.large}` });
    expect(await bar.getAttribute("value")).toBe(await bar.getAttribute("max"));
    expect(await target.locator(".percent").textContent()).toBe("100%");
    expect(await target.locator(".saved").textContent()).toBe(`Saved as ${SPECIAL.large}.zip`);

    const served = world.bytesOf?.(id) as Uint8Array;
    expect(served.byteLength).toBeGreaterThan(4 * 1024 * 1024);
    expect(sha256(await readFile(saved))).toBe(sha256(served));
    expect(`sha256:${sha256(served)}`).toBe(artifact(SPECIAL.large).digest);
    // Storage saw the proxy's plain GET, never an Authorization header.
    expect(world.storageRequests?.some((r) => r.path === `/artifacts/${id}.zip` && r.method === "GET")).toBe(true);
    expect(world.storageRequests?.every((r) => !r.authorization)).toBe(true);
    await page.close();
  });

  it("cancels a download in progress", async () => {
    const page = await open(`owner=octo-org&repo=octo-docs&name=${SPECIAL.large}`);
    const target = byId(page, artifact(SPECIAL.large).id);
    await target.getByRole("button", { name: `Download ${SPECIAL.large}` }).click();
    // note: waits for bytes to have arrived (not for a time), so Cancel ends a download that is truly under way.
    await target
      .locator(".percent")
      .filter({ hasText: /^[1-9]\d?%$/ })
      .waitFor();
    await target.getByRole("button", { name: "Cancel" }).click();
    await target.getByText("Download cancelled.").waitFor();
    expect(await target.locator(".download").getAttribute("data-status")).toBe("cancelled");
    expect(await target.getByRole("button", { name: `Download ${SPECIAL.large}` }).isEnabled()).toBe(true);
    await page.close();
  });

  it.each([
    ["wheel", SPECIAL.wheel, SPECIAL.wheel],
    ["HTML report", SPECIAL.report, SPECIAL.report],
    ["hostile .git zip", SPECIAL.hidden, "_git.zip"],
  ])("saves the %s under its safe name, byte for byte its digest", async (_label, name, fileName) => {
    const page = await open(`owner=octo-org&repo=octo-docs&name=${encodeURIComponent(name)}`);
    const { id, digest } = artifact(name);
    const target = byId(page, id);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      target.getByRole("button", { name: `Download ${name}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(fileName);
    const saved = path.join(RESULTS, `vue-${fileName}`);
    await download.saveAs(saved);
    const bytes = await readFile(saved);
    expect(sha256(bytes)).toBe(sha256(world.bytesOf?.(id) as Uint8Array));
    expect(`sha256:${sha256(bytes)}`).toBe(digest);
    await target.locator('.download[data-status="success"]').waitFor();
    expect(await target.locator(".saved code").textContent()).toBe(fileName);
    // The report's script is text in a file, never run in the page.
    expect(await page.evaluate(() => "__artifactScriptRan" in window)).toBe(false);
    await page.close();
  });
});
