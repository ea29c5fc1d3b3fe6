#!/usr/bin/env node
// `pnpm start`: serves the Prism mock of spec/artifacts.yaml on loopback and prints a request to try.
// Ctrl-C stops everything it started.
import { startPrism } from "./lib/prism.mjs";

const port = Number(process.env.PRISM_PORT ?? 4010);
const prism = await startPrism({ port });

const example = `${prism.url}/repos/octo-org/octo-docs/actions/artifacts?per_page=2`;
process.stdout.write(
  [
    `Mock GitHub API (Prism, from spec/artifacts.yaml): ${prism.url}`,
    "",
    "Try:",
    `  curl -s -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28" "${example}"`,
    `  curl -si -H "Prefer: code=404" "${prism.url}/repos/octo-org/octo-docs/actions/artifacts/11"`,
    "",
    "Press Ctrl-C to stop.",
    "",
  ].join("\n"),
);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await prism.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
