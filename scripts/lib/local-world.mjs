// Everything `pnpm start` serves, as one function the end-to-end tests call too:
// Prism (spec/artifacts.yaml) ← mock GitHub (state, CORS, scenarios) → storage server (real zips) ← the app.
// All on loopback, on free ports unless given. `stop()` ends all of it.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeDemoArtifacts, SPECIAL } from "./demo-fixtures.mjs";
import { SCENARIOS, startMockGitHub } from "./mock-github.mjs";
import { startPrism } from "./prism.mjs";
import { startStaticServer } from "./static-server.mjs";
import { startStorageServer } from "./storage-server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const APP_DIST = path.join(root, "examples", "artifact-browser", "dist");
export { SCENARIOS, SPECIAL };

/**
 * @param {{ live?: boolean, token?: string, host?: string, appPort?: number, apiPort?: number,
 *   storagePort?: number, prismPort?: number, bytesPerSecond?: number, latencyMs?: number, appDir?: string }} options
 */
export async function startLocalWorld(options = {}) {
  const { live = false, host = "127.0.0.1", appDir = APP_DIST } = options;
  if (!existsSync(path.join(appDir, "index.html"))) {
    throw new Error(`The app is not built (${appDir}): run \`pnpm build\` first.`);
  }
  const started = [];
  const stop = async () => {
    for (const server of started.splice(0).reverse()) await server.stop();
  };
  try {
    if (live) {
      if (!options.token) throw new Error("--live needs GITHUB_TOKEN");
      const config = { mode: "live", baseUrl: "https://api.github.com", token: options.token };
      const app = await startStaticServer({ dir: appDir, config, host, port: options.appPort });
      started.push(app);
      return { appUrl: app.url, apiUrl: config.baseUrl, stop, kill() {} };
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
    });
    started.push(api);
    const scenarios = Object.entries(SCENARIOS).map(([owner, s]) => ({ owner, description: s.description }));
    // note: a made-up token, so requests carry `Authorization` like real ones (and storage can prove it never sees it).
    const config = { mode: "mock", baseUrl: api.url, token: "mock-token", scenarios, special: SPECIAL };
    const app = await startStaticServer({ dir: appDir, config, host, port: options.appPort });
    started.push(app);
    return {
      appUrl: app.url,
      apiUrl: api.url,
      storageUrl: storage.url,
      prismUrl: prism.url,
      prismPid: prism.pid,
      artifacts: items.map((i) => i.artifact),
      /** The bytes storage serves for an artifact id. */
      zipOf: (id) => items.find((i) => i.artifact.id === id)?.zip,
      storageRequests: storage.requests,
      stop,
      /** Synchronous last resort for `process.on("exit")`: kills Prism, the only child process. */
      kill: () => prism.kill(),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
