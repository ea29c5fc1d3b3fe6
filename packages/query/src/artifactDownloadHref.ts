import { type ArtifactRef, type ArtifactsClient, InvalidInputError } from "@gh-artifacts/client";

// note: a segment the URL parser would resolve away (`.`, `..`: encodeURIComponent leaves dots alone) would point
// the link at another route; anything else is encoded, and the login rules are the proxy's to apply (it answers
// 422 before anything goes to GitHub).
const segment = (field: string, value: unknown) => {
  if (typeof value !== "string" || /^\.{0,2}$/.test(value)) {
    throw new InvalidInputError(field, 'must be a non-empty string other than "." and ".."');
  }
  return encodeURIComponent(value);
};

/**
 * The download URL of an artifact on the client's API root, `{baseUrl}/repos/{owner}/{repo}/actions/artifacts/{id}/zip`:
 * behind a proxy, the proxy's own URL (answered with a 302 to storage, or the bytes themselves).
 * note: `client.baseUrl` is absolute (a relative root was resolved against the page), so the link needs no base.
 */
export function artifactDownloadHref(client: ArtifactsClient, { owner, repo, artifact_id }: ArtifactRef): string {
  if (!Number.isSafeInteger(artifact_id) || artifact_id < 1) {
    throw new InvalidInputError("artifact_id", "must be an integer >= 1");
  }
  return `${client.baseUrl}/repos/${segment("owner", owner)}/${segment("repo", repo)}/actions/artifacts/${artifact_id}/zip`;
}
