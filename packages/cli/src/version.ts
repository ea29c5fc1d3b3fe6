import { readFileSync } from "node:fs";

/**
 * This package's version, read from its package.json (one folder up from both `src/` and `dist/`), so a release
 * changes it in one place.
 */
export function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}
