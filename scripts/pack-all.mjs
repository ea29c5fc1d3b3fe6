#!/usr/bin/env node
// `pnpm pack:all [--out DIR] [--no-build]`: one installable tarball per public package in `dist-packs/` (or DIR),
// made as `changeset publish` makes them (`pnpm pack`: publishConfig applied, `workspace:` ranges turned into the
// versions they point at), so the packages can be installed with plain npm before they are on npm:
//
//   npm install /path/to/gh-artifacts/dist-packs/gh-artifacts-{types,client}-*.tgz   # a package and those it needs
//
// It builds the packages first (turbo; a cache hit when they are up to date), replaces the tarballs of an earlier
// run, and refuses a tarball npm could not install (a `workspace:` range left, the source condition kept).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { packProblems, publicPackages, readPackedManifest } from "./lib/pack.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const USAGE = "usage: pnpm pack:all [--out DIR] [--no-build]";

// note: pnpm runs scripts from the repository root; a relative --out is the caller's, from where pnpm was started.
const callerDir = process.env.INIT_CWD || process.cwd();

function parseArgs(argv) {
  const args = { out: path.join(root, "dist-packs"), build: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") continue;
    if (arg === "--no-build") args.build = false;
    else if (arg === "--out" && argv[i + 1]) args.out = path.resolve(callerDir, argv[++i]);
    else if (arg.startsWith("--out=")) args.out = path.resolve(callerDir, arg.slice("--out=".length));
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`pack:all: unknown argument ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return args;
}

/** pnpm itself: the one running this script when there is one (`npm_execpath`), else `pnpm` on PATH. */
function pnpm(args, options) {
  const execPath = process.env.npm_execpath;
  const [command, argv] =
    execPath && /pnpm/.test(path.basename(execPath)) && /\.c?js$/.test(execPath)
      ? [process.execPath, [execPath, ...args]]
      : ["pnpm", args];
  return spawnSync(command, argv, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...options });
}

/** The files a package's manifest points at (exports, bin), which must exist before it is packed. */
function entryFiles(manifest) {
  const files = new Set();
  const walk = (value) => {
    if (typeof value === "string") {
      if (value.startsWith("./") && !value.includes("*")) files.add(value);
    } else if (value && typeof value === "object") for (const inner of Object.values(value)) walk(inner);
  };
  walk(manifest.publishConfig?.exports ?? manifest.exports);
  walk(typeof manifest.bin === "string" ? { bin: manifest.bin } : manifest.bin);
  return [...files];
}

function fail(message) {
  console.error(`pack:all: ${message}`);
  process.exit(1);
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const packages = publicPackages(root);

  if (args.build) {
    const filters = packages.map((p) => `--filter=${p.name}`);
    const built = pnpm(["exec", "turbo", "run", "build", ...filters, "--output-logs=errors-only"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
    });
    if (built.status !== 0) fail(`building the packages failed (exit ${built.status})`);
  }
  for (const p of packages) {
    const missing = entryFiles(p.manifest).filter((file) => !existsSync(path.join(p.dir, file)));
    if (missing.length > 0) {
      fail(`${p.name} is not built (${missing.join(", ")} missing): run \`pnpm build\`, or drop --no-build`);
    }
  }

  mkdirSync(args.out, { recursive: true });
  // note: only this script's own tarballs are replaced (an earlier version's would be installed beside the new one
  // by a `*.tgz` glob); anything else in the folder is left alone.
  const prefixes = packages.map((p) => `${p.name.replace(/^@/, "").replace("/", "-")}-`);
  for (const file of readdirSync(args.out)) {
    if (file.endsWith(".tgz") && prefixes.some((prefix) => file.startsWith(prefix))) {
      rmSync(path.join(args.out, file));
    }
  }

  const written = [];
  for (const p of packages) {
    const packed = pnpm(["pack", "--json", "--pack-destination", args.out], { cwd: p.dir });
    if (packed.status !== 0)
      fail(`pnpm pack failed in ${path.relative(root, p.dir)}:\n${packed.stdout}${packed.stderr}`);
    const { filename } = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("{")));
    const manifest = readPackedManifest(readFileSync(filename));
    const problems = packProblems(manifest);
    if (problems.length > 0) fail(`${path.basename(filename)} cannot be installed by npm:\n  ${problems.join("\n  ")}`);
    written.push({
      name: manifest.name,
      version: manifest.version,
      file: filename,
      bytes: statSync(filename).size,
      manifest,
    });
  }

  console.log(`pack:all: ${written.length} tarballs in ${path.relative(callerDir, args.out) || "."}`);
  for (const t of written) {
    console.log(`  ${path.basename(t.file)}  ${t.name}@${t.version}, ${(t.bytes / 1024).toFixed(1)} KiB`);
  }
  console.log("To install one with npm in your project, give npm the tarballs of the packages it depends on as well:");
  for (const t of written) console.log(`  ${t.name}: npm install ${withDependencies(t, written).join(" ")}`);
}

/** A tarball's file, after those of the packed packages it depends on (directly or not), as npm needs them all. */
function withDependencies(tarball, written) {
  const byName = new Map(written.map((t) => [t.name, t]));
  const files = [];
  const visit = (t) => {
    if (files.includes(t.file)) return;
    for (const dep of Object.keys(t.manifest.dependencies ?? {})) if (byName.has(dep)) visit(byName.get(dep));
    files.push(t.file);
  };
  visit(tarball);
  return files;
}

main();
