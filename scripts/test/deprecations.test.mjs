import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import YAML from "yaml";
import {
  checkDeprecationDocs,
  deprecatedOperations,
  deprecationText,
  README_HEADING,
  readmeDeprecations,
  renderDeprecations,
} from "../generate-deprecations.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const NOTICE =
  "> [!WARNING]\n> **Closing down notice:** This operation is closing down and will be removed on August 28, 2026.\n\nGets a specific artifact.";
const TEXT =
  "Closing down notice: This operation is closing down and will be removed on August 28, 2026. (deprecated on 2026-05-22, removal on 2026-08-28)";

let dir;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "deprecations-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The committed spec with get-artifact deprecated as GitHub deprecates operations, written to the test's folder. */
async function deprecatedSpec() {
  const doc = YAML.parse(await readFile(path.join(root, "spec", "artifacts.yaml"), "utf8"));
  const op = doc.paths["/repos/{owner}/{repo}/actions/artifacts/{artifact_id}"].get;
  Object.assign(op, { deprecated: true, description: NOTICE });
  Object.assign(op["x-github"], { deprecationDate: "2026-05-22", removalDate: "2026-08-28" });
  const spec = path.join(dir, "artifacts.yaml");
  await writeFile(spec, YAML.stringify(doc));
  return spec;
}

describe("deprecationText", () => {
  it("takes GitHub's closing-down notice and dates", () => {
    const op = { description: NOTICE, "x-github": { deprecationDate: "2026-05-22", removalDate: "2026-08-28" } };
    expect(deprecationText(op)).toBe(TEXT);
  });

  it("says it plainly when GitHub gives no notice", () => {
    expect(deprecationText({ description: "Sets access." })).toBe("GitHub marks this operation deprecated.");
  });
});

describe("the generated table", () => {
  it("is empty for today's spec", async () => {
    expect(deprecatedOperations(YAML.parse(await readFile(path.join(root, "spec", "artifacts.yaml"), "utf8")))).toEqual(
      {},
    );
  });

  it("lists a deprecated operation with GitHub's words", async () => {
    const text = await renderDeprecations(await deprecatedSpec());
    expect(text).toContain(
      `export const deprecatedOperations: Readonly<Record<string, string>> = {\n  "actions/get-artifact": ${JSON.stringify(TEXT)},\n};`,
    );
  });
});

describe("checkDeprecationDocs", () => {
  it("passes for today's spec and README", async () => {
    expect(await checkDeprecationDocs()).toEqual([]);
    expect(readmeDeprecations(await readFile(path.join(root, "README.md"), "utf8"))).toEqual([]);
  });

  it("names every client function, hook, composable and command of a deprecated operation, and the README list", async () => {
    const problems = await checkDeprecationDocs({ spec: await deprecatedSpec() });
    const add = (name, where) =>
      `actions/get-artifact is deprecated: add \`@deprecated ${TEXT}\` to the doc comment of ${name} (${where})`;
    expect(problems).toEqual([
      add("getArtifact", "packages/client/src"),
      add("downloadArtifactToFile", "packages/client/src"),
      add("useArtifact", "packages/react/src"),
      add("useSuspenseArtifact", "packages/react/src"),
      add("useArtifact", "packages/vue/src"),
      add("download", "packages/cli/src"),
      `actions/get-artifact is deprecated: list it under "Deprecated operations" in the README (- \`actions/get-artifact\`: ${TEXT})`,
    ]);
  });

  it("passes once each carries @deprecated with GitHub's words and the README lists it; a stale entry fails", async () => {
    const table = path.join(dir, "operations.yaml");
    await writeFile(
      table,
      YAML.stringify({
        operations: {
          "actions/get-artifact": {
            route: "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}",
            parameters: ["owner", "repo", "artifact_id"],
            client: ["getArtifact"],
            react: ["useArtifact"],
            cli: ["download"],
          },
        },
      }),
    );
    const files = {
      "packages/client/src/client.ts": `export interface Client {\n  /**\n   * One artifact.\n   * @deprecated ${TEXT.replace("removed on", "removed\n   * on")}\n   */\n  getArtifact(): void;\n}\n`,
      "packages/react/src/useArtifact.ts": `/** @deprecated ${TEXT} */\nexport function useArtifact(): void {}\n`,
      "packages/cli/src/download.ts": `/** @deprecated ${TEXT} */\nexport const download = {};\n`,
    };
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), text);
    }
    const readme = path.join(dir, "README.md");
    await writeFile(readme, `# x\n\n${README_HEADING}\n\n- \`actions/get-artifact\`: ${TEXT}\n\n## Next\n`);
    const spec = await deprecatedSpec();
    expect(await checkDeprecationDocs({ spec, table, readme, repo: dir })).toEqual([]);

    await writeFile(
      readme,
      `# x\n\n${README_HEADING}\n\n- \`actions/get-artifact\`: …\n- \`actions/delete-artifact\`: …\n`,
    );
    expect(await checkDeprecationDocs({ spec, table, readme, repo: dir })).toEqual([
      `actions/delete-artifact is listed under "Deprecated operations" in the README, but the spec no longer marks it deprecated`,
    ]);
  });
});
