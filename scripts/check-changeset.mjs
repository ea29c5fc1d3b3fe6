#!/usr/bin/env node
// `pnpm check:changeset [--base REF] [--write]`: fails unless the changesets added since REF bump the
// three packages at least as much as the spec diff and the API reports require. The rules live in
// lib/changeset-gate.mjs; this file only gathers the inputs (git, the spec, the API reports).
import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs, promisify } from "node:util";
import YAML from "yaml";
import {
  bumpsIn,
  describeVerdict,
  PACKAGES,
  parseChangeset,
  renderChangeset,
  requiredBump,
  verdict,
} from "./lib/changeset-gate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export class CheckChangesetError extends Error {
  name = "CheckChangesetError";
}

async function git(cwd, args) {
  try {
    const { stdout } = await promisify(execFile)("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (cause) {
    throw new CheckChangesetError(`git ${args.join(" ")} failed: ${(cause.stderr || cause.message).trim()}`);
  }
}

const lines = (text) => text.split("\n").filter(Boolean);

/**
 * The changesets added since `base`: committed, staged or not yet tracked. README.md is changesets'
 * own help file, not a changeset.
 * @returns {Promise<{ file: string, summary: string, releases: { name: string, type: string }[] }[]>}
 */
export async function addedChangesets(base, { cwd = root } = {}) {
  const ok = await git(cwd, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]).catch(() => "");
  if (!ok.trim()) {
    throw new CheckChangesetError(`--base ${base}: no such commit here (fetch it, e.g. \`git fetch origin ${base}\`)`);
  }
  const added = lines(await git(cwd, ["diff", "--name-only", "--diff-filter=A", base, "--", ".changeset/*.md"]));
  const untracked = lines(await git(cwd, ["ls-files", "--others", "--exclude-standard", "--", ".changeset/*.md"]));
  const files = [...new Set([...added, ...untracked])].filter((f) => path.basename(f) !== "README.md").sort();
  return Promise.all(
    files.map(async (file) => {
      const text = await readFile(path.join(cwd, file), "utf8");
      try {
        return { file, ...parseChangeset(text) };
      } catch (cause) {
        throw new CheckChangesetError(`${file}: ${cause.message}`);
      }
    }),
  );
}

/**
 * Gathers the inputs and returns the verdict; writes a changeset with `write` when one is missing.
 * The engines are injectable so tests can stub them.
 */
export async function checkChangeset({
  base = "main",
  write = false,
  cwd = root,
  specPath = path.join(cwd, "spec", "artifacts.yaml"),
  diffSpecs,
  readSpecAt,
  apiChanges,
} = {}) {
  if (!diffSpecs || !readSpecAt) ({ diffSpecs, readSpecAt } = await import("./lib/spec-diff.mjs"));
  if (!apiChanges) ({ apiChanges } = await import("./lib/api-report.mjs"));

  const changesets = await addedChangesets(base, { cwd });
  const config = JSON.parse(await readFile(path.join(cwd, ".changeset", "config.json"), "utf8"));
  const headDoc = YAML.parse(await readFile(specPath, "utf8"), { maxAliasCount: -1 });
  const spec = await diffSpecs(await readSpecAt(base, { cwd }), headDoc);
  const api = await apiChanges({ base, cwd });

  const required = requiredBump(spec.level, api.level);
  const result = verdict(required, bumpsIn(changesets, config));
  const out = [
    `spec change: ${spec.level}; API change: ${api.level}; required bump: ${required}`,
    ...changesets.map((c) => `  ${c.file}: ${c.releases.map((r) => `${r.name} ${r.type}`).join(", ") || "no release"}`),
  ];
  if (!write || result.ok) {
    out.push(...describeVerdict(result, { base }));
    if (write) out.push("changeset: nothing to write");
    return { ...result, spec, api, changesets, lines: out };
  }
  const { name, text } = renderChangeset(required, { spec, api });
  const file = path.join(cwd, ".changeset", name);
  await writeFile(file, text);
  out.push(
    `changeset: wrote .changeset/${name} (${required} for ${PACKAGES.join(", ")}); read its text, edit it for users, and commit it`,
  );
  return { ok: true, required, missing: [], spec, api, changesets, written: file, lines: out };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        base: { type: "string", default: "main" },
        write: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    process.stderr.write(`check:changeset: ${error.message}\nusage: pnpm check:changeset [--base REF] [--write]\n`);
    process.exit(1);
  }
  if (values.help) {
    process.stdout.write(
      "usage: pnpm check:changeset [--base REF] [--write]\n" +
        "  --base   compare the spec, the API reports and the changesets with this ref; default: main\n" +
        "  --write  when the changesets are not enough, write .changeset/spec-<hash>.md with the required bump\n",
    );
  } else {
    try {
      const result = await checkChangeset({ base: values.base, write: values.write });
      (result.ok ? process.stdout : process.stderr).write(`${result.lines.join("\n")}\n`);
      if (!result.ok) process.exitCode = 1;
    } catch (error) {
      // note: the engines throw plain Errors that already say what to run; only a bug in this code gets a stack.
      const bug = error instanceof TypeError || error instanceof ReferenceError || error instanceof SyntaxError;
      process.stderr.write(`check:changeset: ${bug ? error.stack : error.message}\n`);
      process.exitCode = 1;
    }
  }
}
