#!/usr/bin/env node
// Run by `pnpm version-packages` after `changeset version`: copies the client's new version into
// src/version.ts, which its default User-Agent sends (a bundle should not import package.json).
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const client = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "packages", "client");
const { version } = JSON.parse(await readFile(path.join(client, "package.json"), "utf8"));
const file = path.join(client, "src", "version.ts");
const text = await readFile(file, "utf8");
await writeFile(file, text.replace(/VERSION = "[^"]*"/, `VERSION = ${JSON.stringify(version)}`));
process.stdout.write(`packages/client/src/version.ts: ${version}\n`);
