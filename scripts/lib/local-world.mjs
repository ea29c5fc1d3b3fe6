// Everything `pnpm start` serves, as one function the end-to-end tests call too:
// mock GitHub and its storage host (@gh-artifacts/testing: the demo repository, scenario owners) → checked by Prism
//     ↑ token added here                                                                          (spec/artifacts.yaml)
// the app's own server: the built app, /config.json, and the artifacts proxy at /api/github ← the page.
// The Vue example (examples/vue-artifact-browser), when built, gets a server of its own beside it, the same way.
// The page never holds a token: the proxy (`createArtifactsProxy`) adds it on the way out, and streams downloads
// (`download: "stream"`), so no browser request goes to storage and none depends on a CORS rule. All on loopback, on
// free ports unless given. `stop()` ends all of it. `startDemoApi` is the mock GitHub and storage alone, checked by
// a running Prism (the contract tests use it).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  addDemoRepository,
  createArtifactsWorld,
  DEMO_ARTIFACT_COUNT,
  DEMO_SPECIAL,
  storagePathOf,
} from "@gh-artifacts/testing";
import { startMockGitHub } from "./mock-github.mjs";
import { startPrism } from "./prism.mjs";
import { startStaticServer } from "./static-server.mjs";

/** The demo artifacts with something special about them (their names; see addDemoRepository). */
export const SPECIAL = DEMO_SPECIAL;

/**
 * Owners that show an error state instead of data (any repo name), each a behaviour of the world for `OWNER/*`.
 * Printed by `pnpm start`, listed in the README.
 */
export const SCENARIOS = {
  "not-found": {
    description: "404 Not Found (a missing repo, or a private one the token cannot see)",
    behaviours: { error: { status: 404 } },
  },
  unauthorized: { description: "401 Bad credentials", behaviours: { error: { status: 401 } } },
  forbidden: { description: "403 the token lacks a permission", behaviours: { error: { status: 403 } } },
  "rate-limited": {
    description: "403 rate limit: x-ratelimit-remaining 0, resets in 15 minutes",
    behaviours: { rateLimit: { remaining: 0, windowMs: 15 * 60 * 1000 } },
  },
  empty: { description: "a repository without artifacts", empty: true },
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const APP = path.join(root, "examples", "artifact-browser");
export const APP_DIST = path.join(APP, "dist");
/** The Vue example's build: served on a port of its own beside the React app's, with its own proxy. */
export const VUE_APP_DIST = path.join(root, "examples", "vue-artifact-browser", "dist");
/** Where the app's server mounts the proxy; the app's `baseUrl`. */
export const API_PREFIX = "/api/github";
/** The made-up token of mock mode: the proxy sends it, so the mock's requests look like real ones. */
export const MOCK_TOKEN = "mock-token";
export { DEMO_ARTIFACT_COUNT };

/**
 * The proxy and its Node adapter, from the client the app depends on (its build: `pnpm start` and the tests build
 * it first). note: resolved from the app's folder, as the app's server is part of the app.
 */
async function loadProxy() {
  const require = createRequire(path.join(APP, "package.json"));
  const load = (entry) => import(pathToFileURL(require.resolve(`@gh-artifacts/client/${entry}`)).href);
  const [{ createArtifactsProxy }, { toNodeListener }] = await Promise.all([load("server"), load("node")]);
  return { createArtifactsProxy, toNodeListener };
}

/**
 * The demo world: every owner/repo is the demo repository (dated from the real clock), the scenario owners behave
 * as `SCENARIOS` says, and `bytesPerSecond` and `latencyMs` pace storage and the API.
 */
function demoWorld({ bytesPerSecond, latencyMs }) {
  const world = createArtifactsWorld({
    now: Date.now,
    // note: any token is accepted, as the demo's callers bring their own; the mock's log tells the proxy's apart.
    behaviours: { latencyMs: latencyMs ?? 0, storage: bytesPerSecond ? { bytesPerSecond } : {} },
  });
  world.addRepository({ owner: "*", name: "*" });
  addDemoRepository(world, { repo: "*/*" });
  for (const [owner, scenario] of Object.entries(SCENARIOS)) {
    world.addRepository({ owner, name: "*" });
    if (scenario.behaviours) world.behave(scenario.behaviours, { repo: `${owner}/*` });
  }
  return world;
}

/**
 * The mock GitHub and its storage host with the demo repository; every API request is also checked by the Prism
 * at `prismUrl` (which must mock the spec). `stop()` ends both (not Prism).
 * @param {{ prismUrl: string, host?: string, apiPort?: number, storagePort?: number, bytesPerSecond?: number,
 *   latencyMs?: number, token?: string }} options
 */
export async function startDemoApi({ prismUrl, host = "127.0.0.1", ...options }) {
  const world = demoWorld(options);
  const api = await startMockGitHub({
    prismUrl,
    world,
    host,
    port: options.apiPort,
    storagePort: options.storagePort,
    token: options.token,
  });
  const artifacts = world
    .artifacts("*/*")
    .map((artifact) => world.toJSON(artifact, { baseUrl: api.url, repo: "octo-org/octo-docs" }));
  return {
    world,
    apiUrl: api.url,
    storageUrl: api.storageUrl,
    artifacts,
    bytesOf: (id) => world.artifact(id)?.bytes,
    typeOf: (id) => world.artifact(id)?.contentType,
    storagePathOf: (id) => {
      const artifact = world.artifact(id);
      return artifact ? storagePathOf(artifact) : undefined;
    },
    storageRequests: api.storageRequests,
    apiRequests: api.requests,
    apiViolations: api.violations,
    stop: api.stop,
  };
}

/**
 * @param {{ live?: boolean, token?: string, liveBaseUrl?: string, allowDelete?: boolean, host?: string,
 *   appPort?: number, apiPort?: number, storagePort?: number, prismPort?: number, bytesPerSecond?: number,
 *   latencyMs?: number, appDir?: string }} options
 */
export async function startLocalWorld(options = {}) {
  const { live = false, host = "127.0.0.1", appDir = APP_DIST } = options;
  if (!existsSync(path.join(appDir, "index.html"))) {
    throw new Error(`The app is not built (${appDir}): run \`pnpm build\` first.`);
  }
  const { createArtifactsProxy, toNodeListener } = await loadProxy();
  const started = [];
  const stop = async () => {
    for (const server of started.splice(0).reverse()) await server.stop();
  };
  // note: `false`, or a folder without a build, serves no Vue app (the React app's tests need none).
  const vueAppDir = options.vueAppDir === false ? undefined : (options.vueAppDir ?? VUE_APP_DIST);
  const servesVue = vueAppDir !== undefined && existsSync(path.join(vueAppDir, "index.html"));
  /** The app's server (the React app's, or `dir`), with the proxy in front of `upstream` holding `token`. */
  const startApp = (config, proxyOptions, dir = appDir, port = options.appPort) =>
    startStaticServer({
      dir,
      config,
      host,
      port,
      api: {
        prefix: API_PREFIX,
        // note: "stream": the proxy fetches the archive (or single file) and passes it through, so the page's
        // download, with its progress bar, never asks the storage host anything: no CORS rule is needed there.
        listener: toNodeListener(
          createArtifactsProxy({
            pathPrefix: API_PREFIX,
            download: "stream",
            // note: the names this server is reached by, and no other: a page on another name that resolves here
            // (DNS rebinding) is refused before anything goes upstream.
            allowedHosts: [host, "localhost"],
            ...proxyOptions,
          }),
        ),
      },
    });
  try {
    if (live) {
      if (!options.token) throw new Error("--live needs GITHUB_TOKEN");
      const upstream = options.liveBaseUrl ?? "https://api.github.com";
      const allowDelete = options.allowDelete === true;
      const config = { mode: "live", baseUrl: API_PREFIX, upstream: new URL(upstream).host, deletes: allowDelete };
      const proxyOptions = {
        token: options.token,
        baseUrl: upstream,
        // note: a live token can delete for real, so the page may delete only when whoever started the server
        // said so (`--allow-delete`); the four reads are always allowed.
        authorize: ({ operationId }) => operationId !== "actions/delete-artifact" || allowDelete,
      };
      const app = await startApp(config, proxyOptions);
      started.push(app);
      const vueApp = servesVue ? await startApp(config, proxyOptions, vueAppDir, options.vueAppPort) : undefined;
      if (vueApp) started.push(vueApp);
      return {
        appUrl: app.url,
        vueAppUrl: vueApp?.url,
        apiUrl: upstream,
        proxyUrl: `${app.url}${API_PREFIX}`,
        stop,
        kill() {},
      };
    }
    const prism = await startPrism({ host, port: options.prismPort });
    started.push(prism);
    const api = await startDemoApi({
      prismUrl: prism.url,
      host,
      apiPort: options.apiPort,
      storagePort: options.storagePort,
      bytesPerSecond: options.bytesPerSecond,
      latencyMs: options.latencyMs,
      token: MOCK_TOKEN,
    });
    started.push(api);
    const scenarios = Object.entries(SCENARIOS).map(([owner, s]) => ({ owner, description: s.description }));
    const config = { mode: "mock", baseUrl: API_PREFIX, scenarios, special: SPECIAL, deletes: true };
    const proxyOptions = {
      token: MOCK_TOKEN,
      baseUrl: api.apiUrl,
      // note: the proxy refuses deletes unless `authorize` allows them. Here everyone may: the only user is whoever
      // runs the demo on loopback, and the data is made up. The mock itself still refuses `protected-release` (403),
      // as GitHub would refuse a token without the permission.
      authorize: () => true,
    };
    const app = await startApp(config, proxyOptions);
    started.push(app);
    const vueApp = servesVue ? await startApp(config, proxyOptions, vueAppDir, options.vueAppPort) : undefined;
    if (vueApp) started.push(vueApp);
    return {
      appUrl: app.url,
      vueAppUrl: vueApp?.url,
      apiUrl: api.apiUrl,
      proxyUrl: `${app.url}${API_PREFIX}`,
      storageUrl: api.storageUrl,
      prismUrl: prism.url,
      prismPid: prism.pid,
      artifacts: api.artifacts,
      bytesOf: api.bytesOf,
      typeOf: api.typeOf,
      storagePathOf: api.storagePathOf,
      // note: the older name of `bytesOf`, kept for its callers.
      zipOf: api.bytesOf,
      storageRequests: api.storageRequests,
      apiRequests: api.apiRequests,
      stop,
      /** Synchronous last resort for `process.on("exit")`: kills Prism, the only child process. */
      kill: () => prism.kill(),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
