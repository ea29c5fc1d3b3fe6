// Shared by every package's vitest config: resolve sibling workspace packages from their source
// (the `@gh-artifacts/source` export condition), so tests never run against a stale `dist/`.
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

export const sourceConditions = defineConfig({
  resolve: { conditions: ["@gh-artifacts/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@gh-artifacts/source", ...defaultServerConditions] } },
});
