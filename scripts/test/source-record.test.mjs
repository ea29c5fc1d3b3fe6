import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkDrift, writeTypes } from "../check-drift.mjs";
import { renderDeprecations } from "../generate-deprecations.mjs";
import { renderParameters } from "../generate-parameters.mjs";
import { renderRoutes } from "../generate-routes.mjs";
import { labelOf, recordFor, replaySourceFor, sha256, UnreplayableSourceError } from "../source-record.mjs";
import { syncSpec } from "../spec-sync.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const packageDir = path.dirname(require.resolve("@octokit/openapi/package.json"));
const { version: installed } = require("@octokit/openapi/package.json");
const ghes = path.join(packageDir, "generated", "ghes-3.19.json");
const fixture = path.join(here, "fixtures", "source", "artifact-operations.json");

let dir;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "source-record-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("recordFor", () => {
  it("records the default source as the package file", async () => {
    const bytes = await readFile(path.join(packageDir, "generated", "api.github.com.json"));
    const record = await recordFor({ bytes });
    expect(record).toEqual({
      package: "@octokit/openapi",
      version: installed,
      file: "generated/api.github.com.json",
      sha256: sha256(bytes),
    });
    expect(labelOf(record)).toBe(`@octokit/openapi@${installed} generated/api.github.com.json`);
  });

  it("records a GHES file given by path, even renamed, as the package file (matched by content)", async () => {
    const copy = path.join(dir, "my-enterprise.json");
    await copyFile(ghes, copy);
    const bytes = await readFile(copy);
    expect(await recordFor({ from: copy, bytes })).toEqual({
      package: "@octokit/openapi",
      version: installed,
      file: "generated/ghes-3.19.json",
      sha256: sha256(bytes),
    });
  });

  it("refuses a foreign file outside the repository, saying to copy it into spec/sources/", async () => {
    const foreign = path.join(dir, "edited-ghes.json");
    const bytes = Buffer.from(`${(await readFile(ghes, "utf8")).trimEnd()}\n\n`);
    await writeFile(foreign, bytes);
    const error = await recordFor({ from: foreign, bytes }).catch((e) => e);
    expect(error).toBeInstanceOf(UnreplayableSourceError);
    expect(error.message).toBe(
      `--from ${foreign}: the file is outside the repository; copy it into spec/sources/ (e.g. spec/sources/edited-ghes.json), commit it, and sync --from spec/sources/edited-ghes.json, so that check:drift can read it again`,
    );
  });

  it("records a file under another root (a test's repository) relative to it, with the API version", async () => {
    const bytes = await readFile(fixture);
    const copy = path.join(dir, "spec", "sources", "mine.json");
    await mkdir(path.dirname(copy), { recursive: true });
    await writeFile(copy, bytes);
    expect(await recordFor({ from: copy, bytes, root: dir, apiVersion: "2026-03-10" })).toEqual({
      path: "spec/sources/mine.json",
      sha256: sha256(bytes),
      apiVersion: "2026-03-10",
    });
  });

  it("records a file inside the repository by its repository path", async () => {
    const bytes = await readFile(fixture);
    expect(await recordFor({ from: path.relative(process.cwd(), fixture), bytes })).toEqual({
      path: "scripts/test/fixtures/source/artifact-operations.json",
      sha256: sha256(bytes),
    });
  });

  it("records a URL serving a file the package ships as the package file", async () => {
    const bytes = await readFile(ghes);
    expect(await recordFor({ from: "https://example.test/ghes-3.19.json", bytes })).toMatchObject({
      package: "@octokit/openapi",
      file: "generated/ghes-3.19.json",
    });
  });

  it("refuses a URL serving anything else: CI does not download descriptions", async () => {
    const bytes = Buffer.from('{"openapi":"3.0.3"}');
    await expect(recordFor({ from: "https://example.test/ghes.json", bytes })).rejects.toThrow(
      /a URL is not read again by CI; download it, copy it into spec\/sources\/ \(e\.g\. spec\/sources\/ghes\.json\)/,
    );
  });
});

describe("replaySourceFor", () => {
  it("replays a package file of the installed version from the package", async () => {
    const bytes = await readFile(ghes);
    const replay = await replaySourceFor(await recordFor({ from: ghes, bytes }));
    expect(replay).toEqual({ from: ghes });
  });

  it("says why it cannot replay another package version, a URL, a file outside the repository or a changed file", async () => {
    const sha = "0".repeat(64);
    const cases = [
      [
        { package: "@octokit/openapi", version: "1.0.0", file: "generated/ghes-3.19.json", sha256: sha },
        /1\.0\.0.*is installed/,
      ],
      [
        { package: "@octokit/openapi", version: installed, file: "generated/ghes-3.19.json", sha256: sha },
        /does not hash/,
      ],
      [{ url: "https://example.test/ghes.json", sha256: sha }, /URL/],
      [{ path: "edited-ghes.json", sha256: sha }, /not in the repository/],
      [{ path: "scripts/test/fixtures/source/artifact-operations.json", sha256: sha }, /changed since/],
    ];
    for (const [record, reason] of cases) {
      const replay = await replaySourceFor(record);
      expect(replay.from, JSON.stringify(record)).toBeUndefined();
      expect(replay.reason, JSON.stringify(record)).toMatch(reason);
    }
  });

  it("replays a file committed in the repository when its hash matches", async () => {
    const bytes = await readFile(fixture);
    const replay = await replaySourceFor(await recordFor({ from: fixture, bytes }));
    expect(replay).toEqual({ from: fixture });
  });
});

/** Syncs `from` into a temporary spec/ folder and generates its types beside it, as `pnpm generate` would. */
async function syncedCopy(from) {
  const spec = path.join(dir, "spec");
  await mkdir(spec);
  const paths = {
    specPath: path.join(spec, "artifacts.yaml"),
    typesPath: path.join(dir, "artifacts.ts"),
    parametersPath: path.join(dir, "parameters.ts"),
    routesPath: path.join(dir, "routes.ts"),
    deprecationsPath: path.join(dir, "deprecations.ts"),
  };
  await syncSpec({ from, out: paths.specPath });
  await writeTypes(paths.specPath, paths.typesPath);
  await writeFile(paths.parametersPath, await renderParameters(paths.specPath));
  await writeFile(paths.routesPath, await renderRoutes(paths.specPath));
  await writeFile(paths.deprecationsPath, await renderDeprecations(paths.specPath));
  return paths;
}

describe("checkDrift", () => {
  it("passes for a spec synced --from GHES by path, replaying it from the package", async () => {
    const paths = await syncedCopy(path.relative(process.cwd(), ghes)); // as typed: node_modules/@octokit/…
    expect(JSON.parse(await readFile(path.join(dir, "spec", "source.json"), "utf8"))).toMatchObject({
      file: "generated/ghes-3.19.json",
    });
    expect(await checkDrift(paths)).toEqual({ drifted: [], notes: [], docs: [] });
  });

  it("replays a file in the repository and catches a hand edit of the spec", async () => {
    const paths = await syncedCopy(fixture);
    expect(await checkDrift(paths)).toEqual({ drifted: [], notes: [], docs: [] });
    await writeFile(paths.specPath, `${await readFile(paths.specPath, "utf8")}# edited by hand\n`);
    expect((await checkDrift(paths)).drifted).toEqual([path.relative(root, paths.specPath)]);
  });

  it("fails on a source it cannot replay (a file no longer in the repository), and still checks the types", async () => {
    const paths = await syncedCopy(fixture);
    const recordPath = path.join(dir, "spec", "source.json");
    const record = JSON.parse(await readFile(recordPath, "utf8"));
    await writeFile(recordPath, JSON.stringify({ ...record, path: "spec/sources/gone.json" }));

    const result = await checkDrift(paths);
    expect(result.drifted).toEqual([path.relative(root, recordPath)]);
    expect(result.notes).toEqual([
      expect.stringMatching(/cannot replay .*not in the repository \(spec\/sources\/gone\.json\): commit it/),
    ]);

    await writeFile(paths.typesPath, `${await readFile(paths.typesPath, "utf8")}export type Edited = 1;\n`);
    expect((await checkDrift(paths)).drifted).toEqual([
      path.relative(root, recordPath),
      path.relative(root, paths.typesPath),
    ]);
  });

  it("fails when the source record is missing", async () => {
    const paths = await syncedCopy(fixture);
    await rm(path.join(dir, "spec", "source.json"));
    const { drifted, notes } = await checkDrift(paths);
    expect(drifted).toEqual([path.relative(root, path.join(dir, "spec", "source.json"))]);
    expect(notes[0]).toMatch(/source\.json is missing/);
  });
});
