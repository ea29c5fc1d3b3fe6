#!/usr/bin/env node
// `pnpm start`: serves the artifact browser (examples/artifact-browser, and its Vue twin
// examples/vue-artifact-browser on a port of its own) on loopback against a local world:
// Prism mocking spec/artifacts.yaml, a small stateful "mock GitHub" in front of it, and a storage server with
// real zip files and single files. The app's own server mounts the artifacts proxy at /api/github: the page talks
// only to it, and the proxy adds the token on the way to GitHub (so no token ever reaches the browser) and streams
// downloads (so no browser request depends on the storage host's CORS rules).
// `--live` (with GITHUB_TOKEN, and GITHUB_API_URL for GHES) forwards to GitHub instead; deletes then need
// `--allow-delete`. Ports: PORT (app), VUE_PORT (Vue app), API_PORT, STORAGE_PORT, PRISM_PORT; free ports when
// unset. Ctrl-C stops it.
import { API_PREFIX, DEMO_ARTIFACT_COUNT, SCENARIOS, SPECIAL, startLocalWorld } from "./lib/local-world.mjs";

const live = process.argv.includes("--live");
const allowDelete = process.argv.includes("--allow-delete");
const port = (name) => (process.env[name] ? Number(process.env[name]) : undefined);

let world;
try {
  world = await startLocalWorld({
    live,
    // note: read here and handed to the proxy in this process; it is never written to /config.json or a response.
    token: live ? process.env.GITHUB_TOKEN : undefined,
    liveBaseUrl: process.env.GITHUB_API_URL || undefined,
    allowDelete,
    appPort: port("PORT"),
    vueAppPort: port("VUE_PORT"),
    apiPort: port("API_PORT"),
    storagePort: port("STORAGE_PORT"),
    prismPort: port("PRISM_PORT"),
    // note: slow enough that the progress bar of the 4 MiB artifact visibly moves, and loading states show.
    bytesPerSecond: 2 * 1024 * 1024,
    latencyMs: 300,
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
process.on("exit", () => world.kill());

const lines = live
  ? [
      `Live mode: the app's server forwards ${API_PREFIX} to ${world.apiUrl} with your GITHUB_TOKEN,`,
      "which stays in this process: the page never sees it.",
      allowDelete
        ? "Deletes: ALLOWED (--allow-delete): the page can delete artifacts for real."
        : "Deletes: refused (403). Restart with --allow-delete to allow them.",
    ]
  : [
      `API for the app:  ${world.proxyUrl}  (the artifacts proxy; it adds the token and streams downloads)`,
      `Mock GitHub API:  ${world.apiUrl}  (Prism at ${world.prismUrl}, from spec/artifacts.yaml)`,
      `Storage:          ${world.storageUrl}  (zips and single files; no CORS header; refuses any Authorization)`,
      "",
      `Any owner/repo shows a demo repository of ${DEMO_ARTIFACT_COUNT} artifacts. Scenario owners (any repo name):`,
    ];
if (!live) {
  for (const [owner, { description }] of Object.entries(SCENARIOS)) lines.push(`  ${owner.padEnd(14)} ${description}`);
  lines.push(
    "Artifacts:",
    `  ${SPECIAL.large.padEnd(18)} 4 MiB, to watch the progress bar (and cancel)`,
    `  ${SPECIAL.expired.padEnd(18)} expired: its Download is disabled (GitHub no longer has the archive)`,
    `  ${SPECIAL.protected.padEnd(18)} the server refuses to delete it (403), so the row comes back`,
    `  ${SPECIAL.wheel}, ${SPECIAL.report}, ${SPECIAL.manual}`,
    `  ${"".padEnd(18)} single files (archive: false), served as octet-stream, text/html and PDF: each is saved`,
    `  ${"".padEnd(18)} under its own name, and the report's script never runs`,
    `  ${SPECIAL.hidden.padEnd(18)} a zip with a hostile name: saved as _git.zip`,
  );
}
lines.push("", `Artifact browser: ${world.appUrl}`);
if (world.vueAppUrl) lines.push(`Artifact browser (Vue): ${world.vueAppUrl}`);
console.log([...lines, "", "Press Ctrl-C to stop."].join("\n"));

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await world.stop();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
