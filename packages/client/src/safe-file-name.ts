import { InvalidInputError } from "./errors.js";

/** The longest name returned, in UTF-8 bytes: under every common file system's 255, with room for a suffix. */
export const MAX_FILE_NAME_BYTES = 200;

// note: path separators, what Windows refuses in a name (`<>:"|?*`; `:` also opens an NTFS stream), and every
// control, format (bidi overrides, zero-width), line/paragraph separator and lone surrogate code point: each could
// choose a place, break a header or make a name read as another.
const UNSAFE = /[/\\<>:"|?*]|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
// note: Windows opens the device, not a file, for these names whatever the extension ("nul.txt", "COM1 .zip").
const RESERVED = /^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(?:[ .].*)?$/iu;
/** An extension kept when a long name is cut: a dot, then up to 16 letters or digits (`.zip`, `.tar.gz`'s `.gz`). */
const EXTENSION = /\.[\p{L}\p{N}]{1,16}$/u;
const encoder = new TextEncoder();

const bytesOf = (text: string) => encoder.encode(text).byteLength;

/** `text` cut to at most `max` UTF-8 bytes, never inside a code point. */
function cut(text: string, max: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += bytesOf(char);
    if (bytes > max) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Trailing dots and spaces, which Windows drops (so `a.` and `a` are the same file there). */
const trimEnd = (text: string) => text.replace(/[. ]+$/u, "");

/**
 * The file name `name` becomes, or `undefined` when nothing of it can be saved (empty, only dots, spaces or
 * unsafe characters).
 */
export function sanitizeFileName(name: unknown): string | undefined {
  if (typeof name !== "string") return undefined;
  let safe = trimEnd(name.normalize("NFC").replace(UNSAFE, "_").trim());
  // note: never `.`, `..` or a hidden name (`.git`, `.ssh`, `.npmrc`): a leading run of dots becomes one `_`.
  safe = safe.replace(/^\.+/u, "_");
  if (safe === "") return undefined;
  if (RESERVED.test(safe)) safe = `_${safe}`;
  if (bytesOf(safe) > MAX_FILE_NAME_BYTES) {
    const extension = EXTENSION.exec(safe)?.[0] ?? "";
    const stem = trimEnd(cut(safe.slice(0, safe.length - extension.length), MAX_FILE_NAME_BYTES - bytesOf(extension)));
    safe = stem === "" ? trimEnd(cut(safe, MAX_FILE_NAME_BYTES)) : `${stem}${extension}`;
  }
  return safe;
}

/**
 * `stem` (already safe) cut so that `stem + suffix` fits in `max` UTF-8 bytes, then `suffix` whole: how a suffix
 * that tells names apart (` (42).zip`) survives a long name, where cutting after appending could drop it.
 */
export function fitFileName(stem: string, suffix: string, max = MAX_FILE_NAME_BYTES): string {
  return `${trimEnd(cut(stem, Math.max(0, max - bytesOf(suffix))))}${suffix}`;
}

/**
 * The one way a name a server sent (an artifact's `name`, a `Content-Disposition` file name, a URL's last segment)
 * becomes a file name: never `.`, `..`, empty, hidden (leading `.`), with a path separator, a control or bidi
 * character, a Windows reserved name or trailing dot or space, nor longer than 200 UTF-8 bytes (cut on a character
 * boundary, keeping the extension). What cannot be saved at all becomes `fallback`, which must itself be safe
 * (`InvalidInputError` otherwise), e.g. `artifact-42.zip`.
 */
export function safeFileName(name: unknown, fallback: string): string {
  if (sanitizeFileName(fallback) !== fallback) {
    throw new InvalidInputError("fallback", "must be a safe file name (as safeFileName would return it)");
  }
  return sanitizeFileName(name) ?? fallback;
}

/** What the bytes of an artifact are: a zip archive, or one file uploaded as it is (`archive: false`). */
export type ArtifactKind = "zip" | "file";

// note: the few types an unnamed single file is likeliest to have; anything else is saved without an extension.
const EXTENSIONS: Record<string, string> = {
  "application/gzip": ".gz",
  "application/json": ".json",
  "application/pdf": ".pdf",
  "application/x-gzip": ".gz",
  "application/x-tar": ".tar",
  "image/png": ".png",
  "image/svg+xml": ".svg",
  "text/csv": ".csv",
  "text/html": ".html",
  "text/markdown": ".md",
  "text/plain": ".txt",
};

/**
 * The file name to save an artifact's bytes under: its `name` made safe by `safeFileName`, with `.zip` added to a
 * zip whose name lacks it. A name that cannot be saved falls back to `artifact-ID` plus `.zip` for a zip, or the
 * extension of `contentType` for a single file.
 */
export function artifactFileName(
  artifact: { id: number; name?: unknown },
  kind: ArtifactKind,
  contentType?: string | null,
): string {
  const safe = sanitizeFileName(artifact.name);
  if (kind === "zip") {
    if (safe === undefined) return `artifact-${artifact.id}.zip`;
    return /\.zip$/iu.test(safe) ? safe : (sanitizeFileName(`${safe}.zip`) ?? `artifact-${artifact.id}.zip`);
  }
  if (safe !== undefined) return safe;
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return `artifact-${artifact.id}${EXTENSIONS[type] ?? ""}`;
}
