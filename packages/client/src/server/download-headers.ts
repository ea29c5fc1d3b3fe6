import { kindFromHeaders, lastPathSegment } from "../artifact-kind.js";
import { attachment, dispositionFileName } from "../content-disposition.js";
import type { Redact } from "../redact.js";
import { artifactFileName } from "../safe-file-name.js";

/**
 * Sets on `headers` what a streamed download is answered with. The answer is never rendered on the handler's origin,
 * whatever the artifact holds (a single-file artifact may be an HTML page chosen by whoever ran the workflow):
 * `attachment` with a name made safe by `artifactFileName` (the storage answer's `Content-Disposition` file name,
 * else the storage URL's last segment, else `artifact-ID`), `application/zip` or `application/octet-stream` (never
 * the storage host's type), `nosniff` (set on every answer of the handler) and a sandboxing CSP.
 */
export function streamHeaders(headers: Headers, archive: Response, storage: URL, artifactId: number, redact: Redact) {
  const type = archive.headers.get("content-type");
  // note: decided as GitHub's toolkit does, from the headers only: the proxy does not read the bytes ahead.
  const kind = kindFromHeaders(type, storage) ?? "file";
  const candidate = dispositionFileName(archive.headers.get("content-disposition")) ?? lastPathSegment(storage);
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
