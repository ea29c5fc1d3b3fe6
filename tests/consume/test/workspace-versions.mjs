// The versions the workspace itself installs, so the fresh project gets the same ones (no second list to keep in step).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Where each dependency of the consumer is installed in the workspace (a folder holding `node_modules`). */
const FROM = {
  react: "packages/react",
  "react-dom": "packages/react",
  "@tanstack/react-query": "packages/react",
  "@types/react": "packages/react",
  "@types/react-dom": "packages/react",
  typescript: "packages/react",
  "@types/node": "packages/client",
  vite: ".",
};

/** `name@version` of every dependency the consumer project installs next to the tarballs. */
export function workspaceVersions() {
  return Object.entries(FROM).map(([name, folder]) => {
    const manifest = path.join(root, folder, "node_modules", name, "package.json");
    let version;
    try {
      version = JSON.parse(readFileSync(manifest, "utf8")).version;
    } catch (error) {
      throw new Error(`${name} is not installed in ${folder} (${manifest}): run \`pnpm install\` first.`, {
        cause: error,
      });
    }
    return `${name}@${version}`;
  });
}
