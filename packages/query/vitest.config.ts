import { defineConfig, mergeConfig } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

export default mergeConfig(
  sourceConditions,
  defineConfig({
    test: {
      environment: "node",
      include: ["test/**/*.test.ts"],
      typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
      restoreMocks: true,
      unstubGlobals: true,
    },
  }),
);
