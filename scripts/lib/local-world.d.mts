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
/** The Vue example's build (examples/vue-artifact-browser/dist). */
export declare const VUE_APP_DIST: string;
/** Where the app's server mounts the artifacts proxy (the app's `baseUrl`): `"/api/github"`. */
export declare const API_PREFIX: string;
/** The made-up token the proxy sends to the mock GitHub in mock mode. */
export declare const MOCK_TOKEN: string;
/** Owners that show an error state (any repo name): the world's behaviours for `OWNER/*`. */
export declare const SCENARIOS: Record<
  string,
  { description: string; behaviours?: import("@gh-artifacts/testing").BehaviourChanges; empty?: boolean }
>;
/** The demo artifacts with something special about them (their names; see demo-fixtures.mjs). */
export declare const SPECIAL: {
  large: string;
  expired: string;
  protected: string;
  /** Single files (`archive: false`), each served with its own type: a wheel, an HTML report, a PDF. */
  wheel: string;
  report: string;
  manual: string;
  /** A zip named `.git`. */
  hidden: string;
};
/** How many artifacts the demo repository has (49). */
export declare const DEMO_ARTIFACT_COUNT: number;

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
  /**
   * The built Vue app, served on a port of its own (with its own proxy) beside the app; `false` serves none.
   * Default: examples/vue-artifact-browser/dist when it is built, else none.
   */
  vueAppDir?: string | false;
  /** The Vue app's port; a free one when unset. */
  vueAppPort?: number | undefined;
}

export interface LocalWorld {
  appUrl: string;
  /** The Vue app's server (same config and proxy as the app's), when one is served. */
  vueAppUrl?: string | undefined;
  /** The API the proxy forwards to: the mock GitHub (which takes any token), or GitHub in live mode. */
  apiUrl: string;
  /** The artifacts proxy on the app's server (`appUrl` + `API_PREFIX`): what the page talks to. */
  proxyUrl: string;
  storageUrl?: string;
  prismUrl?: string;
  prismPid?: number | undefined;
  artifacts?: DemoArtifact[];
  /** The bytes storage serves for an artifact id: a zip, or a single file as it was uploaded. */
  bytesOf?(id: number): Uint8Array | undefined;
  /** The `Content-Type` storage serves an artifact with (`text/html; charset=utf-8` for the report, …). */
  typeOf?(id: number): string | undefined;
  /** Where storage serves an artifact: `/artifacts/ID.zip`, or `/artifacts/ID/NAME` for a single file. */
  storagePathOf?(id: number): string | undefined;
  /** @deprecated the older name of `bytesOf`. */
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

export interface DemoApiOptions {
  /** A running Prism that mocks spec/artifacts.yaml: every API request is also sent to it, to check it. */
  prismUrl: string;
  /** Default: `"127.0.0.1"`. */
  host?: string;
  apiPort?: number | undefined;
  storagePort?: number | undefined;
  /** Paces storage downloads. Default: unpaced. */
  bytesPerSecond?: number;
  /** Delay of every mock API answer. Default: 0. */
  latencyMs?: number;
  /** The token the mock tells apart in `apiRequests` (any is accepted). Default: none. */
  token?: string;
}

/** The mock GitHub and the storage server of the demo repository, without Prism or the app. */
export interface DemoApi {
  /** The world behind them (@gh-artifacts/testing): change it, or its behaviours, from a test. */
  world: import("@gh-artifacts/testing").ArtifactsWorld;
  apiUrl: string;
  storageUrl: string;
  artifacts: DemoArtifact[];
  bytesOf(id: number): Uint8Array | undefined;
  typeOf(id: number): string | undefined;
  storagePathOf(id: number): string | undefined;
  storageRequests: (RecordedRequest & { authorization: boolean })[];
  apiRequests: (RecordedRequest & { authorization: "token" | "other" | "none"; at: number })[];
  /**
   * Prism's `sl-violations` of the API requests (each is also sent to Prism with the status the world answered), or
   * a status the spec does not declare there: any entry means a request or an answer broke the spec.
   */
  apiViolations: string[];
  /** Stops the mock and storage (not Prism). */
  stop(): Promise<void>;
}

export declare function startDemoApi(options: DemoApiOptions): Promise<DemoApi>;
