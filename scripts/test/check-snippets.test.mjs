import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { checkSnippets, extractSnippets, findReadmes } from "../check-snippets.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, "fixtures", "snippets");
const root = path.resolve(here, "..", "..");
const lineOf = (text, needle) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("extractSnippets", () => {
  it("takes the ts blocks with the line of their fence and the prelude comment right above, and skips other fences", async () => {
    const text = await readFile(path.join(fixture, "README.md"), "utf8");
    const snippets = extractSnippets(text);
    expect(snippets).toEqual([
      {
        line: lineOf(text, "const total") - 1,
        lang: "ts",
        code: "const total: number = limit + greeting.length;\nconsole.log(total);",
        prelude: "declare const limit: number;",
      },
      {
        line: lineOf(text, "const next") - 1,
        lang: "ts",
        code: "const next = count + 1;\nconst label: string = next;",
        prelude: "declare const count: number;",
      },
    ]);
  });

  it("reads tsx blocks, and a prelude only when it ends on the line just above the fence", () => {
    const text = "<!-- snippet-prelude: declare const a: 1; -->\n\n```tsx\nconst b = <p />;\n```\n";
    expect(extractSnippets(text)).toEqual([{ line: 3, lang: "tsx", code: "const b = <p />;", prelude: "" }]);
  });
});

describe("findReadmes", () => {
  it("finds the packages' READMEs and leaves out node_modules and test fixtures", async () => {
    const readmes = await findReadmes(root);
    expect(readmes).toEqual(
      expect.arrayContaining(["README.md", "packages/client/README.md", "packages/react/README.md"]),
    );
    expect(readmes.filter((f) => f.includes("node_modules") || f.includes("fixtures"))).toEqual([]);
  });
});

describe("checkSnippets", () => {
  let workDir;
  afterEach(() => rm(workDir, { recursive: true, force: true }));

  it("passes the good snippet and reports the broken one by README path and line", async () => {
    workDir = await mkdtemp(path.join(tmpdir(), "check-snippets-"));
    const text = await readFile(path.join(fixture, "README.md"), "utf8");
    const { snippets, readmes, failures } = await checkSnippets({
      base: fixture,
      readmes: ["README.md"],
      // note: a relative work folder must still map the errors back to the README.
      workDir: path.relative(process.cwd(), workDir),
      packages: [["@types/node", path.join(root, "node_modules", "@types", "node")]],
      globals: path.join(fixture, "globals.d.ts"),
    });
    expect({ snippets, readmes }).toEqual({ snippets: 2, readmes: 1 });
    expect(failures).toEqual([
      {
        file: "README.md",
        line: lineOf(text, "const label"),
        fence: lineOf(text, "const next") - 1,
        message: "TS2322: Type 'number' is not assignable to type 'string'.",
      },
    ]);
  });
});
