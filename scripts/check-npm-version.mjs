#!/usr/bin/env node
// Run by release.yml before it publishes: fails unless the npm on PATH can publish with trusted publishing (OIDC),
// which needs npm 11.5.1 or later. An older npm (Node 22 ships npm 10) never asks GitHub for the run's token: it
// publishes without credentials and the registry answers with a 404 or ENEEDAUTH at the end of the job, after the
// build; this says so at the start instead.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The first npm release that exchanges a CI provider's OIDC token for a publish token. */
export const TRUSTED_PUBLISHING_NPM = "11.5.1";

/**
 * Whether `version` (as `npm --version` prints it) is `minimum` or later; a pre-release of `minimum` is not.
 * @param {string} version e.g. "11.6.2"
 * @param {string} minimum e.g. "11.5.1"
 */
export function atLeast(version, minimum) {
  const parse = (text) => {
    const match = /^v?(\d+)\.(\d+)\.(\d+)(-[\w.-]+)?(?:\+[\w.-]+)?$/.exec(text.trim());
    if (!match) throw new Error(`not a version: "${text.trim()}"`);
    return { parts: match.slice(1, 4).map(Number), pre: Boolean(match[4]) };
  };
  const have = parse(version);
  const need = parse(minimum);
  for (let i = 0; i < 3; i++) {
    if (have.parts[i] !== need.parts[i]) return have.parts[i] > need.parts[i];
  }
  return !have.pre || need.pre;
}

function main() {
  // note: a shell is needed on Windows for npm.cmd; the argument list is fixed, nothing from outside reaches it.
  const version = execFileSync("npm", ["--version"], { encoding: "utf8", shell: process.platform === "win32" }).trim();
  if (!atLeast(version, TRUSTED_PUBLISHING_NPM)) {
    console.error(
      `::error::npm ${version} cannot publish with trusted publishing (OIDC); it needs npm ${TRUSTED_PUBLISHING_NPM} or later (current Node 24 releases ship it).`,
    );
    process.exit(1);
  }
  console.log(`npm ${version}: trusted publishing (OIDC) supported (${TRUSTED_PUBLISHING_NPM} or later)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
