#!/usr/bin/env node
import { execFileSync } from "node:child_process";
// pnpm spec:diff [--base REF] [--json]: what changed in spec/artifacts.yaml since REF, classified for consumers.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { diffSpecs, formatDiff, readSpecAt, SPEC_FILE, SpecRefError } from "./lib/spec-diff.mjs";

const USAGE = "usage: pnpm spec:diff [--base REF] [--json]   (REF defaults to main; head is the working tree's spec)";

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        base: { type: "string", default: "main" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    return fail(`${error.message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  let root;
  try {
    root = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch {
    return fail("spec:diff must run inside the repository's git checkout.");
  }
  let base;
  try {
    base = await readSpecAt(values.base, { cwd: root });
  } catch (error) {
    if (error instanceof SpecRefError) return fail(error.message);
    throw error;
  }
  const head = YAML.parse(readFileSync(join(root, SPEC_FILE), "utf8"));
  const result = await diffSpecs(base, head);
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return 0;
  }
  for (const line of formatDiff(result)) console.log(line);
  return 0;
}

function fail(message) {
  console.error(`spec:diff: ${message}`);
  return 2;
}

process.exitCode = await main();
