import { type ArtifactsClient, InvalidInputError } from "@gh-artifacts/client";
import { provide } from "vue";
import { artifactsClientKey } from "./artifactsClientKey.js";

/**
 * Makes `client` available to the composables of this component's descendants (call it in `setup()`); it wins over
 * the one `ArtifactsPlugin` gave the app. Throws `InvalidInputError` when `client` is missing.
 */
export function provideArtifactsClient(client: ArtifactsClient): void {
  if (!client || typeof client.listArtifactsForRepo !== "function") {
    throw new InvalidInputError("client", "must be a client from createArtifactsClient()");
  }
  provide(artifactsClientKey, client);
}
