import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { loadSpec } from "../lib/spec.mjs";
import { combineChanges } from "../lib/spec-diff/combine.mjs";
import { normalizeNullability } from "../lib/spec-diff/normalize.mjs";
import { diffSpecs, readSpecAt } from "../lib/spec-diff.mjs";

const FIXTURES = fileURLToPath(new URL("./fixtures/spec-diff/", import.meta.url));
const CLI = fileURLToPath(new URL("../spec-diff.mjs", import.meta.url));
const load = (file) => YAML.parse(readFileSync(join(FIXTURES, file), "utf8"));
const pair = (name) => diffSpecs(load(`${name}.base.yaml`), load(`${name}.head.yaml`));

// Each fixture pair changes one thing; the line its diff must contain and the class of the whole diff.
const CASES = [
  ["operation-removed", "breaking", "breaking  operation actions/delete-artifact removed"],
  ["operation-renamed", "breaking", "breaking  operation actions/get-artifact renamed to actions/get-an-artifact"],
  ["path-renamed", "breaking", "breaking  path /repos/{owner}/{repo}/actions/artifacts/{artifact_id} removed"],
  ["response-code-removed", "breaking", "breaking  response 404 of actions/get-artifact removed"],
  ["response-field-removed", "breaking", "breaking  response artifact.digest removed"],
  ["response-field-renamed", "breaking", "breaking  response artifact.archive_download_url removed"],
  [
    "required-parameter-added",
    "breaking",
    "breaking  required query parameter name of actions/list-artifacts-for-repo added",
  ],
  ["parameter-removed", "breaking", "breaking  query parameter per_page of actions/list-artifacts-for-repo removed"],
  ["type-narrowed", "breaking", 'breaking  response artifact.id type changed from "integer" to "string"'],
  ["enum-value-removed", "breaking", 'breaking  response artifact.state enum value "expired" removed'],
  ["response-field-nullable", "breaking", "breaking  response artifact.archive_download_url made nullable"],
  ["response-field-nullable-type-array", "breaking", "breaking  response artifact.archive_download_url made nullable"],
  ["response-field-nullable-any-of", "breaking", "breaking  response artifact.archive_download_url made nullable"],
  ["response-field-nullable-all-of", "breaking", "breaking  response artifact.state made nullable"],
  ["response-enum-value-added", "breaking", 'breaking  response artifact.state enum value "deleted" added'],
  ["response-field-optional", "breaking", "breaking  response artifact.archive_download_url made optional"],
  ["bounds-maximum-lowered", "breaking", "breaking  query parameter per_page maximum 100 → 50"],
  ["bounds-minimum-raised", "breaking", "breaking  query parameter per_page minimum 1 → 10"],
  ["bounds-max-length-added", "breaking", "breaking  path parameter owner maxLength set to 39"],
  ["bounds-loosened", "feature", "feature   query parameter per_page maximum 100 → 200"],
  ["response-field-added", "feature", "feature   response artifact.size_in_bytes added"],
  [
    "optional-parameter-added",
    "feature",
    "feature   optional query parameter name of actions/list-artifacts-for-repo added",
  ],
  ["operation-added", "feature", "feature   operation actions/delete-artifact added"],
  ["response-code-added", "feature", "feature   response 404 of actions/get-artifact added"],
  ["request-enum-value-added", "feature", "feature   query parameter per_page enum value 100 added"],
  ["extension-only", "fix", "fix       operation actions/get-artifact x-github added"],
  ["description-only", "fix", "fix       response artifact.name description changed"],
  ["metadata-only", "none", "none      info.x-upstream-version added"],
];

const lines = (result) => result.changes.map((c) => `${c.level.padEnd(9)} ${c.message}`);

describe("diffSpecs", () => {
  it.each(CASES)("%s → %s", async (name, level, line) => {
    const result = await pair(name);
    expect(lines(result)).toContain(line);
    expect(result.level).toBe(level);
  });

  it("finds nothing between a spec and itself", async () => {
    expect(await diffSpecs(load("type-narrowed.base.yaml"), load("type-narrowed.base.yaml"))).toEqual({
      level: "none",
      changes: [],
    });
  });

  it("reports a change to a shared component once, not once per operation using it", async () => {
    const { changes } = await pair("response-field-removed");
    expect(changes).toEqual([
      { level: "breaking", kind: "field-removed", message: "response artifact.digest removed" },
    ]);
  });

  it("reports a change inside a shared parameter once, without naming every operation", async () => {
    expect(lines(await pair("bounds-max-length-added"))).toEqual([
      "breaking  path parameter owner maxLength set to 39",
    ]);
  });

  it("says a renamed field was removed and added, without repeating it as made optional or required", async () => {
    expect(lines(await pair("response-field-renamed"))).toEqual([
      "breaking  response artifact.archive_download_url removed",
      "feature   response artifact.download_url added",
    ]);
  });

  it("classifies only descriptions, summaries and examples as fix", async () => {
    const { changes } = await pair("description-only");
    expect(changes.map((c) => c.level)).toEqual(["fix", "fix", "fix", "fix"]);
    expect(lines({ changes })).toContain("fix       operation actions/get-artifact summary changed");
    // an edit deep inside an example reads as the example changed, so that many collapse into one line
    expect(lines({ changes })).toContain(
      "fix       response 200 of actions/get-artifact application/json example changed",
    );
  });
});

describe("diffSpecs on the committed spec", () => {
  it("names a change to the real artifact schema once, as nullable", async () => {
    const base = loadSpec();
    const head = loadSpec();
    head.components.schemas.artifact.properties.archive_download_url.nullable = true;
    expect(await diffSpecs(base, head)).toEqual({
      level: "breaking",
      changes: [
        { level: "breaking", kind: "made-nullable", message: "response artifact.archive_download_url made nullable" },
      ],
    });
  });
});

describe("normalizeNullability", () => {
  it("reads a nullable $ref wrapped in allOf as the plain schema plus nullable", () => {
    const doc = {
      components: {
        schemas: { a: { type: "string" }, b: { allOf: [{ $ref: "#/components/schemas/a" }], nullable: true } },
      },
    };
    expect(normalizeNullability(doc).components.schemas.b).toEqual({ type: "string", nullable: true });
  });
});

describe("spec:diff CLI and readSpecAt", () => {
  let repo;
  const git = (...args) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo, stdio: "pipe" });
  const run = (...args) => spawnSync(process.execPath, [CLI, ...args], { cwd: repo, encoding: "utf8" });

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), "spec-diff-cli-"));
    mkdirSync(join(repo, "spec"));
    git("init", "-q", "-b", "main");
    cpSync(join(FIXTURES, "response-field-removed.base.yaml"), join(repo, "spec/artifacts.yaml"));
    git("add", ".");
    git("commit", "-q", "-m", "base");
    cpSync(join(FIXTURES, "response-field-removed.head.yaml"), join(repo, "spec/artifacts.yaml"));
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it("prints one line per change and ends with the class, against main by default", () => {
    const { status, stdout } = run();
    expect(status).toBe(0);
    expect(stdout.trimEnd().split("\n")).toEqual([
      "breaking  response artifact.digest removed",
      "spec change: breaking",
    ]);
  });

  it("prints { level, changes } with --json", () => {
    const { status, stdout } = run("--base", "main", "--json");
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      level: "breaking",
      changes: [{ level: "breaking", kind: "field-removed", message: "response artifact.digest removed" }],
    });
  });

  it("exits 2 naming the ref it cannot read", async () => {
    const { status, stderr } = run("--base", "no-such-branch");
    expect(status).toBe(2);
    expect(stderr).toMatch(/cannot read spec\/artifacts\.yaml at "no-such-branch".*--base REF/);
    await expect(readSpecAt("no-such-branch", { cwd: repo })).rejects.toThrow(/no-such-branch/);
  });

  it("exits 2 with the usage on an unknown option", () => {
    const { status, stderr } = run("--bsae", "main");
    expect(status).toBe(2);
    expect(stderr).toMatch(/usage: pnpm spec:diff \[--base REF\] \[--json\]/);
  });

  it("reads the spec at a ref", async () => {
    expect((await readSpecAt("main", { cwd: repo })).components.schemas.artifact.properties.digest).toBeDefined();
  });
});

describe("combineChanges", () => {
  const P = "/paths/~1a/get/responses/200/content/application~1json/schema/properties";
  it("adds what optic's ruleset flags and our rules did not see, as breaking", () => {
    const ours = [{ level: "fix", kind: "documentation", message: "response a.b description changed", at: `${P}/b` }];
    const optic = [
      { name: "prevent response property type changes", error: "expected 'c' not to be expanded.", pointer: `${P}/c` },
    ];
    expect(combineChanges(ours, optic)).toEqual([
      {
        level: "breaking",
        kind: "optic: prevent response property type changes",
        message: "expected 'c' not to be expanded.",
      },
      { level: "fix", kind: "documentation", message: "response a.b description changed" },
    ]);
  });

  it("keeps our line when it already says the same thing at or around the same place", () => {
    const ours = [{ level: "breaking", kind: "made-nullable", message: "response a.c made nullable", at: `${P}/c` }];
    const optic = [
      { name: "prevent response property type changes", error: "expected 'c' not to be expanded.", pointer: `${P}/c` },
    ];
    expect(combineChanges(ours, optic).map((c) => c.message)).toEqual(["response a.c made nullable"]);
    const sibling = [{ name: "x", error: "about cd", pointer: `${P}/cd` }];
    expect(combineChanges(ours, sibling).map((c) => c.message)).toEqual(["about cd", "response a.c made nullable"]);
  });
});
