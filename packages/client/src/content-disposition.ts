// note: a parameter and its value: a quoted string (backslash escapes) or a token; a value that breaks the grammar
// ends at the next ";", so a hostile header yields at worst a strange name, which `safeFileName` then makes safe.
const PARAM = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\[\s\S])*)"|([^;]*))/g;
// note: RFC 8187's `charset'language'value-chars`.
const EXTENDED = /^([A-Za-z0-9!#$%&+^_`{}~-]+)'[^']*'(.*)$/s;
/** What a quoted `filename` may hold as it is: printable ASCII but `"`, `\` and `%` (which some browsers decode). */
const PLAIN = /^[\x20-\x7e]*$/;
const NOT_PLAIN = /[^\x20-\x7e]|["\\%]/gu;

/** Percent-decoded bytes read in `charset` (UTF-8 or ISO-8859-1), or `undefined`. */
function decodeExtended(value: string): string | undefined {
  const parts = EXTENDED.exec(value.trim());
  const charset = parts?.[1]?.toLowerCase();
  if (!parts || (charset !== "utf-8" && charset !== "iso-8859-1")) return undefined;
  const bytes: number[] = [];
  const text = parts[2] as string;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "%") {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      const code = text.charCodeAt(i);
      if (code > 0x7e || code < 0x21) return undefined;
      bytes.push(code);
    }
  }
  try {
    return new TextDecoder(charset, { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

/** A `filename` value as a browser reads it: header bytes arrive as Latin-1 characters; UTF-8 among them is decoded. */
function decodePlain(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[\u0100-\uffff]/.test(value)) return value;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(value, (c) => c.charCodeAt(0)));
  } catch {
    return value;
  }
}

/**
 * The file name a `Content-Disposition` value gives, as the server sent it (`filename*` before `filename`), or
 * `undefined` when it gives none. Never a file name as it is: pass it through `safeFileName`.
 */
export function dispositionFileName(value: string | null): string | undefined {
  if (!value) return undefined;
  let extended: string | undefined;
  let plain: string | undefined;
  for (const [, name = "", quoted, token] of value.matchAll(PARAM)) {
    const key = name.toLowerCase();
    if (key === "filename*" && extended === undefined) extended = decodeExtended(quoted ?? token ?? "") ?? "";
    if (key === "filename" && plain === undefined) {
      plain = decodePlain(quoted === undefined ? (token ?? "").trim() : quoted.replace(/\\([\s\S])/g, "$1"));
    }
  }
  return extended || plain || undefined;
}

/**
 * `attachment` with `name` (already made safe by `safeFileName`): a quoted ASCII `filename` (anything else, `"`, `\`
 * and `%` replaced with `_`), plus RFC 6266's `filename*=UTF-8''…` with the exact name when that differs.
 */
export function attachment(name: string): string {
  if (PLAIN.test(name) && !/["\\%]/.test(name)) return `attachment; filename="${name}"`;
  const ascii = name.replace(NOT_PLAIN, "_");
  let encoded: string;
  try {
    // note: `'`, `(`, `)` and `*` are no attr-char of RFC 8187, though encodeURIComponent keeps them.
    encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return `attachment; filename="${ascii}"`;
  }
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
