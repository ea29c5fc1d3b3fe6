// @gh-artifacts/testing as an app's developer uses it: packed with the libraries it serves (types, client, react),
// installed with npm next to msw, Vitest and Testing Library in a fresh project outside the workspace, and that
// project's own Vitest run: a screen made with @gh-artifacts/react (a list that pages, a refused and a granted
// delete, a download) against `artifactsHandlers` in msw/node; then the same screen bundled by Vite and run in
// Chromium against the same handlers in msw/browser (`setupWorker`, its `mockServiceWorker.js` served beside it).
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromiumLaunchOptions } from "@gh-artifacts/test-utils/chromium";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packedTarballs } from "./packed-tarballs.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..");
const FIXTURE = path.join(here, "..", "fixtures", "testing-consumer");
const PACKAGES = ["types", "client", "query", "react", "testing"];
const execFileAsync = promisify(execFile);

/** What the consumer installs beside the tarballs, at the versions the workspace has (read from its installs). */
const FROM = {
  react: "packages/react",
  "react-dom": "packages/react",
  "@tanstack/react-query": "packages/react",
  "@testing-library/react": "packages/react",
  "@testing-library/dom": "packages/react",
  "happy-dom": "packages/react",
  msw: "packages/testing",
  vitest: "packages/testing",
  vite: ".",
};

const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && !/^(GH_TOKEN|GITHUB_TOKEN|VITEST.*)$/.test(key)),
);

async function run(command, args, cwd) {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd,
      env: { ...cleanEnv, npm_config_update_notifier: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    throw new Error(
      `\`${command} ${args.join(" ")}\` failed in ${cwd} (exit ${error.code}):\n${error.stdout}\n${error.stderr}`,
    );
  }
}

async function versionOf(name, folder) {
  const manifest = path.join(root, folder, "node_modules", name, "package.json");
  return JSON.parse(await readFile(manifest, "utf8")).version;
}

let temp;
let app;

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), "gh-artifacts-consume-testing-"));
  // note: packed once for the tier by `pnpm pack:all` (test/global-setup.mjs), as `changeset publish` packs:
  // publishConfig applied, `workspace:` ranges rewritten.
  const tarballs = packedTarballs(PACKAGES);
  app = path.join(temp, "app");
  await cp(FIXTURE, app, { recursive: true });
  await writeFile(
    path.join(app, "package.json"),
    `${JSON.stringify({ name: "testing-consumer", private: true, type: "module" })}\n`,
  );
  const extras = await Promise.all(
    Object.entries(FROM).map(async ([name, folder]) => `${name}@${await versionOf(name, folder)}`),
  );
  // note: the cache first, and no install scripts (msw's only copies its worker script into a public folder).
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", ...tarballs, ...extras],
    app,
  );
});

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe("@gh-artifacts/testing installed from its tarball", () => {
  it("carries its published manifest: msw a peer, no workspace ranges, no source condition", async () => {
    const manifest = JSON.parse(
      await readFile(path.join(app, "node_modules", "@gh-artifacts", "testing", "package.json"), "utf8"),
    );
    expect(manifest.peerDependencies).toEqual({ msw: "^2.0.0" });
    expect(JSON.stringify(manifest.dependencies)).not.toContain("workspace:");
    expect(JSON.stringify(manifest.exports)).not.toContain("@gh-artifacts/source");
    expect(Object.keys(manifest.exports)).toEqual([".", "./node", "./package.json"]);
  });

  it("runs the consumer's own Vitest suite: a React screen against artifactsHandlers in msw/node", async () => {
    const stdout = await run(path.join(app, "node_modules", ".bin", "vitest"), ["run"], app);
    expect(stdout).toMatch(/Tests\s+4 passed \(4\)/);
  });
});

/** Serves `dir` on a free loopback port (index.html for `/`); resolves with its URL and a stop function. */
async function serve(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? "/", "http://x").pathname;
    const file = path.join(dir, pathname === "/" ? "index.html" : path.normalize(pathname));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    const body = await readFile(file).catch(() => undefined);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stop: () => new Promise((resolve) => server.close(resolve) && server.closeAllConnections()),
  };
}

describe("the same screen in Chromium, against artifactsHandlers in setupWorker", () => {
  it("lists, pages, shows a refused delete and downloads without the token reaching storage", async () => {
    await mkdir(path.join(app, "public"), { recursive: true });
    await cp(
      path.join(app, "node_modules", "msw", "lib", "mockServiceWorker.js"),
      path.join(app, "public", "mockServiceWorker.js"),
    );
    await run(path.join(app, "node_modules", ".bin", "vite"), ["build", "--logLevel", "error"], app);
    const site = await serve(path.join(app, "dist"));
    // note: the workspace's playwright-core (the example app's end-to-end tests use it) drives the system Chromium.
    const { chromium } = createRequire(path.join(root, "examples", "artifact-browser", "package.json"))(
      "playwright-core",
    );
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(15_000);
      const errors = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(site.url);
      await page.getByText("4 artifacts").waitFor();
      const names = () => page.locator("li").evaluateAll((items) => items.map((li) => li.firstChild?.textContent));
      expect(await names()).toEqual(["report.html", "protected"]);
      await page.getByRole("button", { name: "Load more" }).click();
      await page.locator("li").nth(3).waitFor();
      expect(await names()).toEqual(["report.html", "protected", "logs", "build"]);

      await page.getByRole("button", { name: "Delete protected" }).click();
      await page.getByRole("alert").filter({ hasText: "Could not delete" }).waitFor();
      expect(await page.evaluate(() => window.fakeWorld.names())).toContain("protected");

      await page.getByRole("button", { name: "Download report.html" }).click();
      expect(await page.getByRole("status").textContent()).toBe("Downloaded report.html (16 bytes)");
      const requests = await page.evaluate(() => window.fakeWorld.requests());
      // note: the browser followed the 302 itself and dropped Authorization on the hop to the storage origin.
      expect(requests.filter((r) => r[0] === "storage")).toEqual([
        ["storage", "GET", "/artifacts/4/report.html", "none", 200],
      ]);
      expect(requests.filter((r) => r[0] === "api" && r[1] === "DELETE")).toEqual([
        ["api", "DELETE", "/repos/octo/hello/actions/artifacts/3", "token", 403],
      ]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await site.stop();
    }
  });
});
