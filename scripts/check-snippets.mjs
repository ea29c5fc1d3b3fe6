#!/usr/bin/env node
// Typechecks every ```ts and ```tsx block of the repository's README.md files against the built packages' types
// (`dist`, what a user installs), so the documentation cannot drift from the API. Run after `pnpm build`.
// The convention (a shared prelude of free names, `<!-- snippet-prelude: … -->` before a fence) is in CONTRIBUTING.md.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The ambient declarations every snippet sees (`gh`, `owner`, `repo`, …). */
export const DEFAULT_GLOBALS = path.join(root, "scripts", "snippet-globals.d.ts");

/**
 * Packages the snippets may import, as `[name, its folder]` (relative to `base`, or absolute); each is linked by its real
 * path, so its own dependencies resolve as in the workspace, and without the source condition, so types come from `dist`.
 */
export const DEFAULT_PACKAGES = [
  ["@gh-artifacts/types", "packages/types"],
  ["@gh-artifacts/client", "packages/client"],
  ["@gh-artifacts/query", "packages/query"],
  ["@gh-artifacts/react", "packages/react"],
  ["@gh-artifacts/vue", "packages/vue"],
  ["@gh-artifacts/testing", "packages/testing"],
  ["msw", "packages/testing/node_modules/msw"],
  ["vitest", "packages/testing/node_modules/vitest"],
  ["@testing-library/react", "packages/react/node_modules/@testing-library/react"],
  ["@tanstack/react-query", "packages/react/node_modules/@tanstack/react-query"],
  ["@tanstack/query-core", "packages/query/node_modules/@tanstack/query-core"],
  ["@tanstack/vue-query", "packages/vue/node_modules/@tanstack/vue-query"],
  ["vue", "packages/vue/node_modules/vue"],
  ["react", "packages/react/node_modules/react"],
  ["@types/react", "packages/react/node_modules/@types/react"],
  ["@types/node", "node_modules/@types/node"],
];

const SKIP_DIRS = new Set(["node_modules", ".git", "dist", "fixtures", ".turbo", "test-results"]);

/** Every README.md under `dir`, relative to it, sorted (skips node_modules, dist and test fixtures). */
export async function findReadmes(dir = root) {
  const found = [];
  const walk = async (rel) => {
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = path.join(rel, entry.name);
      if (entry.isDirectory() && !SKIP_DIRS.has(entry.name)) await walk(child);
      else if (entry.isFile() && entry.name === "README.md") found.push(child);
    }
  };
  await walk("");
  return found.sort();
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const PRELUDE = /^\s*<!--\s*snippet-prelude:([\s\S]*?)-->\s*$/;

/** The text of a `<!-- snippet-prelude: … -->` comment (one or more lines) that ends on the line before `fence`. */
function preludeAbove(lines, fence) {
  const end = fence - 1;
  if (end < 0 || !lines[end].trimEnd().endsWith("-->")) return "";
  let start = end;
  while (start > 0 && !lines[start].includes("<!--")) start--;
  return PRELUDE.exec(lines.slice(start, end + 1).join("\n"))?.[1].trim() ?? "";
}

/**
 * The ```ts / ```tsx blocks of a Markdown text: `{ line, lang, code, prelude }`, `line` being the 1-based line of
 * the opening fence and `prelude` the text of a `<!-- snippet-prelude: … -->` comment ending right above it.
 */
export function extractSnippets(markdown) {
  const lines = markdown.split(/\r?\n/);
  const snippets = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, marker, lang] = open;
    let end = i + 1;
    while (end < lines.length && !lines[end].trimStart().startsWith(marker)) end++;
    if (lang === "ts" || lang === "tsx") {
      const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
      snippets.push({ line: i + 1, lang, code: body.join("\n"), prelude: preludeAbove(lines, i) });
    }
    i = end;
  }
  return snippets;
}

async function linkPackages(workDir, packages, base) {
  const modules = path.join(workDir, "node_modules");
  for (const [name, folder] of packages) {
    const source = path.resolve(base, folder);
    if (!existsSync(source)) throw new Error(`${name} is not at ${folder}: run \`pnpm install\``);
    const link = path.join(modules, name);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(await realpath(source), link, "dir");
  }
}

/**
 * Writes each snippet of `readmes` (paths relative to `base`) as a module of one strict project in `workDir` and
 * typechecks them in a single program. Returns `{ snippets, failures }`: the count, and per error
 * `{ file, line, fence, message }` with `line` the README line of the error and `fence` that of its opening fence.
 */
export async function checkSnippets({
  base = root,
  readmes,
  workDir = path.join(root, "node_modules", ".cache", "check-snippets"),
  packages = DEFAULT_PACKAGES,
  globals = DEFAULT_GLOBALS,
} = {}) {
  const files = readmes ?? (await findReadmes(base));
  const work = path.resolve(workDir);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  await linkPackages(work, packages, base);
  const sources = new Map();
  for (const readme of files) {
    for (const snippet of extractSnippets(await readFile(path.join(base, readme), "utf8"))) {
      const name = `${readme.replace(/[^\w]+/g, "_")}_L${snippet.line}.${snippet.lang}`;
      // note: `export {}` makes each snippet a module, so top-level await works and names never collide.
      const preludeLines = snippet.prelude ? snippet.prelude.split("\n").length : 0;
      const text = `${snippet.prelude ? `${snippet.prelude}\n` : ""}${snippet.code}\nexport {};\n`;
      await writeFile(path.join(work, name), text);
      sources.set(path.join(work, name), { readme, fence: snippet.line, preludeLines });
    }
  }
  const tsconfig = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "es2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      jsx: "react-jsx",
      lib: ["es2022", "dom", "dom.iterable"],
      types: ["node"],
      skipLibCheck: true,
      noUnusedLocals: false,
    },
    files: [...(globals ? ["globals.d.ts"] : []), ...[...sources.keys()].map((f) => path.basename(f))],
  };
  if (globals) await writeFile(path.join(work, "globals.d.ts"), await readFile(globals, "utf8"));
  await writeFile(path.join(work, "package.json"), `${JSON.stringify({ type: "module", private: true })}\n`);
  await writeFile(path.join(work, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);

  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(work, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const failures = ts.getPreEmitDiagnostics(program).map((d) => {
    const message = `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    const origin = d.file && sources.get(path.resolve(d.file.fileName));
    if (!origin)
      return { file: d.file ? path.relative(base, d.file.fileName) : "(project)", line: 0, fence: 0, message };
    const at = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line - origin.preludeLines;
    // note: an error inside the prelude is reported on the fence line.
    return { file: origin.readme, line: origin.fence + 1 + Math.max(at, -1), fence: origin.fence, message };
  });
  failures.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { snippets: sources.size, readmes: files.length, failures };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [, folder] of DEFAULT_PACKAGES.filter(([n]) => n.startsWith("@gh-artifacts/"))) {
    const dist = path.join(root, folder, "dist", "index.d.ts");
    if (!existsSync(dist)) {
      console.error(`${path.relative(root, dist)} is missing: run \`pnpm build\` first, then \`pnpm check:snippets\`.`);
      process.exit(1);
    }
  }
  const started = performance.now();
  const { snippets, readmes, failures } = await checkSnippets();
  const took = ((performance.now() - started) / 1000).toFixed(1);
  for (const f of failures) console.error(`${f.file}:${f.line} (snippet at line ${f.fence}): ${f.message}`);
  if (failures.length) {
    console.error(
      `\n${failures.length} error(s) in the README snippets. Fix the snippet (it must compile against the current API); ` +
        "free names and hidden imports: CONTRIBUTING.md, “README snippets”. Rerun: pnpm build && pnpm check:snippets",
    );
    process.exit(1);
  }
  console.log(`${snippets} snippets in ${readmes} READMEs typecheck (${took} s)`);
}
