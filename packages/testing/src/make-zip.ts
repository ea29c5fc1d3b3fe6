import { zipSync } from "fflate";

// note: a fixed modification time, so the same files always make the same bytes (and so the same digest).
const MTIME = new Date("2020-01-10T14:59:22Z");
const encoder = new TextEncoder();

/**
 * A real zip archive of `files` (text is UTF-8), deterministic: the same files give the same bytes. Stored, not
 * deflated (`level: 0`), so the archive's size stays close to its content, like GitHub's artifact zips.
 */
export function makeZip(files: Record<string, string | Uint8Array>, options: { level?: 0 | 6 } = {}): Uint8Array {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const [name, content] of Object.entries(files)) {
    entries[name] = [typeof content === "string" ? encoder.encode(content) : content, { mtime: MTIME }];
  }
  return zipSync(entries, { level: options.level ?? 0 });
}
