// The release set-up: `pnpm version-packages` works offline, bumps the four public packages together and leaves
// the private ones alone; each public package carries what npm and its provenance need; the npm version check
// release.yml runs first; `pnpm pack:all` and what it checks in each tarball.
import { execFile } from "node:child_process";
import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { atLeast, TRUSTED_PUBLISHING_NPM } from "../check-npm-version.mjs";
import { packProblems, publicPackages, readPackedManifest, readTarEntry } from "../lib/pack.mjs";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const require = createRequire(import.meta.url);
const changelog = require("../changelog.cjs");
const config = JSON.parse(await readFile(path.join(root, ".changeset", "config.json"), "utf8"));
const PUBLIC = ["types", "client", "query", "react", "vue", "cli", "testing"];
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

describe("the npm version check release.yml runs before publishing", () => {
  it("wants npm 11.5.1 or later, compared as numbers; a pre-release of 11.5.1 is not enough", () => {
    expect(TRUSTED_PUBLISHING_NPM).toBe("11.5.1");
    for (const version of ["11.5.1", "11.6.2", "11.10.0", "12.0.0", "v11.5.1"]) {
      expect(atLeast(version, TRUSTED_PUBLISHING_NPM), version).toBe(true);
    }
    for (const version of ["10.9.4", "11.5.0", "11.4.99", "9.99.99", "11.5.1-pre.0"]) {
      expect(atLeast(version, TRUSTED_PUBLISHING_NPM), version).toBe(false);
    }
    expect(() => atLeast("eleven", "11.5.1")).toThrow(/not a version/);
  });

  /** Runs the check with a stand-in `npm` that prints `version`, first on PATH. */
  async function checkWith(version) {
    const bin = await mkdtemp(path.join(tmpdir(), "gh-artifacts-npm-"));
    try {
      await writeFile(path.join(bin, "npm"), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
      const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
      return await run(process.execPath, [path.join(root, "scripts", "check-npm-version.mjs")], { env }).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
        (error) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    } finally {
      await rm(bin, { recursive: true, force: true });
    }
  }

  it("fails with the reason on Node 22's npm 10, passes on 11.5.1", async () => {
    const old = await checkWith("10.9.4");
    expect(old.code).toBe(1);
    expect(old.stderr).toContain("npm 10.9.4 cannot publish with trusted publishing (OIDC); it needs npm 11.5.1");
    const ok = await checkWith("11.5.1");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("npm 11.5.1: trusted publishing (OIDC) supported");
  });
});

describe("pnpm pack:all", () => {
  it("is a root script, and its folder is ignored by git", async () => {
    const pkg = await readJson(path.join(root, "package.json"));
    expect(pkg.scripts["pack:all"]).toBe("node scripts/pack-all.mjs");
    expect((await readFile(path.join(root, ".gitignore"), "utf8")).split("\n")).toContain("dist-packs/");
  });

  it("packs the public packages, each after the workspace packages it depends on", () => {
    const order = publicPackages(root).map((p) => p.name);
    expect([...order].sort()).toEqual(PUBLIC.map((p) => `@gh-artifacts/${p}`).sort());
    const comesBefore = (a, b) => expect(order.indexOf(a), `${a} before ${b}`).toBeLessThan(order.indexOf(b));
    comesBefore("@gh-artifacts/types", "@gh-artifacts/client");
    comesBefore("@gh-artifacts/client", "@gh-artifacts/react");
    comesBefore("@gh-artifacts/client", "@gh-artifacts/cli");
  });

  it("refuses a manifest npm could not install: a workspace range, or the source condition kept", () => {
    expect(
      packProblems({
        dependencies: { "@gh-artifacts/types": "workspace:^", yauzl: "^3.4.0" },
        peerDependencies: { react: "catalog:" },
        exports: { ".": { "@gh-artifacts/source": "./src/index.ts", default: "./dist/index.js" } },
      }),
    ).toEqual([
      'dependencies.@gh-artifacts/types is "workspace:^", a range only the workspace understands',
      'peerDependencies.react is "catalog:", a range only the workspace understands',
      'exports keeps the "@gh-artifacts/source" condition (publishConfig.exports was not applied)',
    ]);
    expect(
      packProblems({ dependencies: { "@gh-artifacts/types": "^0.1.0" }, exports: { ".": "./dist/index.js" } }),
    ).toEqual([]);
  });

  it("reads the manifest from the tarball itself", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "gh-artifacts-tgz-"));
    try {
      const manifest = { name: "@gh-artifacts/x", version: "1.2.3", dependencies: { y: "workspace:*" } };
      await mkdir(path.join(dir, "package", "dist"), { recursive: true });
      await writeFile(path.join(dir, "package", "dist", "index.js"), "export {};\n");
      await writeFile(path.join(dir, "package", "package.json"), JSON.stringify(manifest));
      await run("tar", ["-czf", "x.tgz", "package"], { cwd: dir });
      const tgz = await readFile(path.join(dir, "x.tgz"));
      expect(readPackedManifest(tgz)).toEqual(manifest);
      expect(readTarEntry(tgz, "package/dist/index.js")?.toString()).toBe("export {};\n");
      expect(readTarEntry(tgz, "package/missing.js")).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
