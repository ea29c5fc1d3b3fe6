import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    // The full description is 13 MB; parsing and filtering it takes a couple of seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
