/**
 * What the server that hosts the app says about the API (`/config.json`, written by `pnpm start`). It never holds a
 * token: the app's own server adds it (the artifacts proxy at `baseUrl`), so nothing in the page can read it.
 */
export interface AppConfig {
  mode: "mock" | "live" | "default";
  /** The API root the client talks to: `/api/github` on the app's own server, or api.github.com without one. */
  baseUrl: string;
  /** The host the server forwards to, for the header (live mode). */
  upstream?: string;
  /** Whether the server lets the page delete artifacts (live mode needs an explicit opt-in). Default: `true`. */
  deletes?: boolean;
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
