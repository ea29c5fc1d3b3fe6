import type { ArtifactKind } from "./safe-file-name.js";

// note: the types GitHub's storage and actions/toolkit (2026) call a zip; browsers on Windows send the second.
const ZIP_TYPES = new Set(["application/zip", "application/x-zip-compressed"]);

/** The media type of a `Content-Type` value, lower-case and without parameters (`""` when there is none). */
export const mediaType = (contentType: string | null | undefined): string =>
  contentType?.split(";")[0]?.trim().toLowerCase() ?? "";

/**
 * What the headers alone say the bytes are, as actions/toolkit decides: a zip `Content-Type`, or a `.zip` path in the
 * storage URL, means a zip; `undefined` leaves it to the first bytes (`isZipSignature`).
 */
export function kindFromHeaders(contentType: string | null | undefined, url: URL): ArtifactKind | undefined {
  if (ZIP_TYPES.has(mediaType(contentType))) return "zip";
  return /\.zip$/i.test(url.pathname) ? "zip" : undefined;
}

/** Whether `head` starts as a zip does: a local file header (`PK\x03\x04`) or an empty zip's end record (`PK\x05\x06`). */
export function isZipSignature(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

// note: formats that are zips inside but are files to their users (a wheel, a jar, an office document): a single-file
// artifact of one starts with `PK\x03\x04` too, and must be saved as it is, not unpacked or renamed `.whl.zip`.
const ZIP_BASED =
  /\.(?:whl|jar|war|ear|aar|apk|aab|ipa|nupkg|snupkg|vsix|xpi|crx|epub|docx|xlsx|pptx|odt|ods|odp|kmz|3mf)$/i;

/**
 * What the first bytes say, when the headers did not: a zip signature means a zip, unless `name` ends in the
 * extension of a zip-based format (`.whl`, `.jar`, `.docx`, …), which is a single file.
 */
export function kindFromBytes(head: Uint8Array, name: string | undefined): ArtifactKind {
  return isZipSignature(head) && !(name !== undefined && ZIP_BASED.test(name)) ? "zip" : "file";
}

/** How many leading bytes `isZipSignature` reads. */
export const SIGNATURE_BYTES = 4;

/** The URL's last path segment, decoded (a storage blob's name), or `undefined` when there is none or it does not decode. */
export function lastPathSegment(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1)) || undefined;
  } catch {
    return undefined;
  }
}
