// What `pnpm spec:sync` read, recorded in spec/source.json beside the spec, so `pnpm check:drift` can
// read the same bytes again (a GHES or GHEC spec passes CI) or say plainly why it cannot.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

export const PACKAGE = "@octokit/openapi";
export const SOURCE_RECORD_NAME = "source.json";

/** Where the record of the spec at `specPath` lives: beside it. */
export const sourceRecordPathFor = (specPath) => path.join(path.dirname(specPath), SOURCE_RECORD_NAME);

export const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** The installed description package: its folder and version. */
export async function installedPackage() {
  const manifest = require.resolve(`${PACKAGE}/package.json`);
  const { version } = JSON.parse(await readFile(manifest, "utf8"));
  return { dir: path.dirname(manifest), version };
}

/**
 * The installed package's `generated/*.json` file holding exactly these bytes, or undefined.
 * note: matched by content, not name, so a copy of ghes-3.19.json under another name is still recorded
 * as the package file (and so replayable); sizes are compared first to hash at most a file or two.
 */
export async function findPackageFile(bytes) {
  const { dir, version } = await installedPackage();
  const generated = path.join(dir, "generated");
  const digest = sha256(bytes);
  for (const name of (await readdir(generated)).filter((n) => n.endsWith(".json")).sort()) {
    const file = path.join(generated, name);
    if ((await stat(file)).size !== bytes.length) continue;
    if (sha256(await readFile(file)) === digest) return { package: PACKAGE, version, file: `generated/${name}` };
  }
  return undefined;
}

/**
 * The record for a description read from `from` (a path, an http(s) URL, or undefined for the default
 * package file) with these bytes: `{ package, version, file, sha256 }`, `{ url, sha256 }` or
 * `{ path, sha256 }`. A path is kept relative to the repository when inside it (so it can be replayed on
 * another machine) and reduced to its file name otherwise (a machine's folders mean nothing elsewhere).
 */
export async function recordFor({ from, bytes }) {
  const digest = sha256(bytes);
  const shipped = await findPackageFile(bytes);
  if (shipped) return { ...shipped, sha256: digest };
  if (from && /^https?:\/\//.test(from)) return { url: from, sha256: digest };
  if (!from) throw new Error(`the default ${PACKAGE} description was not found among the package's files`);
  const relative = path.relative(root, path.resolve(from));
  const inside = relative && !relative.startsWith("..") && !path.isAbsolute(relative);
  return { path: inside ? relative.split(path.sep).join("/") : path.basename(from), sha256: digest };
}

/** The one-line name of a record, as the spec's `# Source:` header shows it. */
export function labelOf(record) {
  if (record.package) return `${record.package}@${record.version} ${record.file}`;
  return record.url ?? record.path;
}

/**
 * Where to read the recorded description again: `{ from }` (a local file whose bytes hash to the record)
 * or `{ reason }` saying why it cannot be replayed here.
 */
export async function replaySourceFor(record) {
  if (record.package) {
    if (record.package !== PACKAGE) return { reason: `${record.package} is not the description package (${PACKAGE})` };
    const { dir, version } = await installedPackage();
    if (record.version !== version) {
      return {
        reason: `it was read from ${PACKAGE}@${record.version} and ${version} is installed (run \`pnpm spec:sync\` to sync from the installed one)`,
      };
    }
    const from = path.join(dir, record.file);
    const bytes = await readFile(from).catch(() => undefined);
    if (!bytes) return { reason: `${record.file} is not in the installed ${PACKAGE}@${version}` };
    if (sha256(bytes) !== record.sha256) {
      return { reason: `the installed ${PACKAGE}@${version} ${record.file} does not hash to the recorded sha256` };
    }
    return { from };
  }
  if (record.url) return { reason: `it was read from a URL (${record.url}), and CI does not download descriptions` };
  if (record.path) {
    const from = path.join(root, record.path);
    const bytes = await readFile(from).catch(() => undefined);
    if (!bytes) return { reason: `it was read from a file that is not in the repository (${record.path})` };
    if (sha256(bytes) !== record.sha256) return { reason: `${record.path} changed since the spec was synced from it` };
    return { from };
  }
  return { reason: "the record names no package, URL or path" };
}
