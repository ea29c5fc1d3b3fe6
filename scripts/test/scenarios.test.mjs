// The issues' "Done means": for each kind of upstream change, sync a modified copy of GitHub's description from a
// clean start, classify the spec diff as `pnpm spec:diff` prints it, make the published types' API report for it as
// `pnpm api:update` would, and ask the changeset gate with no changeset, a too small one and the right one.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { checkChangeset } from "../check-changeset.mjs";
import { renderDeprecations } from "../generate-deprecations.mjs";
import { renderParameters } from "../generate-parameters.mjs";
import { renderRoutes } from "../generate-routes.mjs";
import { classifyReports, maxLevel } from "../lib/api-report.mjs";
import { bumpsIn, PACKAGES, parseChangeset, requiredBump, verdict } from "../lib/changeset-gate.mjs";
import { diffSpecs, formatDiff, readSpecAt } from "../lib/spec-diff.mjs";
import { BREAKING_CHANGES } from "../lib/sync/api-versions.mjs";
import { replaySourceFor, sourceRecordPathFor } from "../source-record.mjs";
import { DEFAULT_OUT, syncSpec } from "../spec-sync.mjs";
import { generatedTypes, typesReport } from "./helpers/types-report.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const config = JSON.parse(await readFile(path.join(root, ".changeset", "config.json"), "utf8"));
const packageFile = (name) => require.resolve(`@octokit/openapi/generated/${name}.json`);

const LIST = "/repos/{owner}/{repo}/actions/artifacts";
const GET = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}";
const DOWNLOAD = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}";
const RUN_LIST = "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts";
const TYPES = { package: "@gh-artifacts/types", entry: "." };

/**
 * GitHub's description cut to our paths (the artifacts' and the run listings') and the components they reference, in their original order, plus
 * the components that carry GitHub's breaking-change records (unreachable from ours, but they are how the sync
 * learns which API versions exist). note: spec:sync keeps exactly this much, so the result is the same document
 * (checked below) while each sync reads a few hundred kB instead of 13 MB.
 */
function artifactSlice(doc) {
  const paths = Object.fromEntries(
    Object.entries(doc.paths).filter(([p]) =>
      /\/actions\/((runs\/\{run_id\}\/)?artifacts|runs$|workflows\/\{workflow_id\}\/runs$)/.test(p),
    ),
  );
  const used = new Set();
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string" && !used.has(value)) {
          used.add(value);
          const [, , kind, name] = value.split("/");
          walk(doc.components[kind][name]);
        } else walk(value);
      }
    }
  };
  walk(paths);
  const components = Object.fromEntries(
    Object.entries(doc.components).map(([kind, entries]) => [
      kind,
      kind === "securitySchemes"
        ? entries
        : Object.fromEntries(
            Object.entries(entries).filter(
              ([name, value]) => used.has(`#/components/${kind}/${name}`) || value?.[BREAKING_CHANGES],
            ),
          ),
    ]),
  );
  return { ...doc, paths, components };
}

const getOp = (d) => d.paths[GET].get;
const param = (d, route, name) =>
  d.paths[route].get.parameters.find((p) => p.name === name) ??
  Object.values(d.components.parameters).find((p) => p.name === name);

/**
 * Each scenario edits GitHub's description the way an upstream release might. `level` is the class spec:diff
 * prints, `api` the API report's, `bump` what the gate asks for (the larger of the two).
 */
const SCENARIOS = [
  {
    name: "new optional response field",
    level: "feature",
    api: "feature",
    bump: "minor",
    mentions: /retention_days/,
    edit: (d) => {
      d.components.schemas.artifact.properties.retention_days = { type: "integer", description: "Days kept." };
    },
  },
  {
    name: "response field removed",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /node_id/,
    edit: (d) => {
      const artifact = d.components.schemas.artifact;
      delete artifact.properties.node_id;
      artifact.required = artifact.required.filter((n) => n !== "node_id");
      // note: the overlays close the schema, so GitHub's examples lose the field with it.
      const { artifact: one, "artifact-paginated": page } = d.components.examples;
      for (const a of [one.value, ...page.value.artifacts]) delete a.node_id;
    },
  },
  {
    name: "response field made nullable",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /archive_download_url/,
    edit: (d) => {
      d.components.schemas.artifact.properties.archive_download_url.nullable = true;
    },
  },
  {
    name: "new required query parameter",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /visibility/,
    edit: (d) => {
      d.paths[LIST].get.parameters.push({
        name: "visibility",
        in: "query",
        required: true,
        schema: { type: "string" },
      });
    },
  },
  {
    name: "response field type changed",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /size_in_bytes/,
    edit: (d) => {
      const size = d.components.schemas.artifact.properties.size_in_bytes;
      size.type = "string";
      size.example = String(size.example);
      // note: lint checks every example against its schema, so the examples change with the type.
      const { artifact, "artifact-paginated": page } = d.components.examples;
      artifact.value.size_in_bytes = String(artifact.value.size_in_bytes);
      for (const a of page.value.artifacts) a.size_in_bytes = String(a.size_in_bytes);
    },
  },
  {
    name: "request enum value removed (direction)",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /direction|asc/,
    edit: (d) => {
      d.components.parameters.direction.schema.enum = ["desc"];
    },
  },
  {
    name: "request enum value added (direction)",
    level: "feature",
    api: "feature",
    bump: "minor",
    mentions: /direction enum value "random" added/,
    edit: (d) => {
      d.components.parameters.direction.schema.enum.push("random");
    },
  },
  {
    name: "new response code",
    level: "feature",
    api: "feature",
    bump: "minor",
    mentions: /410/,
    edit: (d) => {
      getOp(d).responses["410"] = { $ref: "#/components/responses/gone" };
    },
  },
  {
    name: "response code removed (the 410 an overlay decorates)",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /response 410 of actions\/download-artifact removed/,
    notes: [/40-errors.overlay.yaml: \$\.components\.responses\.gone changes only what the spec no longer keeps/],
    edit: (d) => {
      delete d.paths[DOWNLOAD].get.responses["410"];
    },
  },
  {
    name: "path changed",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /runs\/\{run_id\}\/artifacts/,
    edit: (d) => {
      d.paths["/repos/{owner}/{repo}/actions/workflow-runs/{run_id}/artifacts"] = d.paths[RUN_LIST];
      delete d.paths[RUN_LIST];
    },
  },
  {
    name: "per_page maximum lowered upstream below the overlay's (100 → 50)",
    level: "breaking",
    api: "feature",
    bump: "major",
    mentions: /per_page maximum 100 → 50/,
    notes: [/upstream is stricter than 20-constraints.overlay.yaml at components.parameters.per-page.schema: maximum/],
    edit: (d) => {
      const perPage = d.components.parameters["per-page"];
      perPage.schema.maximum = 50;
      perPage.description = perPage.description.replace("max 100", "max 50");
    },
  },
  {
    name: "archive_format enum gains our pinned value upstream",
    level: "none",
    api: "none",
    bump: "none",
    edit: (d) => {
      param(d, DOWNLOAD, "archive_format").schema.enum = ["zip"];
    },
  },
  {
    name: "archive_format enum lacks our pinned value upstream",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /archive_format of actions\/download-artifact enum value "zip" removed/,
    notes: [/enum is \["tar"\] upstream, \["zip"\] in the overlay; kept \["tar"\]/],
    edit: (d) => {
      param(d, DOWNLOAD, "archive_format").schema.enum = ["tar"];
    },
  },
  {
    name: "operationId renamed, with x-octokit's record",
    level: "none",
    api: "none",
    bump: "none",
    notes: [/GitHub renamed actions\/get-artifact to actions\/get-an-artifact \(GitHub's x-octokit rename record/],
    edit: (d) => {
      Object.assign(getOp(d), {
        operationId: "actions/get-an-artifact",
        "x-octokit": {
          changes: [{ type: "OPERATION", date: "2027-01-01", before: { operationId: "actions/get-artifact" } }],
        },
      });
    },
  },
  {
    name: "operationId renamed without a record (GHES), mapped by spec/operations.yaml",
    level: "none",
    api: "none",
    bump: "none",
    renames: { operations: { "actions/get-an-artifact": "actions/get-artifact" } },
    notes: [/GitHub renamed actions\/get-artifact to actions\/get-an-artifact \(spec\/operations\.yaml\)/],
    edit: (d) => {
      getOp(d).operationId = "actions/get-an-artifact";
    },
  },
  {
    name: "path parameter renamed (artifact_id → id), with x-octokit's record",
    level: "none",
    api: "none",
    bump: "none",
    notes: [/GitHub renamed the path parameter artifact_id of actions\/get-artifact to id/],
    edit: (d) => {
      d.components.parameters["artifact-id"].name = "id";
      for (const route of [GET, DOWNLOAD]) {
        const renamed = route.replace("{artifact_id}", "{id}");
        d.paths[renamed] = d.paths[route];
        delete d.paths[route];
        for (const op of Object.values(d.paths[renamed])) {
          op["x-octokit"] = {
            changes: [{ type: "PARAMETER", date: "2027-02-01", parameter: "id", before: { name: "artifact_id" } }],
          };
        }
      }
    },
  },
  {
    name: "operation deprecated upstream",
    level: "fix",
    api: "none",
    bump: "patch",
    mentions: /actions\/get-artifact deprecated/,
    edit: (d) => {
      Object.assign(getOp(d), {
        deprecated: true,
        description: `> [!WARNING]\n> **Closing down notice:** This operation is closing down.\n\n${getOp(d).description}`,
      });
    },
  },
];

/**
 * The same scenarios between whole descriptions GitHub publishes, and GitHub's API versions: `from` and `to` are
 * sync options. The 2026-03-10 fixture records a breaking change for 2026-03-10 on the artifact lists as GitHub
 * records its own (compare `remove_bundle`): today's description records none on our operations.
 */
const removeTotalCount = (d) => {
  const patch = {
    responses: {
      200: {
        content: { "application/json": { schema: { properties: { total_count: null }, required: ["artifacts"] } } },
      },
    },
  };
  for (const route of [LIST, RUN_LIST]) {
    d.paths[route].get[BREAKING_CHANGES] = [{ changeset: "remove_total_count", patch, version: "2026-03-10" }];
  }
  d.components.examples["artifact-paginated"][BREAKING_CHANGES] = [
    { changeset: "remove_total_count", patch: { value: { total_count: null } }, version: "2026-03-10" },
  ];
};
const VERSIONS = [
  {
    name: "GHES 3.19 → api.github.com",
    level: "feature",
    api: "feature",
    bump: "minor",
    mentions: /artifact\.digest added|X-GitHub-Api-Version enum value "2026-03-10" added/,
    from: { from: "ghes-3.19" },
    to: { from: "api.github.com" },
  },
  {
    name: "api.github.com → GHES 3.19",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /artifact\.digest removed/,
    from: { from: "api.github.com" },
    to: { from: "ghes-3.19" },
  },
  {
    name: "today's description at API version 2022-11-28 → 2026-03-10",
    level: "none",
    api: "none",
    bump: "none",
    from: { from: "api.github.com" },
    to: { from: "api.github.com", apiVersion: "2026-03-10" },
  },
  {
    name: "a 2026-03-10 breaking change recorded on an artifact operation, synced at 2022-11-28",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /X-GitHub-Api-Version enum value "2026-03-10" removed/,
    notes: [
      /API version 2026-03-10 is left out of X-GitHub-Api-Version: .*actions\/list-artifacts-for-repo \(remove_total_count/,
    ],
    from: { from: "api.github.com" },
    to: { edit: removeTotalCount },
  },
  {
    name: "a 2026-03-10 breaking change recorded on an artifact operation, synced at 2026-03-10",
    level: "breaking",
    api: "breaking",
    bump: "major",
    mentions: /total_count removed/,
    from: { from: "api.github.com" },
    to: { edit: removeTotalCount, apiVersion: "2026-03-10" },
  },
];

const SMALLER = { patch: "none", minor: "patch", major: "minor" };
const changesetFor = (bumps) =>
  `---\n${Object.entries(bumps)
    .map(([name, type]) => `"${name}": ${type}`)
    .join("\n")}\n---\n\nA change.\n`;
/** The gate's verdict for these changeset texts, as check:changeset computes it. */
const gate = (specLevel, apiLevel, texts) =>
  verdict(requiredBump(specLevel, apiLevel), bumpsIn(texts.map(parseChangeset), config));

let dir;
let slice;
let base;
/**
 * Syncs into a fresh folder (its own repository: the edited description is a file in it) and returns the spec, its
 * parsed document, the sync's notes and the types' API report.
 */
async function syncInto(name, { edit, source = slice, from, apiVersion, renames } = {}) {
  const repo = path.join(dir, name.replace(/\W+/g, "-"));
  await mkdir(path.join(repo, "spec"), { recursive: true });
  let input = from;
  if (!input) {
    const doc = structuredClone(source);
    edit?.(doc);
    input = path.join(repo, "description.json");
    await writeFile(input, JSON.stringify(doc));
  }
  let operationsTable;
  if (renames) {
    const table = YAML.parse(await readFile(path.join(root, "spec", "operations.yaml"), "utf8"));
    table.renames = { ...table.renames, ...renames };
    operationsTable = path.join(repo, "operations.yaml");
    await writeFile(operationsTable, YAML.stringify(table));
  }
  const out = path.join(repo, "spec", "artifacts.yaml");
  const result = await syncSpec({ from: input, out, apiVersion, root: repo, operationsTable });
  const text = await readFile(out, "utf8");
  return { repo, out, text, doc: YAML.parse(text), notes: result.notes, report: await typesReport(out, repo) };
}

/** What the pipeline says of `head` against `from`: the printed lines, the API class, the required bump. */
async function judge(from, head) {
  const spec = await diffSpecs(from.doc, head.doc);
  const api = classifyReports(from.report, head.report, TYPES);
  const apiLevel = maxLevel(api.map((c) => c.level));
  return { spec, printed: formatDiff(spec), api, apiLevel, bump: requiredBump(spec.level, apiLevel) };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "spec-scenarios-"));
  slice = artifactSlice(JSON.parse(await readFile(packageFile("api.github.com"), "utf8")));
  base = await syncInto("base");
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const body = (text) => text.replace(/^#.*\n/gm, "");

it("the cut description syncs to the committed spec (only the source comment differs)", async () => {
  const committed = await readFile(DEFAULT_OUT, "utf8");
  const record = JSON.parse(await readFile(sourceRecordPathFor(DEFAULT_OUT), "utf8"));
  const replay = await replaySourceFor(record);
  expect(replay.reason).toBeUndefined();
  const text =
    replay.from === packageFile("api.github.com") && (record.apiVersion ?? "2022-11-28") === "2022-11-28"
      ? base.text
      : (await syncInto("committed", { from: replay.from, apiVersion: record.apiVersion })).text;
  expect(body(text)).toBe(body(committed));
});

it("makes the types `pnpm generate` makes (the committed ones for the committed spec)", async () => {
  const committed = await readFile(path.join(root, "packages", "types", "src", "generated", "artifacts.ts"), "utf8");
  expect(await generatedTypes(DEFAULT_OUT)).toBe(committed);
});

it("an unchanged description is no spec change, and needs no changeset", async () => {
  const same = await syncInto("same");
  const verdictOf = await judge(base, same);
  expect(verdictOf.spec).toEqual({ level: "none", changes: [] });
  expect(verdictOf.printed).toEqual(["spec change: none"]);
  expect(verdictOf.api).toEqual([]);
  expect(gate("none", "none", []).ok).toBe(true);
});

/** The assertions every scenario makes, given how to sync its base and its head. */
function scenario({ name, level, api, bump, mentions, notes = [], makeBase, makeHead }) {
  describe(name, () => {
    let head;
    let result;
    beforeAll(async () => {
      const from = await makeBase();
      head = await makeHead();
      result = await judge(from, head);
    }, 120_000);

    it(`prints \`spec change: ${level}\`${mentions ? ", naming the change" : ""}${notes.length ? "; the sync says why in a note" : ""}`, () => {
      expect(result.printed.at(-1)).toBe(`spec change: ${level}`);
      if (mentions) {
        const top = result.spec.changes.filter((c) => c.level === level).map((c) => c.message);
        expect(top.join("\n")).toMatch(mentions);
      }
      for (const note of notes) expect(head.notes.join("\n")).toMatch(note);
    });

    it(`is a ${api} API change for the published types, so the gate asks for ${bump}`, () => {
      expect({ api: result.apiLevel, bump: result.bump }).toEqual({ api, bump });
    });

    if (bump === "none") {
      it("passes the gate without a changeset", () => {
        expect(gate(level, api, []).ok).toBe(true);
      });
      return;
    }
    it(`fails without a changeset${SMALLER[bump] !== "none" ? ` and with a ${SMALLER[bump]} one` : ""}, passes with a ${bump} one`, () => {
      const none = gate(level, api, []);
      expect(none.ok).toBe(false);
      expect(none.missing.map((m) => m.name)).toEqual(PACKAGES);
      if (SMALLER[bump] !== "none") {
        const small = gate(level, api, [changesetFor({ "@gh-artifacts/client": SMALLER[bump] })]);
        expect(small.ok).toBe(false);
        expect(small.missing.every((m) => m.given === SMALLER[bump] && m.required === bump)).toBe(true);
      }
      // note: one package of the fixed group is enough; changesets releases the four together.
      expect(gate(level, api, [changesetFor({ "@gh-artifacts/types": bump })]).ok).toBe(true);
    });
  });
}

for (const s of SCENARIOS) {
  scenario({ ...s, name: `upstream: ${s.name}`, makeBase: async () => base, makeHead: () => syncInto(s.name, s) });
}
// note: the bases are whole descriptions GitHub publishes, synced once each and shared as `base` is above (a sync of
// api.github.com's reads 13 MB); the round trip below syncs its own on purpose.
const versionBases = new Map();
const versionBase = (from) => {
  const key = JSON.stringify(from);
  if (!versionBases.has(key)) versionBases.set(key, syncInto(`version base ${key}`, from));
  return versionBases.get(key);
};
for (const s of VERSIONS) {
  scenario({
    ...s,
    makeBase: () => versionBase(s.from),
    makeHead: () => syncInto(s.name, { ...s.to, source: slice }),
  });
}

describe("GHES → api.github.com → GHES", () => {
  it("is a feature, then breaking, and ends with identical files", async () => {
    const files = async (s) => ({
      spec: s.text,
      record: await readFile(sourceRecordPathFor(s.out), "utf8"),
      report: s.report,
      generated: [await renderParameters(s.out), await renderRoutes(s.out), await renderDeprecations(s.out)].join("\n"),
    });
    const ghes = await syncInto("round trip 1", { from: "ghes-3.19" });
    const api = await syncInto("round trip 2", { from: "api.github.com" });
    const back = await syncInto("round trip 3", { from: "ghes-3.19" });
    // note: each judgement runs Optic over two whole specs; one each is enough for both assertions.
    const [there, again] = await Promise.all([judge(ghes, api), judge(api, back)]);
    expect(there.bump).toBe("minor");
    expect(again.bump).toBe("major");
    expect(there.printed.at(-1)).toBe("spec change: feature");
    expect(again.printed.at(-1)).toBe("spec change: breaking");
    expect(await files(back)).toEqual(await files(ghes));
  }, 120_000);
});

describe("check:changeset end to end, in a repository whose main has the base spec", () => {
  let repo;
  const git = (args) => promisify(execFile)("git", args, { cwd: repo });
  const noApiChange = async () => ({ level: "none", changes: [] });

  beforeAll(async () => {
    repo = path.join(dir, "repo");
    await mkdir(path.join(repo, "spec"), { recursive: true });
    await mkdir(path.join(repo, ".changeset"));
    await writeFile(path.join(repo, ".changeset", "config.json"), JSON.stringify(config));
    await writeFile(path.join(repo, "spec", "artifacts.yaml"), base.text);
    await git(["init", "--quiet", "--initial-branch=main"]);
    await git(["add", "."]);
    await git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "base"]);
    const removed = SCENARIOS.find((s) => s.name === "response field removed");
    await writeFile(path.join(repo, "spec", "artifacts.yaml"), (await syncInto("e2e", removed)).text);
  }, 120_000);

  it("fails, --write writes a major changeset that names the change, then it passes", async () => {
    const options = { cwd: repo, diffSpecs, readSpecAt, apiChanges: noApiChange };
    const before = await checkChangeset(options);
    expect(before.ok).toBe(false);
    expect(before.required).toBe("major");

    const written = await checkChangeset({ ...options, write: true });
    const parsed = parseChangeset(await readFile(written.written, "utf8"));
    expect(parsed.releases).toEqual(PACKAGES.map((name) => ({ name, type: "major" })));
    expect(parsed.summary).toMatch(/Breaking: .*node_id/);

    expect((await checkChangeset(options)).ok).toBe(true);
  });
});
