// The release set-up: `pnpm version-packages` works offline, bumps the three public packages together and leaves
// the private ones alone; each public package carries what npm and its provenance need.
import { execFile } from "node:child_process";
import { access, cp, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const require = createRequire(import.meta.url);
const changelog = require("../changelog.cjs");
const config = JSON.parse(await readFile(path.join(root, ".changeset", "config.json"), "utf8"));
const PUBLIC = ["types", "client", "react", "cli", "testing"];
const readJson = async (file) => JSON.parse(await readFile(file, "utf8"));
const exists = (file) =>
  access(file).then(
    () => true,
    () => false,
  );

/** The workspace's folders with a package.json, from pnpm-workspace.yaml's `dir` and `dir/*` entries. */
async function workspaceFolders() {
  const { packages: patterns } = parse(await readFile(path.join(root, "pnpm-workspace.yaml"), "utf8"));
  const folders = [];
  for (const pattern of patterns) {
    const candidates = pattern.endsWith("/*")
      ? (await readdir(path.join(root, pattern.slice(0, -2)))).map((name) => `${pattern.slice(0, -2)}/${name}`)
      : [pattern];
    for (const folder of candidates) if (await exists(path.join(root, folder, "package.json"))) folders.push(folder);
  }
  return folders;
}
const FOLDERS = await workspaceFolders();
const PRIVATE = FOLDERS.filter((f) => !PUBLIC.map((p) => `packages/${p}`).includes(f));

describe("changelog module", () => {
  it("is the one .changeset/config.json names", () => {
    expect(path.resolve(root, ".changeset", config.changelog[0])).toBe(path.join(root, "scripts", "changelog.cjs"));
  });

  it("links to GitHub only when GITHUB_TOKEN is set", () => {
    expect(changelog.changelogModuleFor({ GITHUB_TOKEN: "t" })).toBe("@changesets/changelog-github");
    expect(changelog.changelogModuleFor({})).toBe("@changesets/cli/changelog");
    expect(changelog.changelogModuleFor({ GITHUB_TOKEN: "" })).toBe("@changesets/cli/changelog");
  });
});

describe("changeset version without a token", () => {
  let dir;
  let before;
  beforeAll(async () => {
    // note: a copy of the manifests and the changesets config (the real ones), with one fixture changeset in place
    // of the pending ones, in a git repository of its own: changesets reads commit hashes from git.
    dir = await mkdtemp(path.join(tmpdir(), "gh-artifacts-release-"));
    const copy = (file) => cp(path.join(root, file), path.join(dir, file), { recursive: true });
    for (const file of ["package.json", "pnpm-workspace.yaml", ".changeset/config.json", "scripts/changelog.cjs"])
      await copy(file);
    await copy("scripts/sync-versions.mjs");
    await copy("packages/client/src/version.ts");
    for (const folder of FOLDERS) await copy(`${folder}/package.json`);
    await cp(path.join(here, "fixtures", "release", "client-fix.md"), path.join(dir, ".changeset", "client-fix.md"));
    await symlink(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
    before = Object.fromEntries(
      await Promise.all(FOLDERS.map(async (p) => [p, await readFile(path.join(dir, p, "package.json"), "utf8")])),
    );
    const git = (...args) => run("git", args, { cwd: dir });
    await git("init", "-q");
    await git("add", ".");
    await git("-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "fixture");
    const env = { ...process.env };
    delete env.GITHUB_TOKEN;
    await run(process.execPath, [require.resolve("@changesets/cli/bin.js"), "version"], { cwd: dir, env });
    await run(process.execPath, [path.join(dir, "scripts", "sync-versions.mjs")], { cwd: dir, env });
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("bumps the three public packages together, at the largest bump any of them has", async () => {
    const [major, minor, patch] = JSON.parse(before["packages/client"]).version.split(".").map(Number);
    const next = `${major}.${minor}.${patch + 1}`;
    for (const p of PUBLIC) expect((await readJson(path.join(dir, "packages", p, "package.json"))).version).toBe(next);
    expect(await readFile(path.join(dir, "packages/client/src/version.ts"), "utf8")).toContain(`"${next}"`);
  });

  it("writes each public changelog with plain lines (no GitHub lookup)", async () => {
    const text = await readFile(path.join(dir, "packages/client/CHANGELOG.md"), "utf8");
    expect(text).toMatch(/^- [0-9a-f]{7}: fix\(client\): a fix in the client alone/m);
    expect(text).not.toContain("github.com");
    for (const p of ["types", "react"]) expect(await exists(path.join(dir, "packages", p, "CHANGELOG.md"))).toBe(true);
  });

  it("leaves the private packages alone", async () => {
    expect(PRIVATE).toEqual(expect.arrayContaining(["scripts", "bench", "examples/artifact-browser"]));
    for (const p of PRIVATE) {
      expect(await readFile(path.join(dir, p, "package.json"), "utf8")).toBe(before[p]);
      expect(await exists(path.join(dir, p, "CHANGELOG.md"))).toBe(false);
    }
  });
});

describe("publishable metadata", () => {
  it.each(PUBLIC)("@gh-artifacts/%s names its repository, homepage, issues, licence and engines", async (p) => {
    const pkg = await readJson(path.join(root, "packages", p, "package.json"));
    expect(pkg.repository).toEqual({
      type: "git",
      url: `git+https://github.com/${config.changelog[1].repo}.git`,
      directory: `packages/${p}`,
    });
    expect(pkg.homepage).toBe(`https://github.com/${config.changelog[1].repo}/tree/main/packages/${p}#readme`);
    expect(pkg.bugs).toEqual({ url: `https://github.com/${config.changelog[1].repo}/issues` });
    expect(pkg.license).toBe("MIT");
    expect(pkg.keywords.length).toBeGreaterThan(0);
    expect(pkg.engines.node).toBeTruthy();
    // note: npm puts a LICENSE beside package.json in every tarball, whatever `files` says.
    expect(await readFile(path.join(root, "packages", p, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });
});
