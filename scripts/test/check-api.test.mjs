import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import {
  apiChanges,
  classifyReports,
  committedReports,
  compareReports,
  ENTRY_POINTS,
  generateReports,
  parseReport,
  root,
} from "../lib/api-report.mjs";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "api");
const report = (name) => readFile(path.join(fixtures, "reports", `${name}.api.md`), "utf8");
const entry = { package: "@fixture/pkg", entry: "." };

async function classify(name) {
  return classifyReports(await report("base"), await report(name), entry);
}

describe("parseReport", () => {
  it("lists each declaration once, exported or not, without comment lines and imports", async () => {
    const items = parseReport(await report("base"));
    expect([...items.keys()]).toEqual(["components", "download", "Store", "Thing", "Hidden"]);
    expect(items.get("Thing")).toMatchObject({ kind: "re-export", exported: true });
    expect(items.get("Hidden")).toMatchObject({ kind: "type", exported: false });
    expect(items.get("download").lines).toEqual(["export function download(id: number): Promise<void>;"]);
  });
});

describe("classifyReports", () => {
  it("finds nothing when the reports are the same", async () => {
    expect(await classify("unchanged")).toEqual([]);
  });

  it("calls an added export a feature", async () => {
    expect(await classify("added")).toEqual([
      { level: "feature", package: "@fixture/pkg", entry: ".", message: "@fixture/pkg: function upload added" },
    ]);
  });

  it("calls a removed export breaking, also when it is only no longer exported", async () => {
    expect(await classify("removed")).toEqual([
      expect.objectContaining({ level: "breaking", message: "@fixture/pkg: function download removed" }),
    ]);
    expect(await classify("unexported")).toEqual([
      expect.objectContaining({ level: "breaking", message: "@fixture/pkg: re-export Thing removed" }),
    ]);
  });

  it("calls a changed declaration breaking", async () => {
    expect(await classify("changed")).toEqual([
      expect.objectContaining({
        level: "breaking",
        message: "@fixture/pkg: function download changed (download changed)",
      }),
    ]);
  });

  it("names the nested member that changed, and calls a new optional member a feature", async () => {
    expect(await classify("optional-member")).toEqual([
      expect.objectContaining({
        level: "feature",
        message: "@fixture/pkg: interface components changed (components.schemas.artifact.digest added (optional))",
      }),
    ]);
  });

  it("calls a new required member of a response a feature (it is read), a removed member breaking", async () => {
    expect(await classify("required-member")).toEqual([
      expect.objectContaining({
        level: "feature",
        message: "@fixture/pkg: interface components changed (components.schemas.artifact.digest added (required))",
      }),
    ]);
    expect(await classify("member-removed")).toEqual([
      expect.objectContaining({
        level: "breaking",
        message: "@fixture/pkg: interface components changed (components.schemas.artifact.name removed)",
      }),
    ]);
  });

  it("calls a member made optional breaking: readers must now handle its absence", async () => {
    expect(await classify("made-optional")).toEqual([
      expect.objectContaining({
        level: "breaking",
        message: "@fixture/pkg: interface components changed (components.schemas.artifact.name made optional)",
      }),
    ]);
  });

  it("sees an object member made nullable, which only its closing line shows", async () => {
    expect(await classify("object-made-nullable")).toEqual([
      expect.objectContaining({
        level: "breaking",
        message: "@fixture/pkg: interface components changed (components.schemas.artifact changed)",
      }),
    ]);
  });

  it("reads reports written with CRLF line ends like LF ones", async () => {
    const crlf = (await report("base")).replaceAll("\n", "\r\n");
    expect(classifyReports(await report("base"), crlf, entry)).toEqual([
      expect.objectContaining({
        level: "none",
        message: "@fixture/pkg: report text changed, no declaration's shape changed",
      }),
    ]);
  });

  it("calls optional parameters added at the end of a function a feature, a required one breaking", async () => {
    expect(await classify("optional-param")).toEqual([
      expect.objectContaining({
        level: "feature",
        message: "@fixture/pkg: function download changed (optional parameter added)",
      }),
    ]);
    expect(await classify("required-param")).toEqual([
      expect.objectContaining({
        level: "breaking",
        message: "@fixture/pkg: function download changed (download changed)",
      }),
    ]);
  });

  it("calls a member added to an exported constant a feature (consumers read it), a removed one breaking", async () => {
    const before = await report("const-before");
    expect(classifyReports(before, await report("const-member"), entry)).toEqual([
      expect.objectContaining({
        level: "feature",
        message: "@fixture/pkg: const keys changed (keys.latest added)",
      }),
    ]);
    expect(classifyReports(before, await report("const-member-removed"), entry)).toEqual([
      expect.objectContaining({ level: "breaking", message: expect.stringMatching(/keys\.all removed/) }),
    ]);
  });

  it("calls a new method of a class a feature: consumers do not supply classes", async () => {
    expect(await classify("class-method")).toEqual([
      expect.objectContaining({ level: "feature", message: "@fixture/pkg: class Store changed (Store.set added)" }),
    ]);
  });

  it("reports a change of notes alone (release tags, warnings) with level none", async () => {
    expect(await classify("notes-only")).toEqual([
      expect.objectContaining({
        level: "none",
        message: "@fixture/pkg: report text changed, no declaration's shape changed",
      }),
    ]);
  });

  it("treats a new entry point as added exports and a removed one as breaking", async () => {
    const added = classifyReports(undefined, await report("base"), { package: "@fixture/pkg", entry: "./node" });
    expect(added.map((c) => c.level)).toEqual(["feature", "feature", "feature", "feature"]);
    expect(added[0].message).toBe("@fixture/pkg/node: interface components added");
    expect(classifyReports(await report("base"), undefined, entry)).toEqual([
      expect.objectContaining({ level: "breaking", message: "@fixture/pkg: entry point removed" }),
    ]);
  });

  it("gives the largest level over all entry points", async () => {
    const entryPoints = [
      { ...entry, report: "a" },
      { ...entry, entry: "./b", report: "b" },
    ];
    const before = new Map([
      ["a", await report("base")],
      ["b", await report("base")],
    ]);
    const after = new Map([
      ["a", await report("added")],
      ["b", await report("changed")],
    ]);
    expect(compareReports(before, after, { entryPoints }).level).toBe("breaking");
    expect(compareReports(before, before, { entryPoints })).toEqual({ level: "none", changes: [] });
  });
});

/** A report holding these declarations, as api-extractor writes them (a `// @public` line above each). */
const reportOf = (...declarations) =>
  `## API Report File for "@fixture/pkg"\n\n\`\`\`ts\n\n${declarations.map((d) => `// @public\n${d}\n`).join("\n")}\n\`\`\`\n`;

/** The generated types' shape, cut down: a parameter (input), a response (output), and an alias into them. */
const typesReport = ({ direction = '"asc" | "desc"', status = '"active" | "expired"', order = "ab", alias } = {}) =>
  reportOf(
    [
      "export interface components {",
      "    parameters: {",
      ...(order === "ab"
        ? [`        direction: ${direction};`, '        "per-page": number;']
        : ['        "per-page": number;', `        direction: ${direction};`]),
      "    };",
      "    schemas: {",
      "        artifact: {",
      "            id: number;",
      `            status: ${status};`,
      "        };",
      "    };",
      "}",
    ].join("\n"),
    [
      "export interface operations {",
      '    "actions/get-artifact": {',
      "        responses: {",
      "            200: {",
      "                content: {",
      '                    "application/json": components["schemas"]["artifact"];',
      "                };",
      "            };",
      "        };",
      "    };",
      "}",
    ].join("\n"),
    `export type ArtifactAlias = ${alias ?? 'components["schemas"]["artifact"]'};`,
  );

// The rules of the shape comparison, one row each: what changed between two reports, the level and the words.
const SHAPE_RULES = [
  ["members reordered", typesReport(), typesReport({ order: "ba" }), "none", /no declaration's shape changed/],
  [
    "an alias rewritten to the same shape",
    typesReport(),
    typesReport({ alias: 'operations["actions/get-artifact"]["responses"][200]["content"]["application/json"]' }),
    "none",
    /no declaration's shape changed/,
  ],
  [
    "an alias rewritten to another shape",
    typesReport(),
    typesReport({ alias: 'components["parameters"]["direction"]' }),
    "breaking",
    /type ArtifactAlias changed/,
  ],
  [
    "a union reordered",
    typesReport(),
    typesReport({ direction: '"desc" | "asc"' }),
    "none",
    /no declaration's shape changed/,
  ],
  [
    "a new value in an input enum (a parameter's union widened)",
    typesReport(),
    typesReport({ direction: '"asc" | "desc" | "random"' }),
    "feature",
    /components\.parameters\.direction widened/,
  ],
  [
    "an input narrowed",
    typesReport(),
    typesReport({ direction: '"desc"' }),
    "breaking",
    /components\.parameters\.direction narrowed/,
  ],
  [
    "an output widened (a response enum gains a value)",
    typesReport(),
    typesReport({ status: '"active" | "expired" | "archived"' }),
    "breaking",
    /components\.schemas\.artifact\.status widened/,
  ],
  [
    "an output narrowed",
    typesReport(),
    typesReport({ status: '"active"' }),
    "breaking",
    /components\.schemas\.artifact\.status narrowed/,
  ],
  [
    "a function parameter's union widened",
    reportOf('export function download(format: "zip"): Promise<void>;'),
    reportOf('export function download(format: "zip" | "tar"): Promise<void>;'),
    "feature",
    /parameter format widened/,
  ],
  [
    "a function parameter's union narrowed",
    reportOf('export function download(format: "zip" | "tar"): Promise<void>;'),
    reportOf('export function download(format: "zip"): Promise<void>;'),
    "breaking",
    /download changed/,
  ],
  [
    "a function's result widened",
    reportOf("export function size(): number;"),
    reportOf("export function size(): number | undefined;"),
    "breaking",
    /size changed/,
  ],
  [
    "a changed value of an exported constant",
    reportOf("export const rules: {\n    readonly per_page: readonly [1, 100];\n};"),
    reportOf("export const rules: {\n    readonly per_page: readonly [1, 50];\n};"),
    "feature",
    /rules\.per_page changed/,
  ],
  [
    "an options member widened",
    reportOf('export interface ClientOptions {\n    apiVersion?: "2022-11-28";\n}'),
    reportOf('export interface ClientOptions {\n    apiVersion?: "2022-11-28" | "2026-03-10";\n}'),
    "feature",
    /ClientOptions\.apiVersion widened/,
  ],
  [
    "an input member made optional",
    reportOf("export interface ListParams {\n    owner: string;\n}"),
    reportOf("export interface ListParams {\n    owner?: string;\n}"),
    "feature",
    /ListParams\.owner made optional/,
  ],
  [
    "a required member added to an input",
    reportOf("export interface ListParams {\n    owner: string;\n}"),
    reportOf("export interface ListParams {\n    owner: string;\n    repo: string;\n}"),
    "breaking",
    /ListParams\.repo added \(required\)/,
  ],
  [
    "a required member added to an interface consumers may implement",
    reportOf("export interface CacheStore {\n    get(key: string): unknown;\n}"),
    reportOf("export interface CacheStore {\n    get(key: string): unknown;\n    clear(): void;\n}"),
    "breaking",
    /CacheStore\.clear added \(required\)/,
  ],
  [
    "a hand-written union widened (which side is unknown)",
    reportOf('export type ArtifactKind = "zip" | "file";'),
    reportOf('export type ArtifactKind = "zip" | "file" | "tar";'),
    "breaking",
    /ArtifactKind widened/,
  ],
  [
    "a required member added to a response",
    typesReport(),
    typesReport({ status: '"active" | "expired";\n            retention_days: number' }),
    "feature",
    /components\.schemas\.artifact\.retention_days added \(required\)/,
  ],
  [
    "an output member made optional",
    reportOf("export interface Artifact {\n    id: number;\n}"),
    reportOf("export interface Artifact {\n    id?: number;\n}"),
    "breaking",
    /Artifact\.id made optional/,
  ],
];

describe("classifyReports judges shapes, not text or order", () => {
  it.each(SHAPE_RULES)("%s", (_name, before, after, level, words) => {
    const changes = classifyReports(before, after, entry);
    expect(changes.map((c) => c.level)).toEqual([level]);
    expect(changes[0].message).toMatch(words);
  });
});

describe("the committed entry points", () => {
  it("each config names the report that is committed for it", async () => {
    for (const e of ENTRY_POINTS) {
      const config = JSON.parse(await readFile(path.join(root, e.config), "utf8"));
      expect(path.basename(e.report)).toBe(`${config.apiReport.reportFileName}.api.md`);
      expect((await committedReports()).get(e.report)).toMatch(`API Report File for "${e.package}"`);
    }
  });
});

// End to end: api-extractor on a small built package, with the repository's shared config.
describe("generateReports and apiChanges", () => {
  const fixtureEntry = [
    {
      package: "@fixture/api-report",
      entry: ".",
      config: "package/api-extractor.json",
      report: "package/etc/package.api.md",
    },
  ];
  let dir;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  async function copyFixture() {
    dir = await mkdtemp(path.join(tmpdir(), "gh-artifacts-api-test-"));
    await cp(path.join(fixtures, "package"), path.join(dir, "package"), { recursive: true });
    const configPath = path.join(dir, "package", "api-extractor.json");
    const config = JSON.parse(await readFile(configPath, "utf8"));
    config.extends = path.join(root, "api-extractor.base.json");
    await writeFile(configPath, JSON.stringify(config));
    return dir;
  }

  it("writes a report that matches the committed one, and classifies a changed .d.ts", async () => {
    const cwd = await copyFixture();
    const fresh = await generateReports({ entryPoints: fixtureEntry, cwd });
    const committed = await committedReports({ entryPoints: fixtureEntry, cwd: fixtures });
    expect(fresh.get("package/etc/package.api.md")).toBe(committed.get("package/etc/package.api.md"));

    // note: the copy holds the committed report, so apiChanges compares it with a fresh run.
    expect(await apiChanges({ entryPoints: fixtureEntry, cwd })).toEqual({ level: "none", changes: [] });

    const options = path.join(cwd, "package", "dist", "options.d.ts");
    await writeFile(options, (await readFile(options, "utf8")).replace("loud?: boolean", "loud: boolean"));
    expect(await apiChanges({ entryPoints: fixtureEntry, cwd })).toEqual({
      level: "breaking",
      changes: [
        expect.objectContaining({
          level: "breaking",
          message: "@fixture/api-report: interface Options changed (Options.loud made required)",
        }),
      ],
    });
  });

  it("says to build first when a .d.ts is missing", async () => {
    const cwd = await copyFixture();
    await rm(path.join(cwd, "package", "dist"), { recursive: true });
    await expect(generateReports({ entryPoints: fixtureEntry, cwd })).rejects.toThrow(
      "package/dist/index.d.ts is missing: run `pnpm build` first.",
    );
  });

  it("compares the committed reports with those at a git ref when given a base", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "gh-artifacts-api-git-"));
    const cwd = dir;
    const git = (...args) =>
      execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd });
    git("init", "-q");
    const entryPoints = [{ ...entry, report: "etc/pkg.api.md" }];
    // note: a base from before the reports existed has nothing to compare with: that is not a new API.
    await writeFile(path.join(cwd, "README"), "");
    git("add", ".");
    git("commit", "-q", "-m", "before the reports");
    await mkdir(path.join(cwd, "etc"));
    await writeFile(path.join(cwd, "etc", "pkg.api.md"), await report("base"));
    expect(await apiChanges({ base: "HEAD", entryPoints, cwd })).toEqual({ level: "none", changes: [] });

    await expect(apiChanges({ base: "no-such-ref", entryPoints, cwd })).rejects.toThrow(
      "cannot read the git ref no-such-ref",
    );

    git("add", ".");
    git("commit", "-q", "-m", "reports");
    await writeFile(path.join(cwd, "etc", "pkg.api.md"), await report("added"));
    expect(await apiChanges({ base: "HEAD", entryPoints, cwd })).toEqual({
      level: "feature",
      changes: [expect.objectContaining({ level: "feature", message: "@fixture/pkg: function upload added" })],
    });
  });
});
