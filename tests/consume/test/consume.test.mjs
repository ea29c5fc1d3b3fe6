// The public packages as npm users get them: packed once for the tier by `pnpm pack:all` in test/global-setup.mjs
// (the README's way to install them before they
// are on npm: `pnpm pack` per package, publishConfig applied, `workspace:` ranges rewritten), installed with npm
// into a fresh project outside the workspace, then typechecked strictly, run on Node (this machine's and 24) against
// the local mock, and bundled for the browser by Vite; the server proxy is mounted on node:http in front of the mock
// and bundled as a Worker module; the CLI is run from the bin npm installed. npm running on Node 22 and 24 installs
// them too, each into a project of its own.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startLocalWorld } from "../../../scripts/lib/local-world.mjs";
import { workspaceVersions } from "./workspace-versions.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..");
const FIXTURE = path.join(here, "..", "fixtures", "consumer");
const APP = path.join(here, "..", "fixtures", "app");
const PACKAGES = ["types", "client", "query", "react", "vue", "cli", "testing"];
const execFileAsync = promisify(execFile);

// note: pnpm passes its own npm_* settings to scripts; npm in the fresh project must read only its usual config.
// A token or API root of the machine (Actions sets GITHUB_API_URL) must not reach the CLI either: it talks to the mock.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^npm_/i.test(key) && !["GH_TOKEN", "GITHUB_TOKEN", "GITHUB_API_URL"].includes(key),
  ),
);

/** Runs a command (with `env` over the clean environment); a failure names it, its folder and all it printed. */
async function run(command, args, cwd, env = {}) {
  try {
    const { stdout } = await execFileAsync(command, args, {
      cwd,
      env: { ...cleanEnv, npm_config_update_notifier: "false", ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    throw new Error(
      `\`${command} ${args.join(" ")}\` failed in ${cwd} (exit ${error.code}):\n${error.stdout}\n${error.stderr}`,
    );
  }
}

const lastJsonLine = (stdout) => JSON.parse(stdout.trim().split("\n").at(-1));

const nodeBinaries = new Map();
/** The `node` binary of a major version, from the npm registry's node@N package (npx keeps it in npm's cache). */
const nodeBinary = (major) => {
  // note: asked once per major and run: each npx start costs a second or two of CPU.
  if (!nodeBinaries.has(major)) {
    nodeBinaries.set(
      major,
      run("npx", ["-y", `node@${major}`, "-e", "console.log(process.execPath)"], temp).then((out) => out.trim()),
    );
  }
  return nodeBinaries.get(major);
};
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

let temp;
let app;
let world;
let tarballs;
/** The tarballs this file installs: all but @gh-artifacts/vue's. */
let needed;
let packOutput;
const timings = {};

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), "gh-artifacts-consume-"));
  // note: the global setup ran `pnpm pack:all --no-build` once for the three files; this file checks what it wrote.
  const packs = inject("packs");
  packOutput = packs.output;
  tarballs = packs.files.map((file) => path.join(packs.dir, file));
  // note: @gh-artifacts/vue is installed, typechecked and bundled in a Vite + Vue project of its own
  // (vue-package.test.mjs); here its peers (vue, @tanstack/vue-query) would only slow every install down.
  needed = tarballs.filter((file) => !/^gh-artifacts-vue-\d/.test(path.basename(file)));

  app = path.join(temp, "app");
  await cp(FIXTURE, app, { recursive: true });
  await writeFile(
    path.join(app, "package.json"),
    `${JSON.stringify({ name: "consumer", private: true, type: "module" })}\n`,
  );
  const started = performance.now();
  // note: the cache first (fewer registry round trips), and no install scripts: a consumer test must not run
  // third-party code beyond what it imports.
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", ...needed, ...workspaceVersions()],
    app,
  );
  timings.npmInstallMs = Math.round(performance.now() - started);

  world = await startLocalWorld({ appDir: APP, vueAppDir: false });
});

afterAll(async () => {
  await world?.stop();
  if (temp) await rm(temp, { recursive: true, force: true });
  // note: how long npm took is worth seeing in CI logs (it dominates this file's time).
  if (timings.npmInstallMs) process.stdout.write(`consume: npm install took ${timings.npmInstallMs} ms\n`);
});

describe("the packed tarballs", () => {
  it("are one per public package, written by pnpm pack:all, which prints how to install them", async () => {
    const names = tarballs.map((file) => path.basename(file));
    expect(names).toHaveLength(PACKAGES.length);
    for (const name of PACKAGES) {
      expect(
        names.filter((file) => new RegExp(`^gh-artifacts-${name}-\\d+\\.\\d+\\.\\d+[\\w.-]*\\.tgz$`).test(file)),
      ).toHaveLength(1);
    }
    expect(packOutput).toContain(`pack:all: ${PACKAGES.length} tarballs in `);
    expect(packOutput).toContain("npm install ");
  });

  it("carry the published manifests: no workspace ranges, no source condition", async () => {
    for (const name of ["client", "query", "react"]) {
      const manifest = JSON.parse(
        await readFile(path.join(app, "node_modules", "@gh-artifacts", name, "package.json"), "utf8"),
      );
      expect(JSON.stringify(manifest.dependencies)).not.toContain("workspace:");
      expect(JSON.stringify(manifest.exports)).not.toContain("@gh-artifacts/source");
      expect(manifest.exports["."].default).toBe("./dist/index.js");
    }
  });
});

describe("npm running on Node 22 and 24 installs the tarballs into a project of its own", () => {
  const ENTRIES = [
    "@gh-artifacts/types",
    "@gh-artifacts/client",
    "@gh-artifacts/client/node",
    "@gh-artifacts/client/server",
    "@gh-artifacts/query",
    "@gh-artifacts/react",
  ];
  const LOAD = `const loaded = {};
for (const entry of ${JSON.stringify(ENTRIES)}) loaded[entry] = Object.keys(await import(entry)).length;
console.log(JSON.stringify({ node: process.version, loaded }));`;
  // note: the hooks' peers at the workspace's versions, as in the main project (npm would take the newest otherwise).
  const peers = () => workspaceVersions().filter((spec) => /^(?:react|@tanstack\/react-query)@/.test(spec));

  // note: the two are independent (their own project, npm reading the cache offline) and mostly wait on npm and
  // the file system, so they run at the same time; each asserts with its own test's `expect`.
  it.concurrent.for([22, 24])("on Node %i: every entry loads and the CLI runs", async (major, { expect }) => {
    const node = await nodeBinary(major);
    // note: `npm` is a script that runs on the first `node` on PATH, so this is npm running on that Node.
    const onNode = { PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` };
    const project = await mkdtemp(path.join(temp, `node${major}-`));
    await writeFile(path.join(project, "package.json"), `${JSON.stringify({ private: true, type: "module" })}\n`);
    expect(JSON.parse(await run("npm", ["version", "--json"], project, onNode)).node).toMatch(
      new RegExp(`^${major}\\.`),
    );
    // note: --offline: the main install put every registry package these need in npm's cache, so this one asks the
    // network nothing (an npx-fetched Node does not read the machine's CA store the way its own Node may).
    const npm = ["install", "--no-audit", "--no-fund", "--offline", "--ignore-scripts", ...needed, ...peers()];
    await run("npm", npm, project, onNode);

    const result = lastJsonLine(await run(node, ["--input-type=module", "-e", LOAD], project));
    expect(result.node).toMatch(new RegExp(`^v${major}\\.`));
    expect(Object.keys(result.loaded)).toEqual(ENTRIES);
    for (const entry of ENTRIES) expect(result.loaded[entry], entry).toBeGreaterThan(0);
    const bin = path.join(project, "node_modules", ".bin", "gh-artifacts");
    const { version } = JSON.parse(await readFile(path.join(root, "packages", "cli", "package.json"), "utf8"));
    expect((await run(bin, ["--version"], project, onNode)).trim()).toBe(version);
  });
});

describe("a strict TypeScript consumer (no skipLibCheck, exactOptionalPropertyTypes)", () => {
  // note: the two compile the same sources independently (only nodenext emits), so they run at the same time; the
  // describes after this one start when both are done.
  it.concurrent("typechecks with module and moduleResolution nodenext", async () => {
    // note: this one also emits out/, the Node script the next tests run.
    await run(path.join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.nodenext.json"], app);
  });

  it.concurrent("typechecks with module esnext and moduleResolution bundler", async () => {
    await run(path.join(app, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.bundler.json"], app);
  });
});

describe("the Node script lists, gets and downloads against the mock", () => {
  const check = async (node) => {
    const folder = await mkdtemp(path.join(temp, "downloads-"));
    const stdout = await run(node, ["out/list-get-download.js", world.apiUrl, folder], app);
    const result = lastJsonLine(stdout);
    expect(result.listed).toBeGreaterThan(0);
    expect(result.missing).toBe("NotFoundError");
    expect(result.verified).toBe(true);
    const zip = world.zipOf(result.id);
    expect(result.bytes).toBe(zip.byteLength);
    expect(result.sha256).toBe(sha256(zip));
    expect(path.dirname(result.path)).toBe(folder);
    expect(sha256(await readFile(result.path))).toBe(result.sha256);
    return result;
  };

  it("on this machine's Node", async () => {
    const result = await check(process.execPath);
    expect(result.node).toBe(process.version);
  });

  it("on Node 24 (the npm registry's node@24 package)", async () => {
    const result = await check(await nodeBinary(24));
    expect(result.node).toMatch(/^v24\./);
  });
});

describe("the server proxy (@gh-artifacts/client/server) on node:http, against the mock", () => {
  it("holds the token, keeps pagination on its own URL, and serves a tokenless client a verified download", async () => {
    const folder = await mkdtemp(path.join(temp, "proxied-"));
    const result = lastJsonLine(await run(process.execPath, ["out/proxy-server.js", world.apiUrl, folder], app));
    expect(result.link).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/api\/github\/repos\/octo-org\/octo-docs\/actions\/artifacts\?/,
    );
    expect(result.listed).toBe(world.artifacts.length);
    expect(result.refused).toBe(404);
    expect(result.verified).toBe(true);
    expect(result.sha256).toBe(sha256(world.zipOf(result.id)));
  });
});

describe("the browser bundle (client and hooks, by Vite)", () => {
  const builtinImport =
    /\bfrom\s*["'](?:node:)?(?:fs|path|stream|crypto|os|url|zlib|buffer|util)(?:\/[\w/]+)?["']|["']node:/;

  const bundle = async (entry, outDir) => {
    const result = lastJsonLine(await run(process.execPath, ["build-browser.mjs", entry, outDir], app));
    return { ...result, code: result.files.map((f) => f.code).join("\n") };
  };

  it("asks for no Node built-in and contains none", async () => {
    const result = await bundle("src/browser.tsx", "dist-browser");
    expect(result.error).toBe("");
    expect(result.asked).toEqual([]);
    expect(result.code).toContain("createArtifactsClient");
    expect(result.code).not.toMatch(builtinImport);
    expect(result.code).not.toContain("__vite-browser-external");
  });

  it("bundles the server proxy for an edge runtime (a Worker module) with no Node built-in", async () => {
    const result = await bundle("src/worker.ts", "dist-worker");
    expect(result.error).toBe("");
    expect(result.asked).toEqual([]);
    expect(result.code).toContain("Cross-site request refused");
    expect(result.code).not.toMatch(builtinImport);
  });

  it("catches the Node entry imported into a browser bundle (the check is not blind)", async () => {
    const result = await bundle("misuse/node-in-browser.ts", "dist-misuse");
    expect(result.asked.map((a) => a.source)).toEqual(expect.arrayContaining(["node:fs", "node:crypto"]));
  });
});

describe("the gh-artifacts bin npm installed, against the mock", () => {
  const OWNER_REPO = "octo-org/octo-docs";
  /** Runs node_modules/.bin/gh-artifacts (npm's link, its shebang picks the Node on PATH). */
  const cli = (...args) =>
    run(path.join(app, "node_modules", ".bin", "gh-artifacts"), [...args, "--base-url", world.apiUrl], app);

  it("is linked by npm with a manifest that names it, and prints its version", async () => {
    const manifest = JSON.parse(
      await readFile(path.join(app, "node_modules", "@gh-artifacts", "cli", "package.json"), "utf8"),
    );
    expect(manifest.bin).toEqual({ "gh-artifacts": "./dist/bin.js" });
    expect(JSON.stringify(manifest.dependencies)).not.toContain("workspace:");
    expect((await cli("--version")).trim()).toBe(manifest.version);
  });

  it("list prints the table with a totals line, and --json the artifacts", async () => {
    const table = await cli("list", OWNER_REPO);
    const artifacts = JSON.parse(await cli("list", OWNER_REPO, "--json"));
    expect(artifacts.length).toBeGreaterThan(0);
    expect(table.split("\n")[0]).toMatch(/^\s*ID\s+NAME\s+SIZE\s+CREATED\s+EXPIRES\s+BRANCH\s+DIGEST$/);
    expect(table).toMatch(new RegExp(`^${artifacts.length} artifacts?\\b.* in storage$`, "m"));
  });

  it("download --id writes the served bytes, digest verified", async () => {
    const artifacts = JSON.parse(await cli("list", OWNER_REPO, "--json"));
    const smallest = artifacts.filter((a) => !a.expired).sort((a, b) => a.size_in_bytes - b.size_in_bytes)[0];
    const folder = await mkdtemp(path.join(temp, "cli-download-"));
    const result = JSON.parse(
      await cli("download", OWNER_REPO, "--id", String(smallest.id), "--out", folder, "--json"),
    );
    const zip = world.zipOf(smallest.id);
    expect(result).toMatchObject({ id: smallest.id, bytes: zip.byteLength, sha256: sha256(zip), verified: true });
    expect(path.dirname(result.path)).toBe(folder);
    expect(sha256(await readFile(result.path))).toBe(sha256(zip));
  });

  it("prune --dry-run prints the plan and deletes nothing", async () => {
    const before = JSON.parse(await cli("list", OWNER_REPO, "--json"));
    const stdout = await cli("prune", OWNER_REPO, "--keep-latest", "1", "--dry-run");
    expect(stdout).toMatch(/^Policy: keep the newest 1 per name and branch/);
    expect(stdout).toMatch(/^Total: delete [1-9]\d* of \d+ artifacts/m);
    expect(stdout).toMatch(/Dry run: nothing was deleted\.\n$/);
    const after = JSON.parse(await cli("list", OWNER_REPO, "--json"));
    expect(after.map((a) => a.id)).toEqual(before.map((a) => a.id));
  });
});
