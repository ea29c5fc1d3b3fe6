import type { Artifact } from "@gh-artifacts/types";
import type { ArtifactSelector } from "./artifact-selector.js";
import { checkSelector, SELECTOR_KEYS } from "./check-selector.js";
import type { ArtifactsClient } from "./create-client.js";
import { selectArtifacts } from "./select-artifacts.js";

/** What `findArtifacts` looks for: a selector (`name` and `pattern` optional: without them, every artifact). */
export type FindArtifactsParams = ArtifactSelector;

/**
 * Every artifact of the newest run a selector names that matches it (`name` or `pattern` when given), newest first;
 * `[]` when there is none. Expired artifacts never count. Reads what `findLatestArtifact` reads (the artifact list,
 * or the workflow runs newest first when a run filter is given, only successful ones unless `status` says
 * otherwise), with the same bound: at most `maxRequests` requests (default 20), else `SelectionLimitError`. Bad input
 * rejects with `InvalidInputError` naming the field, before any request.
 */
export async function findArtifacts(gh: ArtifactsClient, params: FindArtifactsParams): Promise<Artifact[]> {
  const selection = checkSelector(params, SELECTOR_KEYS, "a findArtifacts option", false);
  return (await selectArtifacts(gh, selection)).artifacts;
}
