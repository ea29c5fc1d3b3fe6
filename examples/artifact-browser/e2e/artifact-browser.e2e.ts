import { createHash } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { get } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Artifact,
  type ArtifactStorageSummary,
  createArtifactsClient,
  planArtifactCleanup,
  summarizeArtifactStorage,
} from "@gh-artifacts/client";
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
} from "../../../scripts/lib/local-world.mjs";
import { formatBytes, formatGbHours } from "../src/format.js";

const RESULTS = fileURLToPath(new URL("../test-results/", import.meta.url));
const DAY = 24 * 60 * 60 * 1000;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let world: LocalWorld;
let browser: Browser | undefined;
let context: BrowserContext;
const offLoopback: string[] = [];
/** Every request a page made: its URL and its headers (all of them, as the network saw them). */
const pageRequests: Promise<{ url: string; headers: Record<string, string> }>[] = [];

beforeAll(async () => {
  await mkdir(RESULTS, { recursive: true });
  // note: paced so a download takes about two seconds: long enough to see progress and to cancel one.
  world = await startLocalWorld({ bytesPerSecond: 2 * 1024 * 1024 });
  browser = await chromium.launch(chromiumLaunchOptions());
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // note: below vitest's own timeout, so a missing element fails with Playwright's message rather than a bare timeout.
  context.setDefaultTimeout(10_000);
  context.on("request", (request) => {
    const { protocol, hostname } = new URL(request.url());
    if (protocol.startsWith("http") && hostname !== "127.0.0.1") offLoopback.push(request.url());
    // note: a request still in flight when its test closes the page has no full headers to give; its provisional
    // ones (what the page itself set, Authorization included) are what this check is about.
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
  // Nothing is left running: Prism, the only child process, has exited.
  if (world?.prismPid) expect(() => process.kill(world.prismPid as number, 0)).toThrow();
  expect(offLoopback).toEqual([]);
  // The page never held the token: no request it made carried any Authorization, and none went past the app's
  // server to the mock GitHub directly.
  const seen = await Promise.all(pageRequests);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.filter((r) => "authorization" in r.headers).map((r) => r.url)).toEqual([]);
  expect(seen.filter((r) => r.url.startsWith(world.apiUrl)).map((r) => r.url)).toEqual([]);
  // No browser path depends on the storage host's CORS rules: the page never asked storage anything (the proxy
  // streams every download), and storage, which sends no CORS header, would have failed any such fetch.
  expect(seen.filter((r) => r.url.startsWith(world.storageUrl as string)).map((r) => r.url)).toEqual([]);
  expect(seen.filter((r) => r.url.startsWith(`${world.appUrl}${API_PREFIX}/`)).length).toBeGreaterThan(0);
});

async function open(query: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${world.appUrl}/?${query}`);
  return page;
}

/** The row of an artifact whose name is unique in the demo repository. */
const row = (page: Page, name: string) =>
  page.locator("tbody tr", { has: page.getByRole("rowheader", { name, exact: true }) });
/** The row of artifact `id` (names repeat across runs). */
const byId = (page: Page, id: number) => page.locator(`tbody tr[data-id="${id}"]`);
/** The newest demo artifact named `name`. */
const artifact = (name: string) => {
  const found = world.artifacts?.find((a) => a.name === name);
  if (!found) throw new Error(`no demo artifact ${name}`);
  return found;
};
/** The Latest card of `name`. */
const latestCard = (page: Page, name: string) => page.getByRole("region", { name: `Latest ${name}` });
/**
 * The repository's non-expired artifacts named `name` as they are now (earlier tests delete some), newest first:
 * sorted here rather than by the client's picker, so the card is checked against an independent answer.
 */
const newestFirst = async (name: string) => {
  const gh = createArtifactsClient({ baseUrl: world.proxyUrl });
  const all = await gh.listAllArtifactsForRepo({ owner: "octo-org", repo: "octo-docs" });
  return all
    .filter((a) => a.name === name && !a.expired)
    .sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? "") || b.id - a.id);
};
/** The requests the mock GitHub received from now on (read the returned function later). */
const apiRequestsFromNow = () => {
  const requests = world.apiRequests ?? [];
  const before = requests.length;
  return () => requests.slice(before);
};

describe("artifact browser", () => {
  it("gets no token from its server: /config.json names the proxy on its own origin as the API", async () => {
    const response = await fetch(`${world.appUrl}/config.json`);
    const body = await response.text();
    expect(body).not.toContain(MOCK_TOKEN);
    const config = JSON.parse(body);
    expect(Object.keys(config).sort()).toEqual(["baseUrl", "deletes", "mode", "scenarios", "special"]);
    expect(config).toMatchObject({ mode: "mock", baseUrl: API_PREFIX, special: SPECIAL, deletes: true });
  });

  it("answers its proxy only for its own names: a page on another name that resolves here (DNS rebinding) gets 421", async () => {
    const api = apiRequestsFromNow();
    const status = (host: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const url = new URL(`${world.appUrl}${API_PREFIX}/repos/octo-org/octo-docs/actions/artifacts`);
        get(url, { headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode);
        }).on("error", reject);
      });
    expect(await status("rebind.attacker.example")).toBe(421);
    expect(api()).toEqual([]);
    expect(await status(new URL(world.appUrl).host)).toBe(200);
  });

  it("shows the mock's artifacts and loads the next page on scroll, through the proxy that adds the token", async () => {
    const api = apiRequestsFromNow();
    const page = await open("owner=octo-org&repo=octo-docs");
    await row(page, SPECIAL.large).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "Showing" }).textContent()).toMatch(
      new RegExp(`of ${DEMO_ARTIFACT_COUNT} artifacts`),
    );
    const large = row(page, SPECIAL.large);
    expect(await large.locator("td").nth(0).textContent()).toBe("4.0 MiB");
    expect(await large.textContent()).toContain(artifact(SPECIAL.large).digest?.slice(7, 15));
    await page.screenshot({ path: path.join(RESULTS, "main-screen.png"), fullPage: false });

    await page.getByRole("button", { name: "Load more" }).scrollIntoViewIfNeeded();
    await page.getByText(`Showing ${DEMO_ARTIFACT_COUNT} of ${DEMO_ARTIFACT_COUNT} artifacts`).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(DEMO_ARTIFACT_COUNT);
    expect(await row(page, SPECIAL.expired).locator(".badge").textContent()).toBe("expired");
    // Both pages reached the mock GitHub from the proxy, with the server's token (the page has none).
    const lists = api().filter((r) => r.path === "/repos/octo-org/octo-docs/actions/artifacts");
    expect(lists.length).toBeGreaterThanOrEqual(2);
    expect(lists.map((r) => r.authorization)).toEqual(lists.map(() => "token"));
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
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(RESULTS, "main-screen-375px.png") });
    // The cleanup panel and its plan fit too (a preview sends no DELETE).
    await page.getByRole("button", { name: "Clean up…" }).click();
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("table", { name: "Cleanup plan" }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(RESULTS, "cleanup-375px.png"), fullPage: true });
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
    const served = world.bytesOf?.(id) as Uint8Array;
    expect(served.byteLength).toBeGreaterThan(4 * 1024 * 1024);
    expect(sha256(await readFile(saved))).toBe(sha256(served));
    // The token went to the API only: storage saw the download, and never an Authorization header.
    expect(world.storageRequests?.some((r) => r.path === `/artifacts/${id}.zip` && r.method === "GET")).toBe(true);
    expect(world.storageRequests?.every((r) => !r.authorization)).toBe(true);
    await page.close();
  });

  it("item 22: storage gets the proxy's plain GET: no preflight, no Authorization or GitHub header", async () => {
    const name = "test-results";
    const { id } = artifact(name);
    const requests = world.storageRequests ?? [];
    const before = requests.length;
    const page = await open(`owner=octo-org&repo=octo-docs&name=${name}`);
    const target = byId(page, id);
    const downloaded = page.waitForEvent("download");
    downloaded.catch(() => undefined); // note: awaited below only once the row says the download succeeded
    await target.getByRole("button", { name: `Download ${name}` }).click();
    const settled = target.locator('.download[data-status="success"], .download[data-status="error"]');
    await settled.waitFor();

    const seen = requests.slice(before);
    // Storage answers every preflight 403 and sends no CORS header: none came (the proxy streams the download).
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
    expect(sha256(await readFile(saved))).toBe(sha256(world.bytesOf?.(id) as Uint8Array));
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

  it("deletes an artifact after confirmation, through the proxy", async () => {
    const api = apiRequestsFromNow();
    const page = await open("owner=octo-org&repo=octo-docs");
    const name = "docs-site";
    const { id } = artifact(name);
    await byId(page, id)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await byId(page, id).waitFor({ state: "detached" });
    await page.getByText(`Deleted ${name}.`).waitFor();
    await page.reload();
    await row(page, SPECIAL.large).waitFor();
    expect(await byId(page, id).count()).toBe(0);
    const path = `/repos/octo-org/octo-docs/actions/artifacts/${id}`;
    expect(api().filter((r) => r.method === "DELETE")).toMatchObject([{ path, authorization: "token" }]);
    await page.close();
  });

  it("puts a row back with a message when the server refuses the delete", async () => {
    const page = await open("owner=octo-org&repo=octo-docs");
    const name = SPECIAL.protected;
    const { id } = artifact(name);
    await byId(page, id)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    const alert = page.getByRole("alert").filter({ hasText: `Could not delete ${name}` });
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Permission denied");
    await byId(page, id).waitFor();
    await page.close();
  });

  it("cleans up by policy: the preview is planArtifactCleanup's plan, the run deletes it and reports each outcome", async () => {
    const page = await open("owner=octo-org&repo=octo-docs");
    await row(page, SPECIAL.large).waitFor();
    // note: every page loaded, so the rows the run deletes are on screen to disappear.
    await page.getByRole("button", { name: "Load more" }).scrollIntoViewIfNeeded();
    await page.getByText(/^Showing (\d+) of \1 artifacts$/).waitFor();

    await page.getByRole("button", { name: "Clean up…" }).click();
    const panel = page.getByRole("region", { name: "Clean up octo-org/octo-docs" });
    await panel.getByLabel("Keep the newest").fill("1");
    await panel.getByLabel("Older than").fill("2d");
    await panel.getByLabel("Branch").fill("main");
    await panel.getByLabel("Pause between deletes").fill("0.2");

    // The plan expected from the repository as it is now (earlier tests deleted some), read through the proxy too.
    const gh = createArtifactsClient({ baseUrl: world.proxyUrl });
    const current = await gh.listAllArtifactsForRepo({ owner: "octo-org", repo: "octo-docs" });
    await panel.getByRole("button", { name: "Preview" }).click();
    const expected = planArtifactCleanup(current, { keepLatest: 1, olderThanMs: 2 * DAY, branch: "main" }, Date.now());
    const refused = expected.delete.filter((a) => a.name === SPECIAL.protected);
    expect(refused.length).toBe(1);
    expect(expected.delete.length).toBeGreaterThan(3);

    const summary = panel.getByRole("status").filter({ hasText: "to delete" });
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(
      new RegExp(`^${expected.totals.count} artifacts to delete .*freeing ${formatBytes(expected.totals.bytes)};`),
    );
    const plan = panel.getByRole("table", { name: "Cleanup plan" });
    const cells = (part: string) =>
      plan.locator(`${part} tr`).evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)));
    // Only the groups something is deleted from are listed (the rest are counted below the table).
    expect(await cells("tbody")).toEqual(
      expected.groups
        .filter((g) => g.delete.length > 0)
        .map((g) => [g.name, g.branch ?? "—", `${g.delete.length}`, `${g.keep.length}`, formatBytes(g.bytes)]),
    );
    expect(await cells("tfoot")).toEqual([
      ["Total", `${expected.totals.count}`, `${expected.totals.kept}`, formatBytes(expected.totals.bytes)],
    ]);
    await page.screenshot({ path: path.join(RESULTS, "cleanup-preview.png"), fullPage: true });

    // Someone else deletes one of them between the preview and the run: the run reports it "already gone".
    const [gone] = expected.delete.filter((a) => a.name !== SPECIAL.protected);
    await gh.deleteArtifact({ owner: "octo-org", repo: "octo-docs", artifact_id: (gone as Artifact).id });
    const api = apiRequestsFromNow();

    const count = expected.delete.length;
    await panel.getByRole("button", { name: `Delete ${count} artifacts…` }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${count} artifacts from octo-org/octo-docs?` });
    await dialog.getByRole("button", { name: `Delete ${count} artifacts` }).click();

    const status = (a: Artifact) => (a === gone ? "gone" : refused.includes(a) ? "failed" : "deleted");
    const freed = expected.delete.filter((a) => status(a) === "deleted").reduce((n, a) => n + a.size_in_bytes, 0);
    const done = panel.getByText(/^Done\./);
    await done.waitFor();
    expect(await done.textContent()).toBe(
      `Done. Deleted ${count - 2}, already gone 1, failed 1; ${formatBytes(freed)} freed.`,
    );
    const outcomes = panel.getByRole("list", { name: "Cleanup results" }).getByRole("listitem");
    expect(
      await outcomes.evaluateAll((items) => items.map((li) => [Number(li.dataset.id), li.dataset.status])),
    ).toEqual(expected.delete.map((a) => [a.id, status(a)]));
    expect(await outcomes.filter({ hasText: SPECIAL.protected }).textContent()).toContain("Permission denied");

    // One DELETE each, oldest first, one at a time, each with the server's token.
    const deletes = api().filter((r) => r.method === "DELETE");
    expect(deletes.map((r) => r.path)).toEqual(
      expected.delete.map((a) => `/repos/octo-org/octo-docs/actions/artifacts/${a.id}`),
    );
    expect(deletes.every((r) => r.authorization === "token")).toBe(true);
    // Paced: each DELETE left at least the 0.2 s pause after the previous one was answered (a lower bound only, so
    // a loaded machine can only make the gaps longer).
    const arrivals = deletes.map((r) => r.at);
    const gaps = arrivals.slice(1).map((at, i) => at - (arrivals[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(195);

    // The table refetches without them; the refused one stays.
    for (const a of expected.delete) {
      if (status(a) !== "failed") await byId(page, a.id).waitFor({ state: "detached" });
    }
    expect(await byId(page, (refused[0] as Artifact).id).count()).toBe(1);
    await page.close();
  });

  it("stops a cleanup run between two deletes", async () => {
    const page = await open("owner=octo-org&repo=octo-docs");
    await row(page, SPECIAL.large).waitFor();
    await page.getByRole("button", { name: "Clean up…" }).click();
    const panel = page.getByRole("region", { name: "Clean up octo-org/octo-docs" });
    await panel.getByLabel("Older than").fill("2d");
    await panel.getByLabel("Branch").fill("release/2.x");
    // note: a long pause, so Stop lands in it; stopping ends the pause at once.
    await panel.getByLabel("Pause between deletes").fill("30");
    await panel.getByRole("button", { name: "Preview" }).click();
    const start = panel.getByRole("button", { name: /^Delete \d+ artifacts…$/ });
    await start.waitFor();
    const api = apiRequestsFromNow();
    await start.click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /^Delete \d+ artifacts$/ })
      .click();
    const outcomes = panel.getByRole("list", { name: "Cleanup results" }).getByRole("listitem");
    await outcomes.first().waitFor();
    await panel.getByRole("button", { name: "Stop" }).click();
    const stopped = panel.getByText(/^Stopped\./);
    await stopped.waitFor();
    expect(await stopped.textContent()).toMatch(/^Stopped\. Deleted 1, already gone 0, failed 0; /);
    expect(await outcomes.count()).toBe(1);
    expect(api().filter((r) => r.method === "DELETE").length).toBe(1);
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
  it("shows the newest artifact of the name filter in a Latest card above the table, and downloads it", async () => {
    const name = "test-results";
    const [newest, ...older] = await newestFirst(name);
    expect(older.length).toBeGreaterThan(0);
    const latest = newest as Artifact;
    const page = await open(`owner=octo-org&repo=octo-docs&name=${name}`);
    const card = latestCard(page, name);
    await card.locator(`[data-id="${latest.id}"]`).waitFor();
    const text = await card.textContent();
    expect(text).toContain(String(latest.id));
    expect(text).toContain(formatBytes(latest.size_in_bytes));
    expect(text).toContain(latest.workflow_run?.head_branch as string);
    // Above the table: the card comes first in the document.
    await byId(page, latest.id).waitFor();
    const cardFirst = await page.evaluate(() => {
      const [section, table] = [document.querySelector("section.latest"), document.querySelector("table")];
      return Boolean(section && table && section.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(cardFirst).toBe(true);
    await page.screenshot({ path: path.join(RESULTS, "latest-card.png") });

    // Its Download is the table's: the same archive, saved with progress up to 100%.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card.getByRole("button", { name: `Download latest ${name}` }).click(),
    ]);
    await card.locator('.download[data-status="success"]').waitFor();
    expect(await card.locator(".percent").textContent()).toBe("100%");
    expect(download.suggestedFilename()).toBe(`${name}.zip`);
    const saved = path.join(RESULTS, `latest-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    expect(sha256(await readFile(saved))).toBe(sha256(world.bytesOf?.(latest.id) as Uint8Array));
    await page.close();
  });

  it.each([
    ["no-such-artifact", "a name without artifacts"],
    [SPECIAL.expired, "a name whose only artifact has expired"],
  ])("says none was found for %s (%s)", async (name) => {
    const page = await open(`owner=octo-org&repo=octo-docs&name=${name}`);
    const card = latestCard(page, name);
    await card.getByText(`No artifact named ${name} that has not expired.`).waitFor();
    expect(await card.getByRole("button").count()).toBe(0);
    await page.close();
  });

  it("shows the Latest card's error", async () => {
    const page = await open("owner=not-found&repo=demo&name=test-results");
    const alert = latestCard(page, "test-results").getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toContain("Not found.");
    await page.close();
  });

  it("shows the next newest in the Latest card once the latest is deleted from the table", async () => {
    const name = "sbom";
    const [latest, next] = await newestFirst(name);
    if (!latest || !next) throw new Error(`fewer than two ${name} artifacts left`);
    const page = await open(`owner=octo-org&repo=octo-docs&name=${name}`);
    const card = latestCard(page, name);
    await card.locator(`[data-id="${latest.id}"]`).waitFor();
    await byId(page, latest.id)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    await page
      .getByRole("dialog", { name: `Delete ${name}?` })
      .getByRole("button", { name: "Delete" })
      .click();
    await page.getByText(`Deleted ${name}.`).waitFor();
    await card.locator(`[data-id="${next.id}"]`).waitFor();
    expect(await card.locator(`[data-id="${latest.id}"]`).count()).toBe(0);
    await page.close();
  });
});

describe("single-file artifacts (archive: false) and hostile names", () => {
  it.each([
    [SPECIAL.wheel, "app-1.2.0-py3-none-any.whl", "file"],
    [SPECIAL.report, "report.html", "file"],
    [SPECIAL.manual, "manual.pdf", "file"],
    [SPECIAL.hidden, "_git.zip", "zip"],
  ])("saves %s from the table as %s, byte for byte the digest", async (name, fileName, kind) => {
    const { id, digest } = artifact(name);
    const page = await open(`owner=octo-org&repo=octo-docs&name=${encodeURIComponent(name)}`);
    const target = byId(page, id);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      target.getByRole("button", { name: `Download ${name}`, exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(fileName);
    const saved = path.join(RESULTS, `single-${download.suggestedFilename()}`);
    await download.saveAs(saved);
    const bytes = await readFile(saved);
    expect(`sha256:${sha256(bytes)}`).toBe(digest);
    expect(sha256(bytes)).toBe(sha256(world.bytesOf?.(id) as Uint8Array));

    await target.locator('.download[data-status="success"]').waitFor();
    expect(await target.locator(".saved code").textContent()).toBe(fileName);
    // A single file is marked as one, with the type it came with; a zip is not.
    expect(await target.locator(".badge.file").count()).toBe(kind === "file" ? 1 : 0);
    if (kind === "file") expect(await target.locator(".kind .type").textContent()).not.toBe("");
    // It came through the proxy: storage served it at its own path, to the proxy (the page never asks storage).
    const storagePath = world.storagePathOf?.(id) as string;
    expect(world.storageRequests?.some((r) => r.path === storagePath && r.method === "GET")).toBe(true);
    await page.close();
  });

  it("runs no script of an HTML artifact opened at its download URL: the browser downloads it instead", async () => {
    const { id } = artifact(SPECIAL.report);
    const page = await open("owner=octo-org&repo=octo-docs");
    await row(page, SPECIAL.large).waitFor();
    const url = `${world.proxyUrl}/repos/octo-org/octo-docs/actions/artifacts/${id}/zip`;
    const downloaded = page.waitForEvent("download", { timeout: 10_000 }).catch(() => undefined);
    // note: a navigation that becomes a download rejects (Playwright: "Download is starting"); one that renders
    // resolves with the document's answer, and then the report's script has run on the app's origin.
    const rendered = await page.goto(url).then(
      (response) => response?.status(),
      () => undefined,
    );
    const download = await downloaded;
    expect(rendered).toBeUndefined();
    expect(download).toBeDefined();
    expect(page.url()).not.toBe(url);
    expect(
      await page.evaluate(() => (window as { __artifactScriptRan?: unknown }).__artifactScriptRan),
    ).toBeUndefined();
    const saved = path.join(RESULTS, `navigated-${download?.suggestedFilename()}`);
    await download?.saveAs(saved);
    expect(sha256(await readFile(saved))).toBe(sha256(world.bytesOf?.(id) as Uint8Array));
    // The proxy's answer says so itself (the app's origin serves it, so it must never be a page).
    const response = await fetch(url);
    await response.body?.cancel();
    expect(response.headers.get("content-disposition")).toMatch(/^attachment\b/);
    await page.close();
  });

  it("the proxy serves it under its own safe name, as bytes, not sniffed and sandboxed (the proxy's hardening)", async () => {
    const { id } = artifact(SPECIAL.report);
    const page = await open("owner=octo-org&repo=octo-docs");
    await row(page, SPECIAL.large).waitFor();
    const url = `${world.proxyUrl}/repos/octo-org/octo-docs/actions/artifacts/${id}/zip`;
    const downloaded = page.waitForEvent("download", { timeout: 10_000 }).catch(() => undefined);
    await page.goto(url).catch(() => undefined);
    const download = await downloaded;
    await download?.cancel();
    expect(download?.suggestedFilename()).toBe("report.html");
    expect(
      await page.evaluate(() => (window as { __artifactScriptRan?: unknown }).__artifactScriptRan),
    ).toBeUndefined();
    const response = await fetch(url);
    await response.body?.cancel();
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toMatch(/\bsandbox\b/);
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment\b/);
    expect(disposition).toMatch(/\bfilename\*?=(?:UTF-8'')?"?report\.html"?(?:;|$)/i);
    await page.close();
  });
});

describe("storage view", () => {
  const DAY_MS = 24 * 60 * 60 * 1000;
  let clocked: BrowserContext;

  // note: a context of its own, because a page's clock is its context's: the other tests keep the real time.
  beforeAll(async () => {
    clocked = await (browser as Browser).newContext({ viewport: { width: 1280, height: 900 } });
    clocked.setDefaultTimeout(10_000);
    clocked.on("request", (request) => {
      const { protocol, hostname } = new URL(request.url());
      if (protocol.startsWith("http") && hostname !== "127.0.0.1") offLoopback.push(request.url());
      pageRequests.push(
        request.allHeaders().then(
          (headers) => ({ url: request.url(), headers }),
          () => ({ url: request.url(), headers: request.headers() }),
        ),
      );
    });
  });
  afterAll(async () => {
    await clocked?.close();
  });

  /** A page whose clock stands still at `now` (timers still run), so the page sums with the same `now` as the test. */
  async function openAt(now: number, query: string, viewport?: { width: number; height: number }) {
    const page = await clocked.newPage();
    if (viewport) await page.setViewportSize(viewport);
    await page.clock.setFixedTime(now);
    await page.goto(`${world.appUrl}/?${query}`);
    return page;
  }
  const listNow = () =>
    createArtifactsClient({ baseUrl: world.proxyUrl }).listAllArtifactsForRepo({
      owner: "octo-org",
      repo: "octo-docs",
    });
  /** The chart's rows as text: key, size, count, expiring, GB-hours. */
  const chartRows = (page: Page, groupBy: "name" | "branch") =>
    page.locator(`table.storage-chart[data-group-by="${groupBy}"] tbody tr`).evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.children].map((c) => c.textContent ?? "");
        return [
          cells[0],
          r.querySelector(".bytes")?.textContent,
          cells[2],
          r.querySelector("time")?.getAttribute("datetime") ?? null,
          cells[4],
          cells[5],
        ];
      }),
    );
  const expectedRows = (summary: ArtifactStorageSummary) =>
    summary.groups.map((g) => [
      g.key ?? "(no branch)",
      formatBytes(g.bytes),
      String(g.count),
      g.oldestCreatedAt,
      `${g.expiringCount.in1d} · ${g.expiringCount.in7d} · ${g.expiringCount.in30d}`,
      formatGbHours(g.gbHoursLeft),
    ]);

  it("is reached from the main view and charts the repository's bytes by name and by branch, with what expires soon", async () => {
    // note: 80 days on, the demo's artifacts (kept 90 days) start to expire: some within a day, more within 7 and 30.
    const now = Date.now() + 80 * DAY_MS;
    const page = await openAt(now, "owner=octo-org&repo=octo-docs");
    await row(page, SPECIAL.large).waitFor();
    await page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: "Storage" }).click();
    await page.getByRole("heading", { name: "Storage of octo-org/octo-docs" }).waitFor();
    expect(new URL(page.url()).searchParams.get("view")).toBe("storage");
    expect(await page.getByRole("link", { name: "Storage" }).getAttribute("aria-current")).toBe("page");
    // The artifacts view is out of sight, not gone: its table waits behind the tab.
    expect(
      await page
        .getByRole("table")
        .filter({ has: page.getByRole("columnheader", { name: "Digest" }) })
        .isVisible(),
    ).toBe(false);

    const current = [{ repository: "octo-org/octo-docs", artifacts: await listNow() }];
    const byName = summarizeArtifactStorage(current, { now, groupBy: "name" });
    const byBranch = summarizeArtifactStorage(current, { now, groupBy: "branch" });
    const { totals } = byName;
    expect(totals.expiringCount.in1d).toBeGreaterThan(0);
    expect(totals.expiringCount.in7d).toBeGreaterThan(totals.expiringCount.in1d);
    expect(totals.expiringCount.in30d).toBeGreaterThan(totals.expiringCount.in7d);

    await page.locator("table.storage-chart tbody tr").first().waitFor();
    expect(await chartRows(page, "name")).toEqual(expectedRows(byName));
    expect(await chartRows(page, "branch")).toEqual(expectedRows(byBranch));
    const stat = (name: string) => page.locator(`[data-stat="${name}"]`).textContent();
    expect(await stat("bytes")).toBe(formatBytes(totals.bytes));
    expect(await stat("count")).toBe(`${totals.count} + ${totals.expired} expired (no storage)`);
    expect(await stat("gb-hours")).toBe(formatGbHours(totals.gbHoursLeft));
    const soon = page.getByRole("list", { name: "Expiring soon" }).getByRole("listitem");
    expect((await soon.allTextContents()).map((text) => text.trim())).toEqual(
      (["in1d", "in7d", "in30d"] as const).map((span, i) => {
        const [count, bytes] = [totals.expiringCount[span], totals.expiringBytes[span]];
        return `${["Within 1 day", "Within 7 days", "Within 30 days"][i]}: ${count} ${count === 1 ? "artifact" : "artifacts"}, ${formatBytes(bytes)}`;
      }),
    );
    // The largest group's bar is full width; each bar is hidden from screen readers (its numbers are beside it).
    const bars = page.locator('table.storage-chart[data-group-by="name"] .bar');
    expect(await bars.first().getAttribute("aria-hidden")).toBe("true");
    expect(
      await bars
        .first()
        .locator(".fill")
        .evaluate((e) => (e as HTMLElement).style.width),
    ).toBe("100%");
    await page.screenshot({ path: path.join(RESULTS, "storage-view.png"), fullPage: true });
    await page.close();
  });

  it("'Clean up…' of a group opens the cleanup panel with its name or branch filled in", async () => {
    const page = await openAt(Date.now(), "owner=octo-org&repo=octo-docs&view=storage");
    const cleanUp = (label: string) => page.getByRole("button", { name: label, exact: true }).click();
    await cleanUp("Clean up name test-results…");
    const panel = page.getByRole("region", { name: "Clean up octo-org/octo-docs" });
    await panel.waitFor();
    expect(new URL(page.url()).searchParams.get("view")).toBeNull();
    expect(await page.getByRole("link", { name: "Artifacts" }).getAttribute("aria-current")).toBe("page");
    expect(await panel.getByLabel("Name").inputValue()).toBe("test-results");
    expect(await panel.getByLabel("Branch").inputValue()).toBe("");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("cleanup-heading");

    await page.getByRole("link", { name: "Storage" }).click();
    await cleanUp("Clean up branch release/2.x…");
    await panel.waitFor();
    expect(await panel.getByLabel("Name").inputValue()).toBe("");
    expect(await panel.getByLabel("Branch").inputValue()).toBe("release/2.x");
    // Its preview plans that branch only.
    await panel.getByLabel("Older than").fill("1m");
    await panel.getByRole("button", { name: "Preview" }).click();
    const branches = panel.getByRole("table", { name: "Cleanup plan" }).locator('tbody td[data-label="Branch"]');
    await branches.first().waitFor();
    expect(new Set(await branches.allTextContents())).toEqual(new Set(["release/2.x"]));
    await page.close();
  });

  it("is readable at phone width", async () => {
    const page = await openAt(Date.now() + 80 * DAY_MS, "owner=octo-org&repo=octo-docs&view=storage", {
      width: 375,
      height: 812,
    });
    await page.locator("table.storage-chart tbody tr").first().waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(RESULTS, "storage-view-375px.png"), fullPage: true });
    await page.close();
  });
});

describe("what a new user saw", () => {
  it("keeps one Latest card when the name filter changes", async () => {
    const page = await open("owner=octo-org&repo=octo-docs&name=test-results");
    await latestCard(page, "test-results").locator("[data-id]").waitFor();
    const search = page.getByRole("form", { name: "Repository" });
    for (const name of ["sbom", "docs-site"]) {
      await search.getByLabel("Name").fill(name);
      await search.getByRole("button", { name: "Show artifacts" }).click();
      await latestCard(page, name).locator("[data-id]").waitFor();
      await page.getByText(/^Showing \d+ of \d+ artifacts$/).waitFor();
      expect(await page.locator("section.latest").count()).toBe(1);
      expect(await page.getByRole("heading", { name: /^Latest / }).allTextContents()).toEqual([`Latest ${name}`]);
    }
    await page.close();
  });

  it("previews a cleanup at phone width with only the groups it deletes from, the rest counted", async () => {
    const page = await open("owner=octo-org&repo=octo-docs", { width: 375, height: 812 });
    await row(page, SPECIAL.large).waitFor();
    await page.getByRole("button", { name: "Clean up…" }).click();
    const panel = page.getByRole("region", { name: "Clean up octo-org/octo-docs" });
    const current = await createArtifactsClient({ baseUrl: world.proxyUrl }).listAllArtifactsForRepo({
      owner: "octo-org",
      repo: "octo-docs",
    });
    await panel.getByRole("button", { name: "Preview" }).click();
    // The form's defaults: keep the newest 1, delete the rest older than 7 days.
    const plan = planArtifactCleanup(current, { keepLatest: 1, olderThanMs: 7 * DAY }, Date.now());
    const deleting = plan.groups.filter((g) => g.delete.length > 0);
    const rest = plan.groups.filter((g) => g.delete.length === 0);
    expect(deleting.length).toBeGreaterThan(0);
    expect(rest.length).toBeGreaterThan(0);

    const start = panel.getByRole("button", { name: /^Delete \d+ artifacts?…$/ });
    await start.waitFor();
    const rows = panel.getByRole("table", { name: "Cleanup plan" }).locator("tbody tr");
    expect(
      await rows.evaluateAll((all) => all.map((r) => [r.children[0]?.textContent, r.children[1]?.textContent])),
    ).toEqual(deleting.map((g) => [g.name, g.branch ?? "—"]));
    const kept = rest.reduce((n, g) => n + g.keep.length, 0);
    expect(await panel.locator(".untouched").textContent()).toBe(
      `${rest.length} other groups with nothing to delete (${kept} ${kept === 1 ? "artifact" : "artifacts"} kept).`,
    );
    // The run button is within a few screens of the top, not thousands of pixels down.
    const top = await start.evaluate((button) => button.getBoundingClientRect().top + window.scrollY);
    expect(top).toBeLessThan(4 * 812);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.close();
  });

  it("clears a finished download's line at the next action, and never moves the table", async () => {
    const page = await open("owner=octo-org&repo=octo-docs");
    const first = row(page, SPECIAL.manual);
    const second = row(page, SPECIAL.wheel);
    await first.waitFor();
    /** Where each row and column is: none of it may move while downloads start, end and clear. */
    const layout = () =>
      page.evaluate(() => ({
        rows: [...document.querySelectorAll("tbody tr")].map((r) => {
          const box = r.getBoundingClientRect();
          return [Math.round(box.top), Math.round(box.height)];
        }),
        columns: [...document.querySelectorAll("thead th")].map((th) => {
          const box = th.getBoundingClientRect();
          return [Math.round(box.left), Math.round(box.width)];
        }),
      }));
    const before = await layout();

    await first.getByRole("button", { name: `Download ${SPECIAL.manual}` }).click();
    await first.locator('.download[data-status="success"]').waitFor();
    expect(await first.locator(".saved").textContent()).toBe("Saved as manual.pdf");
    expect(await layout()).toEqual(before);

    // The next action (another download) clears the first one's line; the second shows its own.
    await second.getByRole("button", { name: `Download ${SPECIAL.wheel}` }).click();
    await second.locator('.download[data-status="success"]').waitFor();
    expect(await first.locator(".download").getAttribute("data-status")).toBe("idle");
    expect(await first.locator(".saved, progress, .percent").count()).toBe(0);
    expect(await layout()).toEqual(before);

    // Any action does: here a search (the same one, so the table stays).
    await page.getByRole("button", { name: "Show artifacts" }).click();
    await second.locator('.download[data-status="idle"]').waitFor();
    expect(await second.locator(".saved, progress, .percent").count()).toBe(0);
    // What the download told stays: the wheel is a single file.
    expect(await second.locator(".badge.file").isVisible()).toBe(true);
    expect(await layout()).toEqual(before);
    await page.close();
  });

  it("says 'It' when a cleanup deletes one artifact", async () => {
    const page = await open("owner=octo-org&repo=octo-docs");
    await row(page, SPECIAL.large).waitFor();
    await page.getByRole("button", { name: "Clean up…" }).click();
    const panel = page.getByRole("region", { name: "Clean up octo-org/octo-docs" });
    // note: two of them on main, and the server refuses to delete either, so this plan holds one whatever ran before.
    await panel.getByLabel("Name").fill(SPECIAL.protected);
    await panel.getByLabel("Branch").fill("main");
    await panel.getByLabel("Older than").fill("1m");
    await panel.getByRole("button", { name: "Preview" }).click();
    await panel.getByRole("button", { name: "Delete 1 artifact…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete 1 artifact from octo-org/octo-docs?" });
    await dialog.waitFor();
    const text = (await dialog.locator("p").textContent()) ?? "";
    expect(text).toMatch(/^It and its archive are removed from GitHub for good, freeing \d/);
    expect(text).not.toMatch(/\bThey\b|\btheir\b|archives/);
    await dialog.getByRole("button", { name: "Back" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.close();
  });

  it("names the artifact's id and branch in the delete dialog, as names repeat", async () => {
    const name = "test-results";
    const [, older] = await newestFirst(name);
    if (!older) throw new Error(`fewer than two ${name} artifacts left`);
    const page = await open(`owner=octo-org&repo=octo-docs&name=${name}`);
    await byId(page, older.id)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
    await dialog.waitFor();
    const branch = older.workflow_run?.head_branch as string;
    const which = `Artifact #${older.id} from branch ${branch} (workflow run ${older.workflow_run?.id}), ${formatBytes(older.size_in_bytes)}, created `;
    expect(await dialog.locator("#delete-which").textContent()).toContain(which);
    // It is the dialog's accessible description, read out with its name.
    expect(
      await dialog.evaluate((d) => document.getElementById(d.getAttribute("aria-describedby") ?? "")?.textContent),
    ).toContain(which);
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await dialog.waitFor({ state: "hidden" });
    await byId(page, older.id).waitFor();
    await page.close();
  });

  it.each([
    ["not-found", "Not found."],
    ["empty", "No artifacts in empty/octo-docs."],
  ])("loads the %s demo scenario's list when its link is pressed", async (owner, message) => {
    const page = await open("owner=octo-org&repo=octo-docs");
    await row(page, SPECIAL.large).waitFor();
    await page.getByText("Demo scenarios").click();
    await page.getByRole("button", { name: owner, exact: true }).click();
    await page.getByText(message).waitFor();
    expect(await page.locator("tbody tr").count()).toBe(0);
    expect(await page.getByLabel("Owner").inputValue()).toBe(owner);
    expect(new URL(page.url()).searchParams.get("owner")).toBe(owner);
    await page.close();
  });

  it("has an icon, so the browser asks the server for no /favicon.ico", async () => {
    const page = await context.newPage();
    const failed: string[] = [];
    page.on("response", (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${world.appUrl}/?owner=octo-org&repo=octo-docs`);
    await row(page, SPECIAL.large).waitFor();
    const icon = await page.evaluate(async () => {
      const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
      if (!link) return null;
      const image = new Image();
      image.src = link.href;
      await image.decode();
      return { scheme: new URL(link.href).protocol, width: image.naturalWidth };
    });
    expect(icon).toEqual({ scheme: "data:", width: expect.any(Number) });
    expect(icon?.width).toBeGreaterThan(0);
    expect(failed).toEqual([]);
    await page.close();
  });
});
