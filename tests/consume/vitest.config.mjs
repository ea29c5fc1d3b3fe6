import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "consume",
    include: ["test/**/*.test.mjs"],
    // note: the setup packs, runs `npm install` (≈5 s with a warm npm cache, up to a minute cold on 2 cores)
    // and starts the mock; each typecheck takes ≈8 s.
    hookTimeout: 240_000,
    testTimeout: 120_000,
  },
});
