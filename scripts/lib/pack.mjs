// What `pnpm pack:all` needs besides running `pnpm pack`: which packages are public, and what a packed tarball's
// manifest says (read from the .tgz itself, so the check is of what npm would install, not of the source tree).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * The workspace's public packages (`packages/*` without `"private": true`), in dependency order: each one after
 * the workspace packages it depends on, so a list of their tarballs reads as an install order.
 * @param {string} root the repository root
 * @returns {{ name: string, version: string, dir: string, manifest: Record<string, any> }[]}
 */
export function publicPackages(root) {
  const packagesDir = path.join(root, "packages");
  const found = readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(packagesDir, entry.name, "package.json")))
    .map((entry) => {
      const dir = path.join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
      return { name: manifest.name, version: manifest.version, dir, manifest };
    })
    .filter((p) => p.manifest.private !== true)
    .sort((a, b) => a.name.localeCompare(b.name));
  const byName = new Map(found.map((p) => [p.name, p]));
  const ordered = [];
  const visit = (p, trail) => {
    if (ordered.includes(p)) return;
    if (trail.includes(p))
      throw new Error(`workspace dependency cycle: ${[...trail, p].map((x) => x.name).join(" → ")}`);
    for (const dep of Object.keys(p.manifest.dependencies ?? {})) {
      const inner = byName.get(dep);
      if (inner) visit(inner, [...trail, p]);
    }
    ordered.push(p);
  };
  for (const p of found) visit(p, []);
  return ordered;
}

/**
 * One file of a gzipped tar (an npm tarball), or undefined when it holds none by that path.
 * @param {Uint8Array} tgz the .tgz bytes
 * @param {string} wanted the path inside the archive, e.g. `package/package.json`
 * @returns {Buffer | undefined}
 */
export function readTarEntry(tgz, wanted) {
  const tar = gunzipSync(tgz);
  let longName;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((byte) => byte === 0)) return undefined;
    const field = (start, length) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const body = tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    // note: GNU long names ("L") and pax headers ("x", "g") describe the next entry, not a file of their own.
    if (type === "L") {
      longName = body.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    if (type === "x" || type === "g") {
      const paxPath = /^\d+ path=(.*)$/m.exec(body.toString("utf8"));
      if (paxPath) longName = paxPath[1];
      continue;
    }
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    if (name === wanted && (type === "0" || type === "")) return Buffer.from(body);
  }
  return undefined;
}

/** The manifest (`package/package.json`) inside an npm tarball. */
export function readPackedManifest(tgz) {
  const bytes = readTarEntry(tgz, "package/package.json");
  if (!bytes) throw new Error("no package/package.json in the tarball");
  return JSON.parse(bytes.toString("utf8"));
}

// note: ranges only a workspace understands; npm cannot install a tarball that still carries one (`npm pack` in
// this workspace leaves `workspace:^` as it is, which is why the tarballs are made with `pnpm pack`).
const WORKSPACE_ONLY = /^(?:workspace|catalog|link):/;
const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"];

/**
 * Why npm could not install a packed manifest as it is, one line per problem; empty when it can.
 * @param {Record<string, any>} manifest the package.json inside the tarball
 * @returns {string[]}
 */
export function packProblems(manifest) {
  const problems = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (typeof range === "string" && WORKSPACE_ONLY.test(range)) {
        problems.push(`${field}.${name} is "${range}", a range only the workspace understands`);
      }
    }
  }
  // note: the source condition points at src/*.ts for the workspace's own tools; publishConfig.exports drops it.
  if (JSON.stringify(manifest.exports ?? null).includes('"@gh-artifacts/source"')) {
    problems.push('exports keeps the "@gh-artifacts/source" condition (publishConfig.exports was not applied)');
  }
  return problems;
}
