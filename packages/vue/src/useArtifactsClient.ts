import type { ArtifactsClient } from "@gh-artifacts/client";
import { hasInjectionContext, inject } from "vue";
import { artifactsClientKey } from "./artifactsClientKey.js";

const HOW =
  "Install the plugin, app.use(ArtifactsPlugin, { client: createArtifactsClient({ baseUrl }) }) beside " +
  "app.use(VueQueryPlugin), or call provideArtifactsClient(client) in an ancestor's setup().";

/**
 * The client given to `ArtifactsPlugin` or to the nearest `provideArtifactsClient`. Call it in `setup()` (or another
 * composable); throws when called elsewhere or when nothing provided a client.
 */
export function useArtifactsClient(): ArtifactsClient {
  // note: `inject` outside setup only warns and returns undefined; the error says what to do instead.
  if (!hasInjectionContext()) {
    throw new Error(`useArtifactsClient: called outside setup(); composables need a component's setup. ${HOW}`);
  }
  const client = inject(artifactsClientKey, null);
  if (!client) throw new Error(`useArtifactsClient: no artifacts client was provided. ${HOW}`);
  return client;
}
