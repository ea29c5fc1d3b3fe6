import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalWorld, SPECIAL, startLocalWorld } from "../../../scripts/lib/local-world.mjs";

const RESULTS = fileURLToPath(new URL("../test-results/", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
/** What the local storage server records of each request (header names only, lower case). */

let world: LocalWorld;
let browser: Browser | undefined;
let context: BrowserContext;
const offLoopback: string[] = [];

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  // note: paced so a download takes about two seconds: long enough to see progress and to cancel one.
  world = await startLocalWorld({ bytesPerSecond: 2 * 1024 * 1024 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // note: below vitest's own timeout, so a missing element fails with Playwright's message rather than a bare timeout.
  context.setDefaultTimeout(10_000);
  context.on("request", (request) => {
    const { protocol, hostname } = new URL(request.url());
    if (protocol.startsWith("http") && hostname !== "127.0.0.1") offLoopback.push(request.url());
  });
});

afterAll(async () => {
  await browser?.close();
  await world?.stop();
  // Nothing is left running: Prism, the only child process, has exited.
  if (world?.prismPid) expect(() => process.kill(world.prismPid as number, 0)).toThrow();
  expect(offLoopback).toEqual([]);
});

async function open(query: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${world.appUrl}/?${query}`);
  return page;
}

const row = (page: Page, name: string) =>
  page.locator("tbody tr", { has: page.getByRole("rowheader", { name, exact: true }) });
const artifact = (name: string) => {
  const found = world.artifacts?.find((a) => a.name === name);
  if (!found) throw new Error(`no demo artifact ${name}`);
  return found;
};

describe("artifact browser", () => {
  it("shows the mock's artifacts and loads the next page on scroll", async () => {
    const page = await open("owner=octo-org&repo=octo-docs");
    await row(page, SPECIAL.large).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "Showing" }).textContent()).toMatch(/of 45 artifacts/);
    const large = row(page, SPECIAL.large);
    expect(await large.locator("td").nth(0).textContent()).toBe("4.0 MiB");
    expect(await large.textContent()).toContain(artifact(SPECIAL.large).digest?.slice(7, 15));
    await page.screenshot({ path: path.join(RESULTS, "main-screen.png"), fullPage: false });

    await page.getByRole("button", { name: "Load more" }).scrollIntoViewIfNeeded();
    await page.getByText("Showing 45 of 45 artifacts").waitFor();
    expect(await page.locator("tbody tr").count()).toBe(45);
    expect(await row(page, SPECIAL.expired).locator(".badge").textContent()).toBe("expired");
    await page.close();
  });

  it("lists one workflow run's artifacts", async () => {
    const page = await open("owner=octo-org&repo=octo-docs&run=2332938");
    await page.getByText("Showing 3 of 3 artifacts").waitFor();
    expect(await page.getByRole("rowheader").allTextContents()).toEqual([
      SPECIAL.large,
      "test-results",
      SPECIAL.protected,
    ]);
    await page.close();
  });

  it("is readable at phone width", async () => {
    const page = await open("owner=octo-org&repo=octo-docs", { width: 375, height: 812 });
    await row(page, SPECIAL.large).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(RESULTS, "main-screen-375px.png") });
    await page.close();
  });

  it("downloads an archive with a progress bar up to 100%, byte for byte what storage served", async () => {
    const page = await open(`owner=octo-org&repo=octo-docs&name=${SPECIAL.large}`);
    const target = row(page, SPECIAL.large);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      target.getByRole("button", { name: `Download ${SPECIAL.large}` }).click(),
    ]);
    const saved = path.join(RESULTS, download.suggestedFilename());
    await download.saveAs(saved);
    expect(download.suggestedFilename()).toBe(`${SPECIAL.large}.zip`);

    await target.locator('.download[data-status="success"]').waitFor();
    const bar = target.locator("progress");
    expect(await bar.getAttribute("value")).toBe(await bar.getAttribute("max"));
    expect(await target.locator(".percent").textContent()).toBe("100%");

    const { id } = artifact(SPECIAL.large);
    const served = world.zipOf?.(id) as Uint8Array;
    expect(served.byteLength).toBeGreaterThan(4 * 1024 * 1024);
    expect(sha256(await readFile(saved))).toBe(sha256(served));
    // The token went to the API only: storage saw the download, and never an Authorization header.
    expect(world.storageRequests?.some((r) => r.path === `/artifacts/${id}.zip` && r.method === "GET")).toBe(true);
    expect(world.storageRequests?.every((r) => !r.authorization)).toBe(true);
    await page.close();
  });

  it("item 22: the request after GitHub's redirect carries no custom header, so no preflight reaches storage", async () => {
    const name = "test-results";
    const { id } = artifact(name);
    const requests = world.storageRequests ?? [];
    const before = requests.length;
    const page = await open(`owner=octo-org&repo=octo-docs&name=${name}`);
    const target = row(page, name);
    const downloaded = page.waitForEvent("download");
    downloaded.catch(() => undefined); // note: awaited below only once the row says the download succeeded
    await target.getByRole("button", { name: `Download ${name}` }).click();
    const settled = target.locator('.download[data-status="success"], .download[data-status="error"]');
    await settled.waitFor();

    const seen = requests.slice(before);
    // Storage answers every preflight 403, as a blob store without CORS rules for custom headers does: none came.
    expect(seen.filter((r) => r.method === "OPTIONS")).toEqual([]);
    expect(seen.map((r) => `${r.method} ${r.path}`)).toContain(`GET /artifacts/${id}.zip`);
    for (const request of seen) {
      expect(request.headers).not.toContain("authorization");
      expect(request.headers).not.toContain("x-github-api-version");
      expect(request.headers).not.toContain("if-none-match");
    }
    expect(await settled.getAttribute("data-status"), (await settled.textContent()) ?? "").toBe("success");
    const download = await downloaded;
    const saved = path.join(RESULTS, `item-22-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    expect(sha256(await readFile(saved))).toBe(sha256(world.zipOf?.(id) as Uint8Array));
    await page.close();
  });

  it("cancels a download in progress", async () => {
    const page = await open(`owner=octo-org&repo=octo-docs&name=${SPECIAL.large}`);
    const target = row(page, SPECIAL.large);
    await target.getByRole("button", { name: `Download ${SPECIAL.large}` }).click();
    await target.getByRole("button", { name: "Cancel" }).click();
    await target.getByText("Download cancelled.").waitFor();
    await page.close();
  });

  it("deletes an artifact after confirmation", async () => {
    const page = await open("owner=octo-org&repo=octo-docs");
    const name = "docs-site";
    await row(page, name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await row(page, name).waitFor({ state: "detached" });
    await page.getByText(`Deleted ${name}.`).waitFor();
    await page.reload();
    await row(page, SPECIAL.large).waitFor();
    expect(await row(page, name).count()).toBe(0);
    await page.close();
  });

  it("puts a row back with a message when the server refuses the delete", async () => {
    const page = await open("owner=octo-org&repo=octo-docs");
    const name = SPECIAL.protected;
    await row(page, name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    const alert = page.getByRole("alert").filter({ hasText: `Could not delete ${name}` });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Permission denied");
    await row(page, name).waitFor();
    await page.close();
  });

  it.each([
    ["not-found", "Not found."],
    ["unauthorized", "Not authorized."],
    ["rate-limited", "Rate limit reached."],
    ["empty", "No artifacts in empty/demo."],
  ])("shows the %s state", async (owner, message) => {
    const page = await open(`owner=${owner}&repo=demo`);
    const shown = page.getByText(message);
    await shown.waitFor();
    if (owner === "rate-limited") {
      expect(await page.getByRole("alert").textContent()).toMatch(/accept requests again at .+ \(in 1[45] minutes\)/);
    }
    await page.close();
  });

  it("disables an expired artifact's Download and says why", async () => {
    const page = await open(`owner=octo-org&repo=octo-docs&name=${SPECIAL.expired}`);
    const target = row(page, SPECIAL.expired);
    const button = target.getByRole("button", { name: `Download ${SPECIAL.expired}` });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    const expiresAt = (artifact(SPECIAL.expired) as { expires_at?: string }).expires_at as string;
    const day = await page.evaluate(
      (at) => new Date(at).toLocaleDateString(undefined, { dateStyle: "medium" }),
      expiresAt,
    );
    const hint = `Expired on ${day}: GitHub no longer has the archive.`;
    expect(await target.locator(".download .hint").textContent()).toBe(hint);
    // The hint is the button's accessible description, so a screen reader says why it is disabled.
    expect(
      await button.evaluate((b) => document.getElementById(b.getAttribute("aria-describedby") ?? "")?.textContent),
    ).toBe(hint);
    await page.close();
  });
});
