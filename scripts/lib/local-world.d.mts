/** The fields of the demo artifacts the tests look at (the full objects follow the spec's `artifact` schema). */
export interface DemoArtifact {
  id: number;
  name: string;
  size_in_bytes: number;
  expired: boolean;
  created_at: string;
  expires_at: string;
  digest?: string | null;
  workflow_run: { id: number; head_branch: string; head_sha: string };
}

/** What a local server received: method, path, and the lower-case header names (values are not kept). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: string[];
}

export declare const APP_DIST: string;
/** Where the app's server mounts the artifacts proxy (the app's `baseUrl`): `"/api/github"`. */
export declare const API_PREFIX: string;
/** The made-up token the proxy sends to the mock GitHub in mock mode. */
export declare const MOCK_TOKEN: string;
export declare const SCENARIOS: Record<string, { prefer?: string; description: string }>;
export declare const SPECIAL: { large: string; expired: string; protected: string };

export interface LocalWorldOptions {
  /** Talk to `liveBaseUrl` with `token` instead of starting the mock. Default: `false`. */
  live?: boolean;
  /** Live mode's token; it stays in this process (the proxy adds it), never in the page. */
  token?: string | undefined;
  /** Live mode's upstream API root. Default: `"https://api.github.com"`. */
  liveBaseUrl?: string | undefined;
  /** Live mode: let the page delete artifacts. Default: `false` (mock mode always allows them). */
  allowDelete?: boolean;
  /** Default: `"127.0.0.1"`. */
  host?: string;
  /** Ports; a free one each when unset. */
  appPort?: number | undefined;
  apiPort?: number | undefined;
  storagePort?: number | undefined;
  prismPort?: number | undefined;
  /** Paces storage downloads. Default: unpaced. */
  bytesPerSecond?: number;
  /** Delay of every mock API answer. Default: 0. */
  latencyMs?: number;
  /** The built app. Default: examples/artifact-browser/dist. */
  appDir?: string;
}

export interface LocalWorld {
  appUrl: string;
  /** The API the proxy forwards to: the mock GitHub (which takes any token), or GitHub in live mode. */
  apiUrl: string;
  /** The artifacts proxy on the app's server (`appUrl` + `API_PREFIX`): what the page talks to. */
  proxyUrl: string;
  storageUrl?: string;
  prismUrl?: string;
  prismPid?: number | undefined;
  artifacts?: DemoArtifact[];
  zipOf?(id: number): Uint8Array | undefined;
  /** What storage received; `authorization`: whether an `Authorization` header was sent. */
  storageRequests?: (RecordedRequest & { authorization: boolean })[];
  /**
   * What the mock GitHub received; `authorization`: `"token"` when it was `Bearer <MOCK_TOKEN>` (added by the
   * proxy), `"other"` for any other value, `"none"` without one; `at`: when it arrived (ms since the epoch).
   */
  apiRequests?: (RecordedRequest & { authorization: "token" | "other" | "none"; at: number })[];
  stop(): Promise<void>;
  kill(): void;
}

export declare function startLocalWorld(options?: LocalWorldOptions): Promise<LocalWorld>;
