import { defineConfig, mergeConfig } from "vitest/config";
import { sourceConditions } from "../../vitest.shared.js";

export default mergeConfig(
  sourceConditions,
  defineConfig({
    test: {
      name: "contract",
      include: ["test/**/*.test.{ts,tsx}"],
      // One Prism per mode (static, and dynamic with several seeds) for the whole run.
      globalSetup: ["./test/global-setup.ts"],
      restoreMocks: true,
      hookTimeout: 60_000,
    },
  }),
);
