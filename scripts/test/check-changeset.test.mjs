import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addedChangesets, CheckChangesetError, checkChangeset } from "../check-changeset.mjs";
import {
  bumpsIn,
  describeVerdict,
  PACKAGES,
  parseChangeset,
  renderChangeset,
  requiredBump,
  verdict,
} from "../lib/changeset-gate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const config = JSON.parse(await readFile(path.join(root, ".changeset", "config.json"), "utf8"));
const [types, client, react] = PACKAGES;
const all = (bump) => Object.fromEntries(PACKAGES.map((p) => [p, bump]));
const changeset = (releases, summary = "x") =>
  `---\n${Object.entries(releases)
    .map(([name, type]) => `"${name}": ${type}`)
    .join("\n")}\n---\n\n${summary}\n`;

describe("requiredBump", () => {
  it.each([
    ["none", "none", "none"],
    ["fix", "none", "patch"],
    ["feature", "none", "minor"],
    ["breaking", "none", "major"],
    ["none", "feature", "minor"],
    ["none", "breaking", "major"],
    ["fix", "feature", "minor"],
    ["breaking", "feature", "major"],
    ["feature", "breaking", "major"],
  ])("spec %s + API %s → %s", (spec, api, bump) => {
    expect(requiredBump(spec, api)).toBe(bump);
  });

  it("refuses a level it does not know instead of guessing", () => {
    expect(() => requiredBump("major", "none")).toThrow(/unknown spec level "major"/);
    expect(() => requiredBump("none", "fix!")).toThrow(/unknown API level/);
  });
});

describe("bumpsIn", () => {
  it("reads the fixed group: a bump of any member counts for all three", () => {
    expect(bumpsIn([{ releases: [{ name: client, type: "minor" }] }], config)).toEqual(all("minor"));
  });

  it("takes the largest bump over every changeset", () => {
    const sets = [
      { releases: [{ name: types, type: "patch" }] },
      { releases: [{ name: react, type: "major" }] },
      { releases: [{ name: client, type: "minor" }] },
    ];
    expect(bumpsIn(sets, config)).toEqual(all("major"));
  });

  it("without a fixed group, each package counts only its own entries", () => {
    expect(bumpsIn([{ releases: [{ name: client, type: "minor" }] }], { fixed: [] })).toEqual({
      ...all("none"),
      [client]: "minor",
    });
  });

  it("ignores packages outside the group and `none` releases", () => {
    const sets = [
      { releases: [{ name: "@gh-artifacts/scripts", type: "major" }] },
      { releases: [{ name: types, type: "none" }] },
    ];
    expect(bumpsIn(sets, config)).toEqual(all("none"));
  });

  it("gives nothing for no changesets", () => {
    expect(bumpsIn([], config)).toEqual(all("none"));
  });
});

describe("verdict", () => {
  it("passes when nothing is required, with or without changesets", () => {
    expect(verdict("none", all("none"))).toEqual({ ok: true, required: "none", missing: [] });
    expect(verdict("none", all("patch")).ok).toBe(true);
  });

  it("passes with a larger bump than required", () => {
    expect(verdict("minor", all("major")).ok).toBe(true);
  });

  it("names each package bumped too little, and what it got", () => {
    const result = verdict("major", { ...all("major"), [types]: "minor", [react]: "none" });
    expect(result.ok).toBe(false);
    expect(result.missing).toEqual([
      { name: types, required: "major", given: "minor" },
      { name: react, required: "major", given: "none" },
    ]);
  });

  it("says what is missing and the command that fixes it", () => {
    const text = describeVerdict(verdict("minor", { ...all("patch"), [react]: "none" }), { base: "v1" }).join("\n");
    expect(text).toContain("need a minor release");
    expect(text).toContain(`${types}: bumped only patch`);
    expect(text).toContain(`${react}: no changeset bumps it`);
    expect(text).toContain("pnpm check:changeset --base v1 --write");
  });
});

describe("parseChangeset (changesets' own parser)", () => {
  it("reads the front matter", () => {
    expect(parseChangeset(changeset({ [client]: "minor" }, "Hello"))).toEqual({
      releases: [{ name: client, type: "minor" }],
      summary: "Hello",
    });
  });

  it("rejects a bump changesets does not know", () => {
    expect(() => parseChangeset(changeset({ [client]: "breaking" }))).toThrow(/invalid version type "breaking"/);
  });
});

describe("renderChangeset", () => {
  const spec = {
    level: "breaking",
    changes: [
      { level: "breaking", kind: "x", message: "response artifact.digest removed" },
      { level: "feature", kind: "y", message: "response artifact.retention_days added" },
    ],
  };
  const api = { level: "feature", changes: [{ level: "feature", package: client, message: "export foo added" }] };

  it("bumps the three packages and lists the changes in words", () => {
    const { name, text } = renderChangeset("major", { spec, api });
    expect(name).toMatch(/^spec-[0-9a-f]{8}\.md$/);
    const parsed = parseChangeset(text);
    expect(parsed.releases).toEqual(PACKAGES.map((p) => ({ name: p, type: "major" })));
    expect(parsed.summary).toContain("- Breaking: response artifact.digest removed");
    expect(parsed.summary).toContain("- response artifact.retention_days added");
    expect(parsed.summary).toContain(`- \`${client}\`: export foo added`);
  });

  it("names the file after its content", () => {
    expect(renderChangeset("major", { spec, api }).name).toBe(renderChangeset("major", { spec, api }).name);
    expect(renderChangeset("minor", { spec, api }).name).not.toBe(renderChangeset("major", { spec, api }).name);
  });

  it("refuses to write a changeset for nothing", () => {
    expect(() => renderChangeset("none")).toThrow(/nothing to release/);
  });
});

describe("check:changeset in a git repository", () => {
  let dir;
  const run = (args) => promisify(execFile)("git", args, { cwd: dir });
  const stubs = (specLevel, apiLevel = "none") => ({
    readSpecAt: async (ref, { cwd }) => {
      expect(cwd).toBe(dir);
      return { ref };
    },
    diffSpecs: async (base, head) => {
      expect(base).toEqual({ ref: "main" });
      expect(head.openapi).toBe("3.0.3");
      return { level: specLevel, changes: [{ level: specLevel, kind: "k", message: `spec ${specLevel}` }] };
    },
    apiChanges: async ({ base, cwd }) => {
      expect([base, cwd]).toEqual(["main", dir]);
      return { level: apiLevel, changes: [] };
    },
  });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "check-changeset-"));
    await mkdir(path.join(dir, ".changeset"));
    await mkdir(path.join(dir, "spec"));
    await writeFile(path.join(dir, ".changeset", "config.json"), JSON.stringify(config));
    await writeFile(path.join(dir, ".changeset", "README.md"), "# Changesets\n");
    await writeFile(path.join(dir, ".changeset", "old.md"), changeset({ [types]: "major" }));
    await writeFile(path.join(dir, "spec", "artifacts.yaml"), "openapi: 3.0.3\n");
    await run(["init", "--quiet", "--initial-branch=main"]);
    await run(["add", "."]);
    await run(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "base"]);
    await run(["checkout", "--quiet", "-b", "work"]);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("on main with nothing changed it passes, and changesets already on main do not count", async () => {
    expect(await addedChangesets("main", { cwd: dir })).toEqual([]);
    const result = await checkChangeset({ cwd: dir, ...stubs("none") });
    expect(result.ok).toBe(true);
    expect(result.required).toBe("none");
  });

  it("fails without a changeset when the spec changed, and says what to run", async () => {
    const result = await checkChangeset({ cwd: dir, ...stubs("feature") });
    expect(result.ok).toBe(false);
    expect(result.lines.join("\n")).toMatch(/need a minor release[\s\S]*pnpm check:changeset --base main --write/);
  });

  it("counts untracked, staged and committed changesets added since the base", async () => {
    await writeFile(path.join(dir, ".changeset", "a.md"), changeset({ [client]: "patch" }));
    await writeFile(path.join(dir, ".changeset", "b.md"), changeset({ [react]: "minor" }));
    await run(["add", ".changeset/b.md"]);
    await mkdir(path.join(dir, ".changeset", "nested"));
    expect((await addedChangesets("main", { cwd: dir })).map((c) => c.file)).toEqual([
      ".changeset/a.md",
      ".changeset/b.md",
    ]);
    await run(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "b"]);
    const result = await checkChangeset({ cwd: dir, ...stubs("feature") });
    expect(result.changesets.map((c) => c.file)).toEqual([".changeset/a.md", ".changeset/b.md"]);
    expect(result.ok).toBe(true);
  });

  it("takes the larger of the spec's and the API's level", async () => {
    await writeFile(path.join(dir, ".changeset", "a.md"), changeset({ [client]: "minor" }));
    const result = await checkChangeset({ cwd: dir, ...stubs("fix", "breaking") });
    expect(result.required).toBe("major");
    expect(result.ok).toBe(false);
  });

  it("--write writes the required changeset once, and then the gate passes", async () => {
    const first = await checkChangeset({ cwd: dir, write: true, ...stubs("breaking") });
    expect(first.ok).toBe(true);
    const name = path.basename(first.written);
    const text = await readFile(first.written, "utf8");
    expect(parseChangeset(text).releases).toEqual(PACKAGES.map((p) => ({ name: p, type: "major" })));
    expect(text).toContain("- Breaking: spec breaking");

    const again = await checkChangeset({ cwd: dir, write: true, ...stubs("breaking") });
    expect(again.written).toBeUndefined();
    expect(again.lines.join("\n")).toContain("nothing to write");
    const check = await checkChangeset({ cwd: dir, ...stubs("breaking") });
    expect(check.ok).toBe(true);
    expect((await readdir(path.join(dir, ".changeset"))).filter((f) => f.startsWith("spec-"))).toEqual([name]);
  });

  it("--write with nothing required writes nothing and says so", async () => {
    const result = await checkChangeset({ cwd: dir, write: true, ...stubs("none") });
    expect(result.written).toBeUndefined();
    expect(result.lines.join("\n")).toMatch(/nothing to release[\s\S]*nothing to write/);
    expect((await readdir(path.join(dir, ".changeset"))).sort()).toEqual(["README.md", "config.json", "old.md"]);
  });

  it("names a base that does not exist", async () => {
    await expect(checkChangeset({ cwd: dir, base: "nope", ...stubs("none") })).rejects.toThrow(CheckChangesetError);
    await expect(addedChangesets("nope", { cwd: dir })).rejects.toThrow(/--base nope: no such commit/);
  });

  it("names a changeset it cannot parse", async () => {
    await writeFile(path.join(dir, ".changeset", "bad.md"), "no front matter\n");
    await expect(addedChangesets("main", { cwd: dir })).rejects.toThrow(
      /\.changeset\/bad\.md: could not parse changeset/,
    );
  });
});

describe("the command", () => {
  const cli = path.join(root, "scripts", "check-changeset.mjs");
  const run = (args) =>
    promisify(execFile)(process.execPath, [cli, ...args], { cwd: root }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      ({ code, stdout, stderr }) => ({ code, stdout, stderr }),
    );

  it("exits 1 with the usage on an unknown option", async () => {
    const { code, stderr } = await run(["--bogus"]);
    expect(code).toBe(1);
    expect(stderr).toContain("usage: pnpm check:changeset [--base REF] [--write]");
  });

  it("exits 1 naming a base that does not exist, without a stack", async () => {
    const { code, stderr } = await run(["--base", "no-such-ref-here"]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      "check:changeset: --base no-such-ref-here: no such commit here (fetch it, e.g. `git fetch origin no-such-ref-here`)\n",
    );
  });
});
