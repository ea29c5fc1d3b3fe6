import { defineConfig, mergeConfig } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

export default mergeConfig(
  sourceConditions,
  defineConfig({
    test: {
      environment: "happy-dom",
      include: ["test/**/*.test.{ts,tsx}"],
      typecheck: { enabled: true, include: ["test/**/*.test-d.{ts,tsx}"], tsconfig: "./tsconfig.json" },
      setupFiles: ["./test/setup.ts"],
      restoreMocks: true,
      unstubGlobals: true,
    },
  }),
);
