import { defineConfig } from "vitest/config";

// note: resolve sibling workspace packages from source (their "@gh-artifacts/source" export), never from a stale
// dist/. Setting conditions replaces Vite's defaults, so those ("module", "node", "development|production") are
// repeated; adding "import" here would make CommonJS dependencies (yazl → buffer-crc32) load ESM builds.
const conditions = ["@gh-artifacts/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["test/**/*.test.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    restoreMocks: true,
    unstubGlobals: true,
  },
});
