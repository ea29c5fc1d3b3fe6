#!/usr/bin/env node
// The command as linked in the workspace: it exists before the first build (so `pnpm install` can link it) and runs
// the built CLI. The published package points its bin at dist/bin.js directly (publishConfig.bin).
try {
  await import("../dist/bin.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/bin.js")) throw error;
  process.stderr.write("gh-artifacts: not built yet: run `pnpm --filter @gh-artifacts/cli build` first\n");
  process.exitCode = 1;
}
