import type { WorldArtifact } from "./artifacts-world.js";
import { sha256Hex } from "./sha256.js";

/** The path storage serves an artifact at: `/artifacts/ID.zip`, or `/artifacts/ID/NAME` for a single file. */
export function storagePathOf(artifact: Pick<WorldArtifact, "id" | "kind" | "name">): string {
  return artifact.kind === "zip"
    ? `/artifacts/${artifact.id}.zip`
    : `/artifacts/${artifact.id}/${encodeURIComponent(artifact.name)}`;
}

const signature = (secret: string, path: string, expires: string) =>
  sha256Hex(new TextEncoder().encode(`${secret}\n${path}\n${expires}`)).slice(0, 43);

/** A signed URL under `root` (no trailing slash) valid until `expiresAt`, like a blob store's SAS URL. */
export function signedUrl(root: string, path: string, expiresAt: number, secret: string): string {
  const se = new Date(expiresAt).toISOString();
  const query = new URLSearchParams({ sv: "2025-01-05", se, sp: "r", sig: signature(secret, path, se) });
  return `${root}${path}?${query}`;
}

/** Why a signed URL is refused, or `undefined` when it is valid at `now`. */
export function signatureProblem(
  path: string,
  query: URLSearchParams,
  now: number,
  secret: string,
): string | undefined {
  const se = query.get("se");
  const sig = query.get("sig");
  if (!se || !sig || sig !== signature(secret, path, se)) {
    return "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.";
  }
  if (now > Date.parse(se)) return "Signed expiry time has to be after signed start time: the URL has expired.";
  return undefined;
}
