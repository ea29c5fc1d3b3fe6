// @gh-artifacts/vue as a Vue developer gets it: packed with what it needs (types, client, query), installed with npm
// next to vue, @tanstack/vue-query, Vite, @vitejs/plugin-vue and vue-tsc (the workspace's versions) in a fresh
// Vite + Vue project outside the workspace, typechecked strictly by vue-tsc (single-file components and a
// `defineComponent` in a plain .ts file) and built for the browser by `vite build`.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packedTarballs } from "./packed-tarballs.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..");
const FIXTURE = path.join(here, "..", "fixtures", "vue-consumer");
const PACKAGES = ["types", "client", "query", "vue"];
const execFileAsync = promisify(execFile);

/** What the consumer installs beside the tarballs, at the versions the workspace has (read from its installs). */
const FROM = {
  vue: "examples/vue-artifact-browser",
  "@tanstack/vue-query": "examples/vue-artifact-browser",
  "@vitejs/plugin-vue": "examples/vue-artifact-browser",
  "vue-tsc": "examples/vue-artifact-browser",
  typescript: "examples/vue-artifact-browser",
  vite: "examples/vue-artifact-browser",
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
  temp = await mkdtemp(path.join(tmpdir(), "gh-artifacts-consume-vue-"));
  // note: packed once for the tier by `pnpm pack:all` (test/global-setup.mjs), as `changeset publish` packs:
  // publishConfig applied, `workspace:` ranges rewritten.
  const tarballs = packedTarballs(PACKAGES);
  app = path.join(temp, "app");
  await cp(FIXTURE, app, { recursive: true });
  await writeFile(
    path.join(app, "package.json"),
    `${JSON.stringify({ name: "vue-consumer", private: true, type: "module" })}\n`,
  );
  const extras = await Promise.all(
    Object.entries(FROM).map(async ([name, folder]) => `${name}@${await versionOf(name, folder)}`),
  );
  // note: the cache first (the other consume tests fill it with most of this), and no install scripts.
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", ...tarballs, ...extras],
    app,
  );
});

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

describe("@gh-artifacts/vue installed from its tarball into a Vite + Vue project", () => {
  it("carries its published manifest: vue and vue-query peers, no workspace ranges, no source condition", async () => {
    for (const name of ["query", "vue"]) {
      const manifest = JSON.parse(
        await readFile(path.join(app, "node_modules", "@gh-artifacts", name, "package.json"), "utf8"),
      );
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain("workspace:");
      expect(JSON.stringify(manifest.exports)).not.toContain("@gh-artifacts/source");
      expect(manifest.exports["."].default).toBe("./dist/index.js");
    }
    const vue = JSON.parse(
      await readFile(path.join(app, "node_modules", "@gh-artifacts", "vue", "package.json"), "utf8"),
    );
    expect(Object.keys(vue.peerDependencies).sort()).toEqual(["@tanstack/vue-query", "vue"]);
    expect(Object.keys(vue.dependencies)).toEqual(
      expect.arrayContaining(["@gh-artifacts/client", "@gh-artifacts/query"]),
    );
  });

  // note: vue-tsc (noEmit) and vite build only read the same install, so the two run at the same time; each
  // asserts with its own test's `expect`.
  it.concurrent("typechecks strictly with vue-tsc (no skipLibCheck, exactOptionalPropertyTypes; the @ts-expect-error is used)", async () => {
    await run(path.join(app, "node_modules", ".bin", "vue-tsc"), ["-p", "tsconfig.json"], app);
  });

  it.concurrent("builds for the browser with vite build, asking for no Node built-in", async ({ expect }) => {
    // note: the fixture's vite.config.mjs fails the build on any Node built-in a module asks for.
    await run(path.join(app, "node_modules", ".bin", "vite"), ["build", "--logLevel", "error"], app);
    const assets = path.join(app, "dist", "assets");
    const scripts = (await readdir(assets)).filter((file) => file.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const code = (await Promise.all(scripts.map((file) => readFile(path.join(assets, file), "utf8")))).join("\n");
    expect(code).not.toMatch(/["']node:/);
    // The composables and the client are in the bundle: the query keys' prefix and the client's download.
    expect(code).toContain("gh-artifacts");
    expect(await readFile(path.join(app, "dist", "index.html"), "utf8")).toMatch(
      /<script type="module"[^>]*src="\.?\/assets\//,
    );
  });
});
