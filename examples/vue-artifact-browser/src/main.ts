import { createArtifactsClient } from "@gh-artifacts/client";
import { ArtifactsPlugin } from "@gh-artifacts/vue";
import { QueryClient, VueQueryPlugin } from "@tanstack/vue-query";
import { createApp } from "vue";
import App from "./App.vue";
import { type AppConfig, loadConfig } from "./config.js";
import "./styles.css";

function start(config: AppConfig) {
  // note: no token: in `pnpm start` the app's own server holds it and adds it on the way to GitHub.
  const client = createArtifactsClient({ baseUrl: config.baseUrl });
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
  createApp(App, { config }).use(VueQueryPlugin, { queryClient }).use(ArtifactsPlugin, { client }).mount("#app");
}

loadConfig().then(start);
