#!/usr/bin/env node
// Fails when the committed spec or generated types differ from what `pnpm spec:sync && pnpm generate`
// would write. It regenerates into a temporary folder and compares, so it never touches the tree.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { outPath as parametersPath, renderParameters } from "./generate-parameters.mjs";
import { DEFAULT_OUT as specPath, syncSpec } from "./spec-sync.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const typesPath = path.join(root, "packages", "types", "src", "generated", "artifacts.ts");

const readOr = (file) => readFile(file, "utf8").catch(() => "");

const dir = await mkdtemp(path.join(tmpdir(), "gh-artifacts-drift-"));
try {
  const drifted = [];
  const freshSpec = path.join(dir, "artifacts.yaml");
  await syncSpec({ out: freshSpec });
  if ((await readOr(freshSpec)) !== (await readOr(specPath))) drifted.push(path.relative(root, specPath));

  // Types and parameters come from the committed spec, as `pnpm generate` makes them.
  const freshTypes = path.join(dir, "artifacts.ts");
  // note: the package maps `./*.js` to `./*.mjs`, so the bin is found from its package.json.
  const cli = path.join(path.dirname(require.resolve("openapi-typescript/package.json")), "bin", "cli.js");
  await promisify(execFile)(process.execPath, [cli, specPath, "--output", freshTypes], { cwd: root });
  if ((await readOr(freshTypes)) !== (await readOr(typesPath))) drifted.push(path.relative(root, typesPath));
  if ((await renderParameters(specPath)) !== (await readOr(parametersPath))) {
    drifted.push(path.relative(root, parametersPath));
  }

  if (drifted.length > 0) {
    process.stderr.write(
      `drift: ${drifted.join(", ")} differ from what the pipeline writes.\n` +
        "Run `pnpm spec:sync && pnpm generate` and commit the result.\n",
    );
    process.exitCode = 1;
  } else {
    process.stdout.write("drift: spec/ and the generated types are current\n");
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
