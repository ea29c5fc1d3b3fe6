// @gh-artifacts/testing as an app's developer uses it: packed with the libraries it serves (types, client, react),
// installed with npm next to msw, Vitest and Testing Library in a fresh project outside the workspace, and that
// project's own Vitest run: a screen made with @gh-artifacts/react (a list that pages, a refused and a granted
// delete, a download) against `artifactsHandlers` in msw/node.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..");
const FIXTURE = path.join(here, "..", "fixtures", "testing-consumer");
const PACKAGES = ["types", "client", "react", "testing"];
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
  const packs = path.join(temp, "packs");
  await mkdir(packs);
  const tarballs = [];
  for (const name of PACKAGES) {
    const dir = path.join(root, "packages", name);
    const built = await readFile(path.join(dir, "dist", "index.js")).catch(() => undefined);
    if (!built) throw new Error(`packages/${name} is not built: run \`pnpm build\` first.`);
    await run("pnpm", ["pack", "--pack-destination", packs], dir);
    const { version } = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
    tarballs.push(path.join(packs, `gh-artifacts-${name}-${version}.tgz`));
  }
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
