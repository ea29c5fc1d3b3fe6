/**
 * The file name a `Content-Disposition` header proposes (RFC 6266): `filename*` (RFC 8187, UTF-8 only) before
 * `filename`, or `undefined`. The result is still the server's string: it becomes a file name only through
 * `safeFileName`.
 */
export function dispositionFileName(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  let plain: string | undefined;
  let extended: string | undefined;
  // note: parameters are `name=token` or `name="quoted \" string"`, separated by `;`.
  const parameter = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (const [, rawName, quoted, token] of header.matchAll(parameter)) {
    const name = rawName?.toLowerCase();
    const value = quoted === undefined ? (token ?? "") : quoted.replace(/\\(.)/g, "$1");
    if (name === "filename*" && extended === undefined) extended = decodeExtended(value);
    else if (name === "filename" && plain === undefined) plain = value;
  }
  return extended ?? plain;
}

/** An RFC 8187 `UTF-8''percent-encoded` value, or `undefined` for another charset or a malformed one. */
function decodeExtended(value: string): string | undefined {
  const match = /^utf-8'[^']*'(.*)$/i.exec(value);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1] ?? "");
  } catch {
    return undefined;
  }
}
