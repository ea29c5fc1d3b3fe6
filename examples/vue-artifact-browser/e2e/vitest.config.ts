import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Real Chromium against the servers of `pnpm start`; needs the app built (`pnpm build`).
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["e2e/**/*.e2e.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
