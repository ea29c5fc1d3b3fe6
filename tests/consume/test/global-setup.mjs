// Packs every public package once for the whole tier: `pnpm pack:all --no-build --out <temp>/packs`, the command the
// root README gives users before the first release. Each test file installs from these tarballs into a project of its
// own (`inject("packs")`), so no file packs again; consume.test.mjs asserts what pack:all wrote and printed.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const execFileAsync = promisify(execFile);

/** Packs into a temporary folder, provides `{ dir, files, output }` as "packs", and removes the folder afterwards. */
export default async function setup(project) {
  const temp = await mkdtemp(path.join(tmpdir(), "gh-artifacts-consume-packs-"));
  const dir = path.join(temp, "packs");
  // note: pnpm passes its own npm_* settings to scripts; pack:all must read only its usual config.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  let output;
  try {
    // note: --no-build: turbo built them before this task (test:consume depends on ^build), and a turbo run inside
    // a turbo run is not wanted; pack:all still refuses a package that is not built.
    ({ stdout: output } = await execFileAsync("pnpm", ["pack:all", "--no-build", "--out", dir], {
      cwd: root,
      env,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw new Error(`\`pnpm pack:all --no-build\` failed (exit ${error.code}):\n${error.stdout}\n${error.stderr}`);
  }
  const files = (await readdir(dir)).filter((file) => file.endsWith(".tgz")).sort();
  project.provide("packs", { dir, files, output });
  return async () => {
    await rm(temp, { recursive: true, force: true });
  };
}
