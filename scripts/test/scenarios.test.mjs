// The issue's "Done means": for each kind of upstream change, sync a modified copy of GitHub's
// description, classify the spec diff, and ask the changeset gate with no changeset, a too-small one
// and the right one.
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
import { bumpsIn, PACKAGES, parseChangeset, requiredBump, verdict } from "../lib/changeset-gate.mjs";
import { diffSpecs, readSpecAt } from "../lib/spec-diff.mjs";
import { replaySourceFor, sourceRecordPathFor } from "../source-record.mjs";
import { DEFAULT_OUT, DEFAULT_SOURCE, syncSpec } from "../spec-sync.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const config = JSON.parse(await readFile(path.join(root, ".changeset", "config.json"), "utf8"));

const LIST = "/repos/{owner}/{repo}/actions/artifacts";
const GET = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}";
const RUN_LIST = "/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts";

/**
 * GitHub's description cut to the artifact paths and the components they reference, in their
 * original order. note: spec:sync's filter keeps exactly this much, so the result is the same
 * document (checked below) while each sync takes ~0.4 s instead of ~3 s on the 13 MB file.
 */
function artifactSlice(doc) {
  const paths = Object.fromEntries(
    Object.entries(doc.paths).filter(([p]) => /\/actions\/(runs\/\{run_id\}\/)?artifacts/.test(p)),
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
        : Object.fromEntries(Object.entries(entries).filter(([name]) => used.has(`#/components/${kind}/${name}`))),
    ]),
  );
  return { ...doc, paths, components };
}

/** Each scenario edits GitHub's description the way an upstream release might. */
const SCENARIOS = [
  {
    name: "new optional response field",
    level: "feature",
    mentions: /retention_days/,
    edit: (d) => {
      d.components.schemas.artifact.properties.retention_days = { type: "integer", description: "Days kept." };
    },
  },
  {
    name: "response field removed",
    level: "breaking",
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
    mentions: /archive_download_url/,
    edit: (d) => {
      d.components.schemas.artifact.properties.archive_download_url.nullable = true;
    },
  },
  {
    name: "new required query parameter",
    level: "breaking",
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
    name: "enum value removed",
    level: "breaking",
    mentions: /direction|asc/,
    edit: (d) => {
      d.components.parameters.direction.schema.enum = ["desc"];
    },
  },
  {
    name: "new response code",
    level: "feature",
    mentions: /410/,
    edit: (d) => {
      d.paths[GET].get.responses["410"] = { $ref: "#/components/responses/gone" };
    },
  },
  {
    name: "path changed",
    level: "breaking",
    mentions: /runs\/\{run_id\}\/artifacts/,
    edit: (d) => {
      d.paths["/repos/{owner}/{repo}/actions/workflow-runs/{run_id}/artifacts"] = d.paths[RUN_LIST];
      delete d.paths[RUN_LIST];
    },
  },
];

const BUMP = { feature: "minor", breaking: "major" };
const SMALLER = { minor: "patch", major: "minor" };
const changesetFor = (bumps) =>
  `---\n${Object.entries(bumps)
    .map(([name, type]) => `"${name}": ${type}`)
    .join("\n")}\n---\n\nA change.\n`;
/** The gate's verdict for these changeset texts, as check:changeset computes it. */
const gate = (specLevel, texts) => verdict(requiredBump(specLevel, "none"), bumpsIn(texts.map(parseChangeset), config));

let dir;
let slice;
let baseText;
let baseDoc;
/** Syncs an edited copy of the slice (or of `source`) and returns the spec text it produces. */
async function syncEdited(name, edit, source = slice) {
  const doc = structuredClone(source);
  edit(doc);
  const from = path.join(dir, `${name}.json`);
  const out = path.join(dir, name, "artifacts.yaml");
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(from, JSON.stringify(doc));
  await syncSpec({ from, out });
  return readFile(out, "utf8");
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "spec-scenarios-"));
  const full = JSON.parse(await readFile(require.resolve(DEFAULT_SOURCE), "utf8"));
  slice = artifactSlice(full);
  baseText = await syncEdited("base", () => {});
  baseDoc = YAML.parse(baseText);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const body = (text) => text.replace(/^#.*\n/gm, "");

// note: cut from the description spec/source.json records (the default one on main, but a GHES or GHEC sync may be
// committed), so this holds for whichever was committed; the scenarios themselves keep the default description.
it("the cut description syncs to the committed spec (only the source comment differs)", async () => {
  const committed = await readFile(DEFAULT_OUT, "utf8");
  const replay = await replaySourceFor(JSON.parse(await readFile(sourceRecordPathFor(DEFAULT_OUT), "utf8")));
  if (replay.reason) {
    // A source that cannot be replayed here (a URL) is allowed, as in check:drift, and must say why.
    expect(replay).toEqual({ reason: expect.stringMatching(/\S/) });
    return;
  }
  const text =
    replay.from === require.resolve(DEFAULT_SOURCE)
      ? baseText
      : await syncEdited("committed", () => {}, artifactSlice(JSON.parse(await readFile(replay.from, "utf8"))));
  expect(body(text)).toBe(body(committed));
});

it("an unchanged description is no spec change, and needs no changeset", async () => {
  const same = YAML.parse(await syncEdited("same", () => {}));
  const spec = await diffSpecs(baseDoc, same);
  expect(spec).toEqual({ level: "none", changes: [] });
  expect(gate(spec.level, []).ok).toBe(true);
});

describe.each(SCENARIOS)("$name", ({ name, level, mentions, edit }) => {
  let spec;
  beforeAll(async () => {
    const head = YAML.parse(await syncEdited(name.replace(/\W+/g, "-"), edit));
    spec = await diffSpecs(baseDoc, head);
  });

  it(`is a ${level} spec change, named in words`, () => {
    expect(spec.level).toBe(level);
    const top = spec.changes.filter((c) => c.level === level).map((c) => c.message);
    expect(top.join("\n")).toMatch(mentions);
  });

  it(`fails without a changeset and with a ${SMALLER[BUMP[level]]} one, passes with a ${BUMP[level]} one`, () => {
    const required = BUMP[level];
    const none = gate(spec.level, []);
    expect(none.ok).toBe(false);
    expect(none.missing.map((m) => m.name)).toEqual(PACKAGES);

    const small = gate(spec.level, [changesetFor({ "@gh-artifacts/client": SMALLER[required] })]);
    expect(small.ok).toBe(false);
    expect(small.missing.every((m) => m.given === SMALLER[required] && m.required === required)).toBe(true);

    // note: one package of the fixed group is enough; changesets releases the three together.
    expect(gate(spec.level, [changesetFor({ "@gh-artifacts/types": required })]).ok).toBe(true);
  });
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
    await writeFile(path.join(repo, "spec", "artifacts.yaml"), baseText);
    await git(["init", "--quiet", "--initial-branch=main"]);
    await git(["add", "."]);
    await git(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "base"]);
    const removed = SCENARIOS.find((s) => s.name === "response field removed");
    await writeFile(path.join(repo, "spec", "artifacts.yaml"), await syncEdited("e2e", removed.edit));
  });

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
