import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkDrift, writeTypes } from "../check-drift.mjs";
import { renderParameters } from "../generate-parameters.mjs";
import { renderRoutes } from "../generate-routes.mjs";
import { labelOf, recordFor, replaySourceFor, sha256 } from "../source-record.mjs";
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

  it("records a foreign file outside the repository by its name only, with its hash", async () => {
    const foreign = path.join(dir, "edited-ghes.json");
    const bytes = Buffer.from(`${(await readFile(ghes, "utf8")).trimEnd()}\n\n`);
    await writeFile(foreign, bytes);
    const record = await recordFor({ from: foreign, bytes });
    expect(record).toEqual({ path: "edited-ghes.json", sha256: sha256(bytes) });
    expect(labelOf(record)).toBe("edited-ghes.json");
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

  it("records a URL as the URL", async () => {
    const bytes = Buffer.from('{"openapi":"3.0.3"}');
    const record = await recordFor({ from: "https://example.test/ghes.json", bytes });
    expect(record).toEqual({ url: "https://example.test/ghes.json", sha256: sha256(bytes) });
    expect(labelOf(record)).toBe("https://example.test/ghes.json");
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
  };
  await syncSpec({ from, out: paths.specPath });
  await writeTypes(paths.specPath, paths.typesPath);
  await writeFile(paths.parametersPath, await renderParameters(paths.specPath));
  await writeFile(paths.routesPath, await renderRoutes(paths.specPath));
  return paths;
}

describe("checkDrift", () => {
  it("passes for a spec synced --from GHES by path, replaying it from the package", async () => {
    const paths = await syncedCopy(path.relative(process.cwd(), ghes)); // as typed: node_modules/@octokit/…
    expect(JSON.parse(await readFile(path.join(dir, "spec", "source.json"), "utf8"))).toMatchObject({
      file: "generated/ghes-3.19.json",
    });
    expect(await checkDrift(paths)).toEqual({ drifted: [], notes: [] });
  });

  it("replays a file in the repository and catches a hand edit of the spec", async () => {
    const paths = await syncedCopy(fixture);
    expect(await checkDrift(paths)).toEqual({ drifted: [], notes: [] });
    await writeFile(paths.specPath, `${await readFile(paths.specPath, "utf8")}# edited by hand\n`);
    expect((await checkDrift(paths)).drifted).toEqual([path.relative(root, paths.specPath)]);
  });

  it("says it cannot replay a foreign file and still checks the types against the spec", async () => {
    // note: the small fixture copied out of the repository stands for any file only one machine has.
    const foreign = path.join(dir, "edited-ghes.json");
    await copyFile(fixture, foreign);
    const paths = await syncedCopy(foreign);

    const clean = await checkDrift(paths);
    expect(clean.drifted).toEqual([]);
    expect(clean.notes).toEqual([expect.stringMatching(/cannot replay .*not in the repository \(edited-ghes\.json\)/)]);

    await writeFile(paths.typesPath, `${await readFile(paths.typesPath, "utf8")}export type Edited = 1;\n`);
    const edited = await checkDrift(paths);
    expect(edited.drifted).toEqual([path.relative(root, paths.typesPath)]);
    expect(edited.notes[0]).toMatch(/cannot replay/);
  });

  it("fails when the source record is missing", async () => {
    const paths = await syncedCopy(fixture);
    await rm(path.join(dir, "spec", "source.json"));
    const { drifted, notes } = await checkDrift(paths);
    expect(drifted).toEqual([path.relative(root, path.join(dir, "spec", "source.json"))]);
    expect(notes[0]).toMatch(/source\.json is missing/);
  });
});
