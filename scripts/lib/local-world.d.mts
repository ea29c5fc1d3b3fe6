/** The fields of the demo artifacts the tests look at (the full objects follow the spec's `artifact` schema). */
export interface DemoArtifact {
  id: number;
  name: string;
  size_in_bytes: number;
  expired: boolean;
  digest?: string | null;
}

export declare const APP_DIST: string;
export declare const SCENARIOS: Record<string, { prefer?: string; description: string }>;
export declare const SPECIAL: { large: string; expired: string; protected: string };

export interface LocalWorldOptions {
  /** Talk to api.github.com with `token` instead of starting the mock. Default: `false`. */
  live?: boolean;
  token?: string | undefined;
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
  apiUrl: string;
  storageUrl?: string;
  prismUrl?: string;
  prismPid?: number | undefined;
  artifacts?: DemoArtifact[];
  zipOf?(id: number): Uint8Array | undefined;
  /** What storage received: method, path, whether `Authorization` was sent, and the lower-case header names. */
  storageRequests?: { method: string; path: string; authorization: boolean; headers: string[] }[];
  stop(): Promise<void>;
  kill(): void;
}

export declare function startLocalWorld(options?: LocalWorldOptions): Promise<LocalWorld>;
