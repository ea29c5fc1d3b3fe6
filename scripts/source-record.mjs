// What `pnpm spec:sync` read, recorded in spec/source.json beside the spec, so `pnpm check:drift` can read the
// same bytes again (a GHES or GHEC spec passes CI) and `pnpm spec:sync` without --from syncs from it again.
// A description is either a file of the installed @octokit/openapi (found by content) or a file in the
// repository (spec/sources/ is the place for them): anything else could not be read again by CI, so it is refused.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

export const PACKAGE = "@octokit/openapi";
export const SOURCE_RECORD_NAME = "source.json";

/** Where the record of the spec at `specPath` lives: beside it. */
export const sourceRecordPathFor = (specPath) => path.join(path.dirname(specPath), SOURCE_RECORD_NAME);

/** A description the sync refuses to record: one that check:drift could not read again. */
export class UnreplayableSourceError extends Error {
  name = "UnreplayableSourceError";
}

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
 * The record for a description read from `from` (a path, an http(s) URL, or undefined for the default package
 * file) with these bytes: `{ package, version, file, sha256, apiVersion }` or `{ path, sha256, apiVersion }`, the
 * path relative to `root` (the repository) with "/" separators. Throws UnreplayableSourceError for a file outside
 * `root` or a URL that serves no package file: check:drift could not read either again.
 */
export async function recordFor({ from, bytes, apiVersion, root = REPO_ROOT }) {
  const digest = sha256(bytes);
  const version = apiVersion ? { apiVersion } : {};
  const shipped = await findPackageFile(bytes);
  if (shipped) return { ...shipped, sha256: digest, ...version };
  if (!from) throw new Error(`the default ${PACKAGE} description was not found among the package's files`);
  const name = path.basename(/^https?:\/\//.test(from) ? new URL(from).pathname : from) || "description.json";
  const advice =
    `copy it into spec/sources/ (e.g. spec/sources/${name}), commit it, and sync --from spec/sources/${name}, ` +
    "so that check:drift can read it again";
  if (/^https?:\/\//.test(from)) {
    throw new UnreplayableSourceError(`--from ${from}: a URL is not read again by CI; download it, ${advice}`);
  }
  const relative = path.relative(root, path.resolve(from));
  if (!relative || relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new UnreplayableSourceError(`--from ${from}: the file is outside the repository; ${advice}`);
  }
  return { path: relative.split(path.sep).join("/"), sha256: digest, ...version };
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
export async function replaySourceFor(record, { root = REPO_ROOT } = {}) {
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
  if (record.url) {
    return {
      reason: `it was read from a URL (${record.url}), which CI does not download: copy it into spec/sources/ and sync from there`,
    };
  }
  if (record.path) {
    const from = path.join(root, record.path);
    const bytes = await readFile(from).catch(() => undefined);
    if (!bytes) {
      return {
        reason: `it was read from a file that is not in the repository (${record.path}): commit it (spec/sources/ is the place)`,
      };
    }
    if (sha256(bytes) !== record.sha256) return { reason: `${record.path} changed since the spec was synced from it` };
    return { from };
  }
  return { reason: "the record names no package, URL or path" };
}
