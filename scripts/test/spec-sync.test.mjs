import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import { labelOf, replaySourceFor, sourceRecordPathFor } from "../source-record.mjs";
import {
  ARTIFACT_OPERATION_IDS,
  DEFAULT_OUT,
  DEFAULT_SOURCE,
  SPEC_VERSION,
  SpecSyncError,
  syncSpec,
} from "../spec-sync.mjs";

const require = createRequire(import.meta.url);
const ghes = require.resolve("@octokit/openapi/generated/ghes-3.19.json");
const { version: installed } = require("@octokit/openapi/package.json");
/** The five operations as GitHub describes them, untouched by our overlays (a small stand-in for the 13 MB file). */
const fixture = new URL("./fixtures/source/artifact-operations.json", import.meta.url);

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
function syncOnce(from) {
  const key = from ?? require.resolve(DEFAULT_SOURCE);
  if (!syncs.has(key)) {
    syncs.set(
      key,
      (async () => {
        const syncDir = await mkdtemp(path.join(tmpdir(), "spec-sync-whole-"));
        syncDirs.push(syncDir);
        const out = path.join(syncDir, "artifacts.yaml");
        const result = await syncSpec({ from, out });
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

  // note: a source that cannot be replayed here (a URL) is allowed, as in check:drift: then only the committed
  // spec's header is checked against its record, and the reason must be stated.
  it("reproduces the committed spec and its source.json byte for byte", async () => {
    expect(committed.text.split("\n")[1]).toBe(`# Source: ${labelOf(committed.record)} (recorded in source.json)`);
    if (replay.reason) {
      expect(replay).toEqual({ reason: expect.stringMatching(/\S/) });
      return;
    }
    const { result, text, recordText } = await syncOnce(replay.from);
    expect(text).toBe(committed.text);
    expect(recordText).toBe(committed.recordText);
    expect(result.record).toEqual(committed.record);
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
    });
    expect(result.record).toEqual(record);
    expect(text).toMatch(
      new RegExp(`^# Source: @octokit/openapi@${installed} generated/api\\.github\\.com\\.json`, "m"),
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

  it("selects exactly the five artifact operations", () => {
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
    expect(params["api-version"].schema.default).toBe("2022-11-28");
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

  it("keeps only the tag its operations use", () => {
    expect(doc.tags.map((t) => t.name)).toEqual(["actions"]);
  });
});

/** A folder under the test's `dir` holding one overlay with these actions, used instead of spec/overlays/. */
async function overlayFolder(actions) {
  const overlaysDir = path.join(dir, "overlays");
  await mkdir(overlaysDir);
  const overlay = { overlay: "1.0.0", info: { title: "test overlay", version: "1" }, actions };
  await writeFile(path.join(overlaysDir, "10-test.overlay.yaml"), YAML.stringify(overlay));
  return overlaysDir;
}

/** Writes the fixture, changed by `edit`, to the test's folder and returns its path. */
async function editedFixture(edit) {
  const doc = JSON.parse(await readFile(fixture, "utf8"));
  edit(doc);
  const file = path.join(dir, "edited.json");
  await writeFile(file, JSON.stringify(doc));
  return file;
}

const getArtifact = (doc) => doc.paths["/repos/{owner}/{repo}/actions/artifacts/{artifact_id}"].get;

describe("spec:sync when upstream changed under the overlays", () => {
  it("fails naming the overlay, the target and the type when an integer bound lands on a string", async () => {
    const from = await editedFixture((doc) => {
      doc.components.parameters["artifact-id"].schema = { type: "string" };
    });
    const out = path.join(dir, "artifacts.yaml");
    const error = await syncSpec({ from, out }).catch((e) => e);
    expect(error).toBeInstanceOf(SpecSyncError);
    expect(error.message).toMatch(
      /^overlay 20-constraints\.overlay\.yaml: \$\.components\.parameters\['artifact-id'\]\.schema sets minimum, which applies to integer or number, but the schema there is now type string/,
    );
    expect(await readdir(dir)).toEqual(["edited.json"]);
  });

  it("follows an operationId renamed upstream through x-octokit's rename record", async () => {
    const from = await editedFixture((doc) => {
      Object.assign(getArtifact(doc), {
        operationId: "actions/get-an-artifact",
        "x-octokit": {
          changes: [{ type: "OPERATION", date: "2027-01-01", before: { operationId: "actions/get-artifact" } }],
        },
      });
    });
    const out = path.join(dir, "artifacts.yaml");
    const { renames } = await syncSpec({ from, out });
    expect(renames).toEqual([{ from: "actions/get-artifact", to: "actions/get-an-artifact", date: "2027-01-01" }]);
    const doc = YAML.parse(await readFile(out, "utf8"));
    expect(getArtifact(doc).operationId).toBe("actions/get-an-artifact");
    expect(operationsOf(doc)).toHaveLength(5);
  });

  it("names the likely rename when an operationId is gone without a rename record", async () => {
    const from = await editedFixture((doc) => {
      getArtifact(doc).operationId = "actions/get-an-artifact";
    });
    await expect(syncSpec({ from, out: path.join(dir, "artifacts.yaml") })).rejects.toThrow(
      "missing artifact operations: actions/get-artifact (likely renamed to actions/get-an-artifact: it is what GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id} is now",
    );
  });

  it("syncs the unchanged fixture, so the failures above come from the edits", async () => {
    const { renames } = await syncSpec({ from: fileURLToPath(fixture), out: path.join(dir, "artifacts.yaml") });
    expect(renames).toEqual([]);
  });
});

describe("spec:sync --from", () => {
  it("takes a GHES description", async () => {
    const out = path.join(dir, "ghes.yaml");
    await syncSpec({ from: ghes, out });
    const doc = YAML.parse(await readFile(out, "utf8"));
    expect(operationsOf(doc)).toHaveLength(5);
    expect(doc.servers[0].url).toContain("/api/v3");
    expect(JSON.parse(await readFile(path.join(dir, "source.json"), "utf8"))).toMatchObject({
      package: "@octokit/openapi",
      file: "generated/ghes-3.19.json",
    });
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
      const error = await syncSpec({ from, out }).catch((e) => e);
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
      /matched nothing: .*no-such-parameter/,
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
