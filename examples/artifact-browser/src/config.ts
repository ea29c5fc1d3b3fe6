/** What the server that hosts the app says about the API (`/config.json`, written by `pnpm start`). */
export interface AppConfig {
  mode: "mock" | "live" | "default";
  baseUrl: string;
  token?: string;
  /** Owners that show an error state in mock mode. */
  scenarios?: { owner: string; description: string }[];
}

/** Reads `config.json` next to the app; without one (e.g. `vite dev`) the app talks to api.github.com anonymously. */
export async function loadConfig(): Promise<AppConfig> {
  try {
    const response = await fetch("./config.json", { cache: "no-store" });
    if (response.ok) return (await response.json()) as AppConfig;
  } catch {
    // no config server: fall through
  }
  return { mode: "default", baseUrl: "https://api.github.com" };
}
