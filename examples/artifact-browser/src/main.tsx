import { createArtifactsClient } from "@gh-artifacts/client";
import { ArtifactsClientProvider } from "@gh-artifacts/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.js";
import { type AppConfig, loadConfig } from "./config.js";
import "./styles.css";

function start(config: AppConfig) {
  // note: no token: in `pnpm start` the app's own server holds it and adds it on the way to GitHub.
  const client = createArtifactsClient({ baseUrl: config.baseUrl });
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } });
  createRoot(document.getElementById("root") as HTMLElement).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ArtifactsClientProvider client={client}>
          <App config={config} />
        </ArtifactsClientProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

loadConfig().then(start);
