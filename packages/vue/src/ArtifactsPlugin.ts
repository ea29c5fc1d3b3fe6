import { type ArtifactsClient, InvalidInputError } from "@gh-artifacts/client";
import type { App, Plugin } from "vue";
import { artifactsClientKey } from "./artifactsClientKey.js";

/** Options of `ArtifactsPlugin`. */
export interface ArtifactsPluginOptions {
  /** The client every composable of the app uses, from `createArtifactsClient(…)`. Required. */
  client: ArtifactsClient;
}

/**
 * Makes `client` available to the composables of this package in the whole app: `app.use(ArtifactsPlugin, { client })`,
 * beside `app.use(VueQueryPlugin)`. For one subtree (or a client per request in SSR), `provideArtifactsClient`.
 * Throws `InvalidInputError` when `client` is missing.
 */
export const ArtifactsPlugin: Plugin<[ArtifactsPluginOptions]> = {
  install(app: App, options: ArtifactsPluginOptions) {
    const client = options?.client;
    if (!client || typeof client.listArtifactsForRepo !== "function") {
      throw new InvalidInputError("client", "must be a client from createArtifactsClient()");
    }
    app.provide(artifactsClientKey, client);
  },
};
