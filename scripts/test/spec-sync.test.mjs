import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { loadOperationsTable } from "../lib/sync/names.mjs";
import { applyOverlay } from "../lib/sync/overlay.mjs";
import { labelOf, replaySourceFor, sourceRecordPathFor } from "../source-record.mjs";
import { DEFAULT_OUT, DEFAULT_SOURCE, SPEC_VERSION, SpecSyncError, syncSpec } from "../spec-sync.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const ghes = require.resolve("@octokit/openapi/generated/ghes-3.19.json");
const { version: installed } = require("@octokit/openapi/package.json");
/** Our operations as GitHub describes them, untouched by our overlays (a small stand-in for the 13 MB file). */
const fixture = new URL("./fixtures/source/artifact-operations.json", import.meta.url);
const ARTIFACT_OPERATION_IDS = Object.keys((await loadOperationsTable()).operations);

let dir;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "spec-sync-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const operationsOf = (doc) =>
  Object.entries(doc.paths).flatMap(([p, item]) =>
    Object.entries(item).map(([method, op]) => ({ path: p, method, ...op })),
  );

/** Every `$ref` in the document, as [where, ref]. */
function refsOf(node, where = "#", acc = []) {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) refsOf(v, `${where}/${i}`, acc);
  } else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref") acc.push([where, v]);
      else refsOf(v, `${where}/${k}`, acc);
    }
  }
  return acc;
}

const resolvePointer = (doc, ref) =>
  ref
    .slice(2)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((node, key) => node?.[key], doc);

/**
 * One sync per source file, shared by the blocks below: `{ result, text, doc, record, recordText }`.
 * note: a sync of a whole description takes a few seconds; on main the committed spec comes from the default
 * description, so both blocks read the same sync.
 */
const syncs = new Map();
const syncDirs = [];
function syncOnce(from, apiVersion) {
  const key = `${from ?? require.resolve(DEFAULT_SOURCE)} ${apiVersion}`;
  if (!syncs.has(key)) {
    syncs.set(
      key,
      (async () => {
        const syncDir = await mkdtemp(path.join(tmpdir(), "spec-sync-whole-"));
        syncDirs.push(syncDir);
        const out = path.join(syncDir, "artifacts.yaml");
        const result = await syncSpec({ from: from ?? "api.github.com", out, apiVersion });
        const text = await readFile(out, "utf8");
        const recordText = await readFile(sourceRecordPathFor(out), "utf8");
        return { result, text, doc: YAML.parse(text), recordText, record: JSON.parse(recordText) };
      })(),
    );
  }
  return syncs.get(key);
}
afterAll(async () => {
  await Promise.all(syncDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("spec:sync replaying the source recorded beside the committed spec", () => {
  // note: replayed from spec/source.json rather than the default description, so these hold for whichever
  // description was committed (a GHES or GHEC sync too), as check:drift does.
  let committed;
  let replay;
  beforeAll(async () => {
    const recordText = await readFile(sourceRecordPathFor(DEFAULT_OUT), "utf8");
    committed = { text: await readFile(DEFAULT_OUT, "utf8"), recordText, record: JSON.parse(recordText) };
    replay = await replaySourceFor(committed.record);
  });

  it("reproduces the committed spec and its source.json byte for byte", async () => {
    expect(committed.text.split("\n")[1]).toBe(
      `# Source: ${labelOf(committed.record)}, API version ${committed.record.apiVersion} (recorded in source.json)`,
    );
    // note: check:drift fails on a source it cannot replay, so the committed one must be replayable.
    expect(replay.reason).toBeUndefined();
    const { result, text, recordText } = await syncOnce(replay.from, committed.record.apiVersion);
    expect(text).toBe(committed.text);
    expect(recordText).toBe(committed.recordText);
    expect(result.record).toEqual(committed.record);
  });
});

describe("the weekly update's `pnpm spec:sync` (no --from) on an unchanged upstream", () => {
  it("syncs from the recorded source and rewrites the committed files byte for byte", async () => {
    const spec = path.join(dir, "spec");
    await mkdir(spec);
    await cp(sourceRecordPathFor(DEFAULT_OUT), path.join(spec, "source.json"));
    const out = path.join(spec, "artifacts.yaml");
    const result = await syncSpec({ out });
    expect(result.source).toMatch(/\(recorded\)$/);
    expect(await readFile(out, "utf8")).toBe(await readFile(DEFAULT_OUT, "utf8"));
    expect(await readFile(path.join(spec, "source.json"), "utf8")).toBe(
      await readFile(sourceRecordPathFor(DEFAULT_OUT), "utf8"),
    );
  });
});

describe("spec:sync from GitHub's published description", () => {
  // One sync (a few seconds on the 13 MB description) serves these read-only assertions.
  let doc;
  let text;
  let result;
  let record;
  beforeAll(async () => {
    ({ doc, text, result, record } = await syncOnce(undefined));
  });

  it("records the package file it read in source.json beside the spec", () => {
    expect(record).toEqual({
      package: "@octokit/openapi",
      version: installed,
      file: "generated/api.github.com.json",
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      apiVersion: "2022-11-28",
    });
    expect(result.record).toEqual(record);
    expect(text).toMatch(
      new RegExp(
        `^# Source: @octokit/openapi@${installed} generated/api\\.github\\.com\\.json, API version 2022-11-28`,
        "m",
      ),
    );
  });

  it("keeps info.version fixed and records upstream's version beside it", () => {
    expect(doc.info.version).toBe(SPEC_VERSION);
    expect(doc.info["x-upstream-version"]).toBe(installed);
  });

  it("names the operation in the lint warning about the download's missing 2xx", () => {
    const warning = result.warnings.find((w) => w.ruleId === "operation-2xx-response");
    expect(warning.place).toBe(
      "actions/download-artifact (GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format})",
    );
  });

  it("selects exactly the operations of spec/operations.yaml", () => {
    expect(
      operationsOf(doc)
        .map((op) => op.operationId)
        .sort(),
    ).toEqual([...ARTIFACT_OPERATION_IDS].sort());
  });

  it("resolves every $ref and keeps no unused component", () => {
    const refs = refsOf(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const [where, ref] of refs) {
      expect(ref.startsWith("#/"), `${where} -> ${ref}`).toBe(true);
      expect(resolvePointer(doc, ref), `${where} -> ${ref}`).toBeDefined();
    }
    const used = new Set(refs.map(([, ref]) => ref));
    for (const [kind, entries] of Object.entries(doc.components)) {
      if (kind === "securitySchemes") continue; // referenced by name from `security`, not by $ref
      for (const name of Object.keys(entries)) {
        expect(used.has(`#/components/${kind}/${name}`), `unused #/components/${kind}/${name}`).toBe(true);
      }
    }
  });

  it("keeps what upstream says: digest, workflow_run, nullable timestamps, Link and Location", () => {
    const artifact = doc.components.schemas.artifact;
    expect(artifact.properties.digest).toMatchObject({ type: "string", nullable: true });
    expect(artifact.properties.workflow_run.properties.head_sha).toMatchObject({ type: "string" });
    expect(artifact.properties.expires_at).toMatchObject({ nullable: true, format: "date-time" });
    const list = doc.paths["/repos/{owner}/{repo}/actions/artifacts"].get;
    expect(list.responses["200"].headers.Link.$ref).toBe("#/components/headers/link");
    const download = doc.paths["/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}"].get;
    expect(download.responses["302"].headers.Location.$ref).toBe("#/components/headers/location");
    expect(doc.components.parameters["per-page"].schema.default).toBe(30);
  });

  it("applies the overlay's constraints", () => {
    const params = doc.components.parameters;
    expect(params["per-page"].schema).toMatchObject({ minimum: 1, maximum: 100 });
    expect(params.page.schema).toMatchObject({ minimum: 1 });
    expect(params["artifact-id"].schema).toMatchObject({ type: "integer", minimum: 1 });
    expect(params["run-id"].schema).toMatchObject({ type: "integer", minimum: 1 });
    expect(params["api-version"]).toMatchObject({ name: "X-GitHub-Api-Version", in: "header" });
    // note: both versions: GitHub records no 2026-03-10 breaking change on these operations or their schemas.
    expect(params["api-version"].schema).toEqual({
      type: "string",
      enum: ["2022-11-28", "2026-03-10"],
      default: "2022-11-28",
    });
    expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: "http", scheme: "bearer" }));

    for (const op of operationsOf(doc)) {
      expect(op.parameters, op.operationId).toContainEqual({ $ref: "#/components/parameters/api-version" });
      expect(op.security, op.operationId).toContainEqual({ bearer: [] });
      for (const code of ["401", "403", "404", "429"])
        expect(op.responses[code], `${op.operationId} ${code}`).toBeDefined();
      for (const [code, response] of Object.entries(op.responses)) {
        const resolved = response.$ref ? resolvePointer(doc, response.$ref) : response;
        expect(Object.keys(resolved.headers ?? {}), `${op.operationId} ${code}`).toContain("x-ratelimit-remaining");
      }
    }
    const anonymous = operationsOf(doc).filter((op) => op.security.some((s) => Object.keys(s).length === 0));
    expect(anonymous.map((op) => op.operationId).sort()).toEqual(
      ARTIFACT_OPERATION_IDS.filter((id) => id !== "actions/delete-artifact").sort(),
    );
    const download = doc.paths["/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}"].get;
    expect(download.parameters.find((p) => p.name === "archive_format").schema.enum).toEqual(["zip"]);
    expect(download.responses["410"].$ref).toBe("#/components/responses/gone");
    expect(Object.keys(doc.components.responses.too_many_requests.headers)).toContain("retry-after");
    expect(doc.components.responses.not_found.content["application/json"].schema.$ref).toBe(
      "#/components/schemas/basic-error",
    );
  });

  it("trims the workflow run to what choosing a build reads: no repository or user objects, in schema and example", () => {
    const run = doc.components.schemas["workflow-run"];
    for (const gone of ["repository", "head_repository", "actor", "triggering_actor"]) {
      expect(run.properties[gone], gone).toBeUndefined();
      expect(run.required, gone).not.toContain(gone);
    }
    for (const kept of [
      "id",
      "head_branch",
      "head_sha",
      "event",
      "status",
      "conclusion",
      "workflow_id",
      "created_at",
    ]) {
      expect(run.properties[kept], kept).toBeDefined();
      expect(run.required, kept).toContain(kept);
    }
    expect(run.properties.pull_requests.items.$ref).toBe("#/components/schemas/pull-request-minimal");
    expect(doc.components.schemas["minimal-repository"]).toBeUndefined();
    expect(doc.components.schemas["simple-user"]).toBeUndefined();
    for (const example of doc.components.examples["workflow-run-paginated"].value.workflow_runs) {
      expect(Object.keys(example)).not.toContain("repository");
      expect(Object.keys(example)).not.toContain("actor");
    }
  });

  it("keeps the run listings' filters, with the overlay's bounds on ids", () => {
    for (const route of [RUNS, WORKFLOW_RUNS]) {
      const names = doc.paths[route].get.parameters.map((p) => resolvePointer(doc, p.$ref ?? "#").name ?? p.name);
      expect(names).toEqual(expect.arrayContaining(["branch", "event", "status", "head_sha", "created"]));
      expect(names).toEqual(expect.arrayContaining(["exclude_pull_requests", "per_page", "page"]));
    }
    // note: a file name never matches an id's digits, so `oneOf` accepts either kind (upstream's plain string
    // branch matched "42" too, which made every id fail `oneOf`).
    expect(doc.components.parameters["workflow-id"].schema.oneOf).toEqual([
      { type: "integer", minimum: 1 },
      { type: "string", pattern: "^[^/\\\\]+\\.ya?ml$" },
    ]);
    expect(doc.components.parameters["workflow-run-status"].schema.enum).toEqual(
      expect.arrayContaining(["success", "failure", "cancelled", "completed", "in_progress"]),
    );
  });

  it("keeps only the tag its operations use", () => {
    expect(doc.tags.map((t) => t.name)).toEqual(["actions"]);
  });
});

/** A folder under the test's `dir` holding one overlay with these actions, used instead of spec/overlays/. */
async function overlayFolder(actions, { withOurs = false } = {}) {
  const overlaysDir = path.join(dir, "overlays");
  await mkdir(overlaysDir);
  if (withOurs) await cp(path.join(root, "spec", "overlays"), overlaysDir, { recursive: true });
  const overlay = { overlay: "1.0.0", info: { title: "test overlay", version: "1" }, actions };
  await writeFile(path.join(overlaysDir, `${withOurs ? 90 : 10}-test.overlay.yaml`), YAML.stringify(overlay));
  return overlaysDir;
}

/** Writes the fixture, changed by `edit`, to the test's folder and returns its path. */
async function editedFixture(edit = () => {}, name = "edited.json") {
  const doc = JSON.parse(await readFile(fixture, "utf8"));
  edit(doc);
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(doc));
  return file;
}

/**
 * Syncs the fixture changed by `edit` into the test's folder (the test's folder standing for the repository, so the
 * edited copy is a file "in the repository"): `{ result, doc, text }`.
 */
async function syncEdited(edit, options = {}) {
  const from = await editedFixture(edit, options.name);
  const out = path.join(dir, "artifacts.yaml");
  const result = await syncSpec({ from, out, root: dir, ...options });
  const text = await readFile(out, "utf8");
  return { result, text, doc: YAML.parse(text) };
}

const LIST = "/repos/{owner}/{repo}/actions/artifacts";
const ONE = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}";
const DOWNLOAD = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}";
const RUN_LIST = "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts";
const RUNS = "/repos/{owner}/{repo}/actions/runs";
const WORKFLOW_RUNS = "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs";
const getArtifact = (doc) => doc.paths[ONE].get;
const archiveFormat = (doc) => doc.paths[DOWNLOAD].get.parameters.find((p) => p.name === "archive_format");

describe("spec:sync when upstream changed under the overlays", () => {
  it("fails naming the overlay, the target and the type when an integer bound lands on a string", async () => {
    const from = await editedFixture((doc) => {
      doc.components.parameters["artifact-id"].schema = { type: "string" };
    });
    const out = path.join(dir, "artifacts.yaml");
    const error = await syncSpec({ from, out, root: dir }).catch((e) => e);
    expect(error).toBeInstanceOf(SpecSyncError);
    expect(error.message).toMatch(
      /^overlay 20-constraints\.overlay\.yaml: \$\.components\.parameters\['artifact-id'\]\.schema sets minimum, which applies to integer or number, but the schema there is now type string/,
    );
    expect(await readdir(dir)).toEqual(["edited.json"]);
  });

  it("keeps upstream's lower maximum over the overlay's, and says so in one line", async () => {
    const { result, doc } = await syncEdited((d) => {
      d.components.parameters["per-page"].schema.maximum = 50;
    });
    expect(doc.components.parameters["per-page"].schema).toMatchObject({ minimum: 1, maximum: 50 });
    expect(result.notes).toEqual([
      "upstream is stricter than 20-constraints.overlay.yaml at components.parameters.per-page.schema: maximum is 50 upstream, 100 in the overlay; kept 50",
    ]);
  });

  it("keeps the overlay's bound where upstream's is looser, without a word", async () => {
    const { result, doc } = await syncEdited((d) => {
      d.components.parameters["per-page"].schema.maximum = 1000;
    });
    expect(doc.components.parameters["per-page"].schema.maximum).toBe(100);
    expect(result.notes).toEqual([]);
  });

  it.each([
    ["gains our pinned value", ["zip"], ["zip"], []],
    ["allows more than our pin", ["zip", "tar"], ["zip"], []],
    [
      "lacks our pinned value",
      ["tar"],
      ["tar"],
      [
        `upstream is stricter than 20-constraints.overlay.yaml at paths.${DOWNLOAD}.get.parameters.3.schema: enum is ["tar"] upstream, ["zip"] in the overlay; kept ["tar"]`,
      ],
    ],
  ])(
    "replaces an upstream enum that %s with the overlay's (no duplicate, no append)",
    async (_, upstream, kept, notes) => {
      const { result, doc } = await syncEdited((d) => {
        d.paths[DOWNLOAD].get.parameters.find((p) => p.name === "archive_format").schema.enum = upstream;
      });
      expect(archiveFormat(doc).schema.enum).toEqual(kept);
      expect(result.notes).toEqual(notes);
    },
  );

  it("keeps a parameter required upstream required, whatever an overlay says", async () => {
    const overlaysDir = await overlayFolder(
      [
        { target: "$.components.parameters.owner", update: { required: false } },
        { target: "$.components.parameters['per-page']", update: { required: false } },
      ],
      { withOurs: true },
    );
    const { result, doc } = await syncEdited(() => {}, { overlaysDir });
    expect(doc.components.parameters.owner.required).toBe(true);
    expect(doc.components.parameters["per-page"].required).toBe(false); // optional upstream: the overlay may say so
    expect(result.notes).toEqual([
      "upstream is stricter than 90-test.overlay.yaml at components.parameters.owner: required is true upstream, false in the overlay; kept true",
    ]);
  });

  it("names the upstream change when an action matches nothing: a parameter no longer shared", async () => {
    // note: the last sync's spec (written first) is what the explanation compares with.
    await syncEdited(() => {});
    const error = await syncEdited((d) => {
      const perPage = d.components.parameters["per-page"];
      delete d.components.parameters["per-page"];
      for (const route of [LIST, RUN_LIST, RUNS, WORKFLOW_RUNS]) {
        const params = d.paths[route].get.parameters;
        params[params.findIndex((p) => p.$ref === "#/components/parameters/per-page")] = perPage;
      }
    }).catch((e) => e);
    expect(error).toBeInstanceOf(SpecSyncError);
    const inline = (id) => `the parameter per_page of ${id} is now written inline`;
    expect(error.message).toBe(
      "overlay 20-constraints.overlay.yaml: 1 action(s) matched nothing; update or remove them in spec/overlays/20-constraints.overlay.yaml:\n" +
        "  $.components.parameters['per-page'].schema: upstream has no components.parameters.per-page any more (the last spec used it as the parameter per_page of actions/list-artifacts-for-repo, parameter per_page of actions/list-workflow-run-artifacts, parameter per_page of actions/list-workflow-runs-for-repo, parameter per_page of actions/list-workflow-runs: " +
        `${["actions/list-artifacts-for-repo", "actions/list-workflow-run-artifacts", "actions/list-workflow-runs-for-repo", "actions/list-workflow-runs"].map(inline).join("; ")})`,
    );
  });

  it("syncs cleanly when upstream drops the 410: the overlay on it gets a note, basic-error stays for the 4xx", async () => {
    await syncEdited(() => {});
    const { result, doc } = await syncEdited((d) => {
      delete d.paths[DOWNLOAD].get.responses["410"];
    });
    expect(doc.paths[DOWNLOAD].get.responses["410"]).toBeUndefined();
    expect(doc.components.responses.gone).toBeUndefined();
    expect(doc.components.schemas["basic-error"]).toMatchObject({ type: "object" });
    expect(result.notes).toEqual([
      "overlay 40-errors.overlay.yaml: $.components.responses.gone changes only what the spec no longer keeps: no operation uses components.responses.gone any more (the last spec used it as the response 410 of actions/download-artifact: upstream removed the response 410 of actions/download-artifact)",
    ]);
  });

  it("syncs the unchanged fixture, so the failures above come from the edits", async () => {
    const { result } = await syncEdited(() => {});
    expect(result.renames).toEqual([]);
    expect(result.notes).toEqual([]);
  });
});

describe("spec:sync keeps our names through GitHub's renames", () => {
  const renamedGet = (d, record = true) => {
    Object.assign(getArtifact(d), {
      operationId: "actions/get-an-artifact",
      ...(record && {
        "x-octokit": {
          changes: [{ type: "OPERATION", date: "2027-01-01", before: { operationId: "actions/get-artifact" } }],
        },
      }),
    });
  };

  it("maps an operationId renamed with x-octokit's record back to ours, leaving the spec as it was", async () => {
    const { text: before } = await syncEdited(() => {});
    const { result, text } = await syncEdited((d) => renamedGet(d));
    expect(result.renames).toEqual([
      {
        kind: "operation",
        operation: "actions/get-artifact",
        from: "actions/get-artifact",
        to: "actions/get-an-artifact",
        via: "GitHub's x-octokit rename record of 2027-01-01",
      },
    ]);
    expect(result.notes).toEqual([
      "GitHub renamed actions/get-artifact to actions/get-an-artifact (GitHub's x-octokit rename record of 2027-01-01); the spec keeps actions/get-artifact",
    ]);
    expect(text).toBe(before);
  });

  it("names the likely rename when an operationId is gone without a record or a table entry", async () => {
    await expect(syncEdited((d) => renamedGet(d, false))).rejects.toThrow(
      "missing artifact operations: actions/get-artifact (likely renamed to actions/get-an-artifact: it is what GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id} is now; if so, add `actions/get-an-artifact: actions/get-artifact` under renames.operations in spec/operations.yaml)",
    );
  });

  /** spec/operations.yaml with these renames, in the test's folder. */
  async function tableWith(renames) {
    const table = YAML.parse(await readFile(path.join(root, "spec", "operations.yaml"), "utf8"));
    table.renames = { operations: {}, parameters: {}, ...renames };
    const file = path.join(dir, "operations.yaml");
    await writeFile(file, YAML.stringify(table));
    return file;
  }

  it("maps a rename without a record (a GHES description) through the table, to the same spec", async () => {
    const { text: before } = await syncEdited(() => {});
    const operationsTable = await tableWith({ operations: { "actions/get-an-artifact": "actions/get-artifact" } });
    const { result, text } = await syncEdited((d) => renamedGet(d, false), { operationsTable });
    expect(result.renames.map((r) => r.via)).toEqual(["spec/operations.yaml"]);
    expect(text).toBe(before);
  });

  const renamedArtifactId = (d, record) => {
    d.components.parameters["artifact-id"].name = "id";
    for (const route of [ONE, DOWNLOAD]) {
      const renamed = route.replace("{artifact_id}", "{id}");
      d.paths[renamed] = d.paths[route];
      delete d.paths[route];
      if (record) {
        for (const op of Object.values(d.paths[renamed])) {
          op["x-octokit"] = {
            changes: [{ type: "PARAMETER", date: "2027-02-01", parameter: "id", before: { name: "artifact_id" } }],
          };
        }
      }
    }
  };

  it("maps a path parameter renamed with x-octokit's record back to ours: same spec, same path template", async () => {
    const { text: before } = await syncEdited(() => {});
    const { result, text } = await syncEdited((d) => renamedArtifactId(d, true));
    expect(result.renames).toHaveLength(3);
    expect(result.notes[0]).toBe(
      "GitHub renamed the path parameter artifact_id of actions/get-artifact to id (GitHub's x-octokit rename record of 2027-02-01); the spec keeps artifact_id",
    );
    expect(text).toBe(before);
  });

  it("maps a path parameter renamed without a record through the table", async () => {
    const { text: before } = await syncEdited(() => {});
    const operationsTable = await tableWith({ parameters: { id: "artifact_id" } });
    const { text } = await syncEdited((d) => renamedArtifactId(d, false), { operationsTable });
    expect(text).toBe(before);
  });

  it("stops at a renamed query parameter: its name is what the request sends", async () => {
    const operationsTable = await tableWith({ parameters: { limit: "per_page" } });
    await expect(
      syncEdited(
        (d) => {
          d.components.parameters["per-page"].name = "limit";
        },
        { operationsTable },
      ),
    ).rejects.toThrow(/actions\/list-artifacts-for-repo: GitHub renamed the query parameter per_page to limit/);
  });
});

describe("spec:sync --api-version", () => {
  /**
   * The fixture with a breaking change for 2026-03-10 recorded as GitHub records them (compare `remove_bundle` and
   * `deprecate_cvss` in api.github.com.json): the list loses `total_count`, on the operation, and its example with it.
   */
  const LIST_JSON = `/responses/200/content/application~1json/schema`;
  const breakingList = (patch) => (d) => {
    // note: both lists share the example, so GitHub's change is recorded on both, as its remove_bundle is.
    for (const route of [LIST, RUN_LIST]) {
      d.paths[route].get["x-github-breaking-changes"] = [
        { changeset: "remove_total_count", patch, version: "2026-03-10" },
      ];
    }
    d.components.examples["artifact-paginated"]["x-github-breaking-changes"] = [
      { changeset: "remove_total_count", patch: { value: { total_count: null } }, version: "2026-03-10" },
    ];
  };
  const mergePatch = {
    responses: {
      200: {
        content: { "application/json": { schema: { properties: { total_count: null }, required: ["artifacts"] } } },
      },
    },
  };
  const jsonPatch = [
    { op: "remove", path: `${LIST_JSON}/properties/total_count` },
    { op: "replace", path: `${LIST_JSON}/required`, value: ["artifacts"] },
  ];
  const listSchema = (doc) => doc.paths[LIST].get.responses["200"].content["application/json"].schema;

  it("describes 2022-11-28 by default and leaves out 2026-03-10, whose change touches an operation of ours", async () => {
    const { result, doc } = await syncEdited(breakingList(mergePatch));
    expect(doc.paths[LIST].get["x-github-breaking-changes"]).toBeUndefined();
    expect(Object.keys(listSchema(doc).properties)).toEqual(["total_count", "artifacts"]);
    expect(doc.components.parameters["api-version"].schema).toEqual({
      type: "string",
      enum: ["2022-11-28"],
      default: "2022-11-28",
    });
    expect(result.notes).toEqual([
      "API version 2026-03-10 is left out of X-GitHub-Api-Version: GitHub records breaking changes between it and 2022-11-28 on actions/list-artifacts-for-repo (remove_total_count, 2026-03-10), actions/list-workflow-run-artifacts (remove_total_count, 2026-03-10), components.examples.artifact-paginated (remove_total_count, 2026-03-10); `pnpm spec:sync --api-version 2026-03-10` describes it",
    ]);
    expect(result.record.apiVersion).toBe("2022-11-28");
  });

  it.each([
    ["a JSON Merge Patch", mergePatch],
    ["a JSON Patch", jsonPatch],
  ])("applies a change recorded as %s for the version asked for, and allows only that version", async (_, patch) => {
    const { result, doc, text } = await syncEdited(breakingList(patch), { apiVersion: "2026-03-10" });
    expect(listSchema(doc)).toMatchObject({ required: ["artifacts"] });
    expect(Object.keys(listSchema(doc).properties)).toEqual(["artifacts"]);
    expect(doc.components.examples["artifact-paginated"].value.total_count).toBeUndefined();
    expect(doc.components.parameters["api-version"].schema.enum).toEqual(["2026-03-10"]);
    expect(doc.components.parameters["api-version"].schema.default).toBe("2026-03-10");
    expect(result.record.apiVersion).toBe("2026-03-10");
    expect(text.split("\n")[1]).toMatch(/, API version 2026-03-10 \(recorded in source\.json\)$/);
  });

  it("allows both versions when no change touches our operations, and syncs the same spec for either", async () => {
    const { doc: base, text: a } = await syncEdited((d) => {
      d.components.schemas.unrelated = {
        type: "object",
        "x-github-breaking-changes": [{ changeset: "x", version: "2026-03-10", patch: { properties: { a: null } } }],
      };
    });
    expect(base.components.parameters["api-version"].schema.enum).toEqual(["2022-11-28", "2026-03-10"]);
    const { text: b } = await syncEdited(
      (d) => {
        d.components.schemas.unrelated = {
          type: "object",
          "x-github-breaking-changes": [{ changeset: "x", version: "2026-03-10", patch: { properties: { a: null } } }],
        };
      },
      { apiVersion: "2026-03-10" },
    );
    expect(b.split("\n").slice(2)).toEqual(a.split("\n").slice(2));
  });

  /** A breaking change for 2026-03-10 recorded on one schema of the fixture. */
  const breakingOn = (schema, changeset) => (d) => {
    d.components.schemas[schema]["x-github-breaking-changes"] = [
      { changeset, version: "2026-03-10", patch: { properties: { id: { description: "changed" } } } },
    ];
  };

  it("lets a change on what the overlays trim away (the runs' minimal repository) hold no version back", async () => {
    const { result, doc } = await syncEdited(breakingOn("minimal-repository", "remove_has_downloads"));
    expect(doc.components.schemas["minimal-repository"]).toBeUndefined();
    expect(doc.components.parameters["api-version"].schema.enum).toEqual(["2022-11-28", "2026-03-10"]);
    expect(result.notes).toEqual([]);
  });

  it("still leaves a version out for a change on what the trimmed workflow run keeps", async () => {
    const { result, doc } = await syncEdited(breakingOn("pull-request-minimal", "change_pr"));
    expect(doc.components.parameters["api-version"].schema.enum).toEqual(["2022-11-28"]);
    expect(result.notes).toEqual([
      "API version 2026-03-10 is left out of X-GitHub-Api-Version: GitHub records breaking changes between it and 2022-11-28 on components.schemas.pull-request-minimal (change_pr, 2026-03-10); `pnpm spec:sync --api-version 2026-03-10` describes it",
    ]);
  });

  it("refuses a version the description does not know", async () => {
    await expect(syncEdited(() => {}, { apiVersion: "2026-03-10" })).rejects.toThrow(
      /--api-version 2026-03-10: .*edited\.json describes 2022-11-28 only/,
    );
  });
});

describe("spec:sync --from", () => {
  it("takes a GHES description", async () => {
    const out = path.join(dir, "ghes.yaml");
    await syncSpec({ from: ghes, out });
    const doc = YAML.parse(await readFile(out, "utf8"));
    expect(operationsOf(doc)).toHaveLength(ARTIFACT_OPERATION_IDS.length);
    expect(doc.servers[0].url).toContain("/api/v3");
    expect(doc.components.parameters["api-version"].schema.enum).toEqual(["2022-11-28"]);
    expect(JSON.parse(await readFile(path.join(dir, "source.json"), "utf8"))).toMatchObject({
      package: "@octokit/openapi",
      file: "generated/ghes-3.19.json",
    });
  });

  it("takes a file of the installed package by its short name", async () => {
    const out = path.join(dir, "artifacts.yaml");
    const result = await syncSpec({ from: "ghes-3.19", out });
    expect(result.record).toMatchObject({ file: "generated/ghes-3.19.json" });
  });

  it("syncs again from the source source.json records when no --from is given, at its API version", async () => {
    const from = await editedFixture();
    const out = path.join(dir, "artifacts.yaml");
    await syncSpec({ from, out, root: dir });
    const first = await readFile(out, "utf8");
    await writeFile(out, "stale\n");
    const result = await syncSpec({ out, root: dir });
    expect(result.source).toBe("edited.json (recorded)");
    expect(await readFile(out, "utf8")).toBe(first);
  });

  it("refuses a file outside the repository, saying to copy it into spec/sources/", async () => {
    const from = await editedFixture();
    const out = path.join(dir, "out", "artifacts.yaml");
    await mkdir(path.dirname(out));
    await expect(syncSpec({ from, out, root: path.join(dir, "out") })).rejects.toThrow(
      new SpecSyncError(
        `--from ${from}: the file is outside the repository; copy it into spec/sources/ (e.g. spec/sources/edited.json), commit it, and sync --from spec/sources/edited.json, so that check:drift can read it again`,
      ),
    );
    expect(await readdir(path.dirname(out))).toEqual([]);
  });

  const bad = [
    ["a missing file", async () => path.join(dir, "nope.json"), /cannot read the file \(ENOENT\)/],
    [
      "a file that is not OpenAPI",
      async () => {
        const f = path.join(dir, "package.json");
        await writeFile(f, JSON.stringify({ name: "not-openapi" }));
        return f;
      },
      /not an OpenAPI 3\.x description/,
    ],
    [
      "a file that is not JSON or YAML",
      async () => {
        const f = path.join(dir, "broken.json");
        await writeFile(f, "{ this: is: not [valid");
        return f;
      },
      /not JSON or YAML/,
    ],
    [
      "an OpenAPI description without artifact operations",
      async () => {
        const f = path.join(dir, "petstore.yaml");
        await writeFile(
          f,
          YAML.stringify({
            openapi: "3.0.3",
            info: { title: "pets", version: "1" },
            paths: { "/pets": { get: { operationId: "listPets", responses: { 200: { description: "ok" } } } } },
          }),
        );
        return f;
      },
      /no artifact operations/,
    ],
  ];

  for (const [name, makeSource, message] of bad) {
    it(`fails with a clear message and writes nothing for ${name}`, async () => {
      const from = await makeSource();
      const out = path.join(dir, "out", "artifacts.yaml");
      const before = await readdir(dir);
      const error = await syncSpec({ from, out, root: dir }).catch((e) => e);
      expect(error).toBeInstanceOf(SpecSyncError);
      expect(error.message).toMatch(message);
      expect(await readdir(dir)).toEqual(before);
    });
  }

  it("says so when the --out folder does not exist", async () => {
    const out = path.join(dir, "no-such-folder", "artifacts.yaml");
    await expect(syncSpec({ from: fileURLToPath(fixture), out })).rejects.toThrow(
      new SpecSyncError(`--out ${out}: the folder ${path.dirname(out)} does not exist`),
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("leaves an existing output untouched when the source is bad", async () => {
    const out = path.join(dir, "artifacts.yaml");
    await writeFile(out, "previous\n");
    await expect(syncSpec({ from: path.join(dir, "missing.yaml"), out })).rejects.toThrow(SpecSyncError);
    expect(await readFile(out, "utf8")).toBe("previous\n");
    expect(await readdir(dir)).toEqual(["artifacts.yaml"]);
  });

  it("fails when an overlay action matches nothing, so no constraint is dropped silently", async () => {
    const overlaysDir = await overlayFolder([
      { target: "$.components.parameters['no-such-parameter'].schema", update: { minimum: 1 } },
    ]);
    const out = path.join(dir, "artifacts.yaml");
    await expect(syncSpec({ from: fileURLToPath(fixture), out, overlaysDir })).rejects.toThrow(
      /matched nothing; .*\n {2}\$\.components\.parameters\['no-such-parameter'\]\.schema: no earlier spec to compare with/,
    );
    expect(await readdir(dir)).toEqual(["overlays"]);
  });

  it("fails when an example does not validate against its schema", async () => {
    const overlaysDir = await overlayFolder([
      { target: "$.components.examples.artifact.value", update: { id: "eleven" } },
    ]);
    const out = path.join(dir, "artifacts.yaml");
    await expect(syncSpec({ from: fileURLToPath(fixture), out, overlaysDir })).rejects.toThrow(
      /no-invalid-media-type-examples/,
    );
    expect(await readdir(dir)).toEqual(["overlays"]);
  });
});

describe("applyOverlay's remove", () => {
  it("removes every array item one filter matches, whatever their order", () => {
    const doc = { required: ["a", "repository", "b", "head_repository", "c"] };
    const action = { target: "$.required[?(@ == 'repository' || @ == 'head_repository')]", remove: true };
    const result = applyOverlay(doc, { actions: [action] });
    expect(doc.required).toEqual(["a", "b", "c"]);
    expect(result.unused).toEqual([]);
  });
});
