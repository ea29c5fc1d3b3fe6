// Everything `pnpm start` serves, as one function the end-to-end tests call too:
// Prism (spec/artifacts.yaml) ← mock GitHub (state, scenarios) → storage server (real zips)
//                                   ↑ token added here
// the app's own server: the built app, /config.json, and the artifacts proxy at /api/github ← the page.
// The page never holds a token: the proxy (`createArtifactsProxy`) adds it on the way out. All on loopback, on free
// ports unless given. `stop()` ends all of it.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { makeDemoArtifacts, SPECIAL } from "./demo-fixtures.mjs";
import { SCENARIOS, startMockGitHub } from "./mock-github.mjs";
import { startPrism } from "./prism.mjs";
import { startStaticServer } from "./static-server.mjs";
import { startStorageServer } from "./storage-server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const APP = path.join(root, "examples", "artifact-browser");
export const APP_DIST = path.join(APP, "dist");
/** Where the app's server mounts the proxy; the app's `baseUrl`. */
export const API_PREFIX = "/api/github";
/** The made-up token of mock mode: the proxy sends it, so the mock's requests look like real ones. */
export const MOCK_TOKEN = "mock-token";
export { SCENARIOS, SPECIAL };

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
  /** The app's server, with the proxy in front of `upstream` holding `token`. */
  const startApp = (config, proxyOptions) =>
    startStaticServer({
      dir: appDir,
      config,
      host,
      port: options.appPort,
      api: {
        prefix: API_PREFIX,
        listener: toNodeListener(createArtifactsProxy({ pathPrefix: API_PREFIX, ...proxyOptions })),
      },
    });
  try {
    if (live) {
      if (!options.token) throw new Error("--live needs GITHUB_TOKEN");
      const upstream = options.liveBaseUrl ?? "https://api.github.com";
      const allowDelete = options.allowDelete === true;
      const config = { mode: "live", baseUrl: API_PREFIX, upstream: new URL(upstream).host, deletes: allowDelete };
      const app = await startApp(config, {
        token: options.token,
        baseUrl: upstream,
        // note: a live token can delete for real, so the page may delete only when whoever started the server
        // said so (`--allow-delete`); the four reads are always allowed.
        authorize: ({ operationId }) => operationId !== "actions/delete-artifact" || allowDelete,
      });
      started.push(app);
      return { appUrl: app.url, apiUrl: upstream, proxyUrl: `${app.url}${API_PREFIX}`, stop, kill() {} };
    }
    const prism = await startPrism({ host, port: options.prismPort });
    started.push(prism);
    // The spec's own example artifact is the template of the demo repository.
    const example = await fetch(`${prism.url}/repos/octo-org/octo-docs/actions/artifacts`).then((r) => r.json());
    const items = makeDemoArtifacts(example.artifacts[0]);
    const storage = await startStorageServer({
      files: new Map(items.map(({ artifact, zip }) => [artifact.id, zip])),
      host,
      port: options.storagePort,
      bytesPerSecond: options.bytesPerSecond,
    });
    started.push(storage);
    const api = await startMockGitHub({
      prismUrl: prism.url,
      storage,
      artifacts: items.map((i) => i.artifact),
      host,
      port: options.apiPort,
      latencyMs: options.latencyMs,
      token: MOCK_TOKEN,
    });
    started.push(api);
    const scenarios = Object.entries(SCENARIOS).map(([owner, s]) => ({ owner, description: s.description }));
    const config = { mode: "mock", baseUrl: API_PREFIX, scenarios, special: SPECIAL, deletes: true };
    const app = await startApp(config, {
      token: MOCK_TOKEN,
      baseUrl: api.url,
      // note: the proxy refuses deletes unless `authorize` allows them. Here everyone may: the only user is whoever
      // runs the demo on loopback, and the data is made up. The mock itself still refuses `protected-release` (403),
      // as GitHub would refuse a token without the permission.
      authorize: () => true,
    });
    started.push(app);
    return {
      appUrl: app.url,
      apiUrl: api.url,
      proxyUrl: `${app.url}${API_PREFIX}`,
      storageUrl: storage.url,
      prismUrl: prism.url,
      prismPid: prism.pid,
      artifacts: items.map((i) => i.artifact),
      /** The bytes storage serves for an artifact id. */
      zipOf: (id) => items.find((i) => i.artifact.id === id)?.zip,
      storageRequests: storage.requests,
      apiRequests: api.requests,
      stop,
      /** Synchronous last resort for `process.on("exit")`: kills Prism, the only child process. */
      kill: () => prism.kill(),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
