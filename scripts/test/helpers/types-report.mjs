// The API report of @gh-artifacts/types for any spec, made as `pnpm generate && pnpm build && pnpm api:update` would
// make it (openapi-typescript, generate-parameters, tsc's declarations, api-extractor with the shared config), in a
// folder of the caller's, so a scenario can ask what a spec change does to the published types.
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderParameters } from "../../generate-parameters.mjs";
import { generateReports } from "../../lib/api-report.mjs";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const cache = new Map();

/**
 * The types openapi-typescript's CLI writes for a spec (as `pnpm generate` runs it), made in this process.
 * note: the CLI takes two seconds to start; the scenarios make two dozen of these. A test checks both agree.
 */
export async function generatedTypes(specPath) {
  const { default: openapiTS, astToString, COMMENT_HEADER } = await import("openapi-typescript");
  // note: openapi-typescript's own Redocly (not the scripts' newer one), configured as its CLI does without a config.
  const fromGenerator = createRequire(require.resolve("openapi-typescript/package.json"));
  const { createConfig } = fromGenerator("@redocly/openapi-core");
  const redocly = await createConfig({}, { extends: ["minimal"] });
  return `${COMMENT_HEADER}${astToString(await openapiTS(pathToFileURL(specPath), { redocly, silent: true }))}`;
}

/**
 * TypeScript's own declaration files (lib.es2022.d.ts, lib.dom.d.ts, …), parsed once for every program of this
 * process. note: they never change and every program here has the same options; parsing them (lib.dom.d.ts above
 * all) is a fifth of what each program costs. The compiler's language service shares source files between programs
 * the same way.
 */
const libFiles = new Map();

/** Writes the package's declarations with the repository's compiler options (tsconfig.base.json). */
function emitDeclarations(pkg) {
  const ts = require("typescript");
  const base = JSON.parse(require("node:fs").readFileSync(path.join(root, "tsconfig.base.json"), "utf8"));
  const { options, errors } = ts.convertCompilerOptionsFromJson(base.compilerOptions, root);
  if (errors.length > 0) throw new Error(ts.flattenDiagnosticMessageText(errors[0].messageText, "\n"));
  const compilerOptions = {
    ...options,
    rootDir: path.join(pkg, "src"),
    outDir: path.join(pkg, "dist"),
    emitDeclarationOnly: true,
    declarationMap: false,
    sourceMap: false,
    customConditions: [],
  };
  const host = ts.createCompilerHost(compilerOptions);
  const libDir = path.dirname(ts.getDefaultLibFilePath(compilerOptions));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (path.dirname(fileName) !== libDir) return getSourceFile(fileName, languageVersion, ...rest);
    if (!libFiles.has(fileName)) libFiles.set(fileName, getSourceFile(fileName, languageVersion, ...rest));
    return libFiles.get(fileName);
  };
  const program = ts.createProgram([path.join(pkg, "src", "index.ts")], compilerOptions, host);
  const { diagnostics } = program.emit();
  const problems = [...ts.getPreEmitDiagnostics(program), ...diagnostics];
  if (problems.length > 0) throw new Error(ts.formatDiagnostics(problems, ts.createCompilerHost(options)));
}

/**
 * The types package's report for the spec at `specPath`, built under `workDir`.
 * note: the same generated sources give the same report, so a spec change that leaves them as they were (a rename
 * mapped back, a description) is answered from the cache, without the compiler.
 */
export async function typesReport(specPath, workDir) {
  const pkg = path.join(workDir, "types");
  await mkdir(path.join(pkg, "src", "generated"), { recursive: true });
  await copyFile(path.join(root, "packages", "types", "src", "index.ts"), path.join(pkg, "src", "index.ts"));
  const artifacts = path.join(pkg, "src", "generated", "artifacts.ts");
  await writeFile(artifacts, await generatedTypes(specPath));
  const parameters = await renderParameters(specPath);
  await writeFile(path.join(pkg, "src", "generated", "parameters.ts"), parameters);
  const key = `${await readFile(artifacts, "utf8")}\u0000${parameters}`;
  if (!cache.has(key)) {
    await writeFile(path.join(pkg, "package.json"), JSON.stringify({ name: "@gh-artifacts/types", type: "module" }));
    await writeFile(
      path.join(pkg, "api-extractor.json"),
      JSON.stringify({
        extends: path.join(root, "api-extractor.base.json"),
        projectFolder: ".",
        mainEntryPointFilePath: "<projectFolder>/dist/index.d.ts",
        apiReport: { reportFileName: "types" },
      }),
    );
    emitDeclarations(pkg);
    const entry = {
      package: "@gh-artifacts/types",
      entry: ".",
      config: "api-extractor.json",
      report: "etc/types.api.md",
    };
    const reports = await generateReports({ entryPoints: [entry], cwd: pkg });
    cache.set(key, reports.get(entry.report));
  }
  return cache.get(key);
}
