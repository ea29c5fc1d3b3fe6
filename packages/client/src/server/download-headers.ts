import type { Redact } from "../redact.js";
import { type ArtifactKind, artifactFileName } from "../safe-file-name.js";
import { attachment, dispositionFileName } from "./content-disposition.js";

const ZIP_TYPES = new Set(["application/zip", "application/x-zip-compressed"]);

/**
 * What a storage answer holds, decided as GitHub's toolkit does: a zip when its type is a zip type or the storage
 * URL's path ends in `.zip`, else one file uploaded as it is (whose type is whatever the uploader's file had).
 */
export function artifactKind(contentType: string | null, storage: URL): ArtifactKind {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return ZIP_TYPES.has(type) || /\.zip$/i.test(storage.pathname) ? "zip" : "file";
}

/** The storage URL's last path segment, decoded (`undefined` when it does not decode). */
function lastSegment(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1));
  } catch {
    return undefined;
  }
}

/**
 * Sets on `headers` what a streamed download is answered with. The answer is never rendered on the handler's origin,
 * whatever the artifact holds (a single-file artifact may be an HTML page chosen by whoever ran the workflow):
 * `attachment` with a name made safe by `artifactFileName` (the storage answer's `Content-Disposition` file name,
 * else the storage URL's last segment, else `artifact-ID`), `application/zip` or `application/octet-stream` (never
 * the storage host's type), `nosniff` (set on every answer of the handler) and a sandboxing CSP.
 */
export function streamHeaders(headers: Headers, archive: Response, storage: URL, artifactId: number, redact: Redact) {
  const type = archive.headers.get("content-type");
  const kind = artifactKind(type, storage);
  const candidate = dispositionFileName(archive.headers.get("content-disposition")) ?? lastSegment(storage);
  let name = artifactFileName({ id: artifactId, name: candidate }, kind, type);
  if (redact(name) !== name) name = artifactFileName({ id: artifactId }, kind, type);
  headers.set("content-type", kind === "zip" ? "application/zip" : "application/octet-stream");
  headers.set("content-disposition", attachment(name));
  headers.set("content-security-policy", "sandbox; default-src 'none'");
  headers.set("cache-control", "private, no-store");
  const encoding = archive.headers.get("content-encoding");
  const length = archive.headers.get("content-length");
  // note: fetch has decoded a content-coding already, so its Content-Length (of the coded bytes) would be wrong.
  if ((!encoding || encoding === "identity") && length && /^\d+$/.test(length)) headers.set("content-length", length);
}
