import { createHash } from "node:crypto";
import yazl from "yazl";

/** A zip archive of `files` (name → content), built in memory. */
export async function makeZip(files: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    if (name.endsWith("/")) zip.addEmptyDirectory(name);
    else zip.addBuffer(Buffer.from(content), name);
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A zip whose entry escapes the target folder. yazl refuses such names, so a same-length placeholder is written
 * and then patched in both the local header and the central directory.
 */
export async function makeZipSlip(escapingName = "../evil.txt"): Promise<Buffer> {
  const placeholder = "x".repeat(escapingName.length);
  const zip = await makeZip({ "ok.txt": "fine", [placeholder]: "pwned" });
  const from = Buffer.from(placeholder);
  const to = Buffer.from(escapingName);
  let at = zip.indexOf(from);
  while (at !== -1) {
    to.copy(zip, at);
    at = zip.indexOf(from, at + from.length);
  }
  return zip;
}

export const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
