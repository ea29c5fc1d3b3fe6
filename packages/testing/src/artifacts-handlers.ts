import { type HttpHandler, http } from "msw";
import type { ArtifactsWorld } from "./artifacts-world.js";
import {
  createArtifactsRequestHandler,
  DEFAULT_BASE_URL,
  DEFAULT_STORAGE_URL,
  type FakeGitHubOptions,
} from "./create-artifacts-fetch.js";

/**
 * MSW 2 request handlers for the five artifact operations and the two workflow-run listings under `baseUrl` and the storage host at `storageUrl`,
 * answered from `world`: `setupServer(...artifactsHandlers(world))` (msw/node) or `setupWorker(...)` (msw/browser).
 * One handler per operation, so a test can put its own in front with `server.use(…)`.
 */
export function artifactsHandlers(world: ArtifactsWorld, options: FakeGitHubOptions = {}): HttpHandler[] {
  const handle = createArtifactsRequestHandler(world, options);
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const storage = (options.storageUrl ?? DEFAULT_STORAGE_URL).replace(/\/+$/, "");
  const run = ({ request }: { request: Request }) => handle(request);
  const artifacts = `${base}/repos/:owner/:repo/actions/artifacts`;
  return [
    http.get(artifacts, run),
    http.get(`${artifacts}/:artifact_id`, run),
    http.delete(`${artifacts}/:artifact_id`, run),
    http.get(`${artifacts}/:artifact_id/:archive_format`, run),
    http.get(`${base}/repos/:owner/:repo/actions/runs/:run_id/artifacts`, run),
    http.get(`${base}/repos/:owner/:repo/actions/runs`, run),
    http.get(`${base}/repos/:owner/:repo/actions/workflows/:workflow_id/runs`, run),
    http.options(`${base}/repos/*`, run),
    http.all(`${storage}/*`, run),
  ];
}
