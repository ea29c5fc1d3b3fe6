import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "consume",
    include: ["test/**/*.test.mjs"],
    // note: packs every public package once (`pnpm pack:all --no-build`) for the three files to install from.
    globalSetup: ["test/global-setup.mjs"],
    // note: each file mostly waits on its child processes (npm, tsc, vite, Chromium), so two files at a time keep
    // 2 cores busy without one file's typecheck starving the other's; Vitest's default there is one at a time.
    maxWorkers: 2,
    // note: the setup runs `npm install` (≈5 s with a warm npm cache, up to a minute cold on 2 cores) and starts
    // the mock; each typecheck takes ≈8 s.
    hookTimeout: 240_000,
    testTimeout: 120_000,
  },
});
