// A tour of every operation to every status the spec declares for it, against a world built by `tourWorld()`.
// The conformance test runs it over each transport (the request handler, MSW, node:http) and checks each answer.
import { type ArtifactsWorld, createArtifactsWorld } from "../src/index.js";

export const TOKEN = "ghp_alice0000000000000000000000000000000";
const REPO = "/repos/octo/hello/actions";

/** A world with a repository of five artifacts (one expired, one protected) and a private repository. */
export function tourWorld(): ArtifactsWorld {
  const world = createArtifactsWorld({ tokens: { alice: TOKEN } });
  for (const name of ["build", "logs", "build", "report.html", "sbom"]) {
    world.addArtifact({
      repo: "octo/hello",
      name,
      kind: name.endsWith(".html") ? "file" : "zip",
      bytes: name.endsWith(".html") ? new TextEncoder().encode("<p>hi</p>") : undefined,
      contentType: name.endsWith(".html") ? "text/html" : undefined,
      runId: 77,
    });
  }
  world.addWorkflowRun({ repo: "octo/hello", id: 80, workflow: "release.yml", event: "workflow_dispatch" });
  world.addWorkflowRun({ repo: "octo/hello", id: 81, status: "in_progress", branch: "feature", pullRequests: [7] });
  world.addArtifact({ repo: "octo/hello", name: "old", id: 50, expired: true, branch: null, digest: null });
  world.addArtifact({ repo: "octo/hello", name: "keep", id: 51, deletable: false });
  world.addRepository({ owner: "octo", name: "secret", private: true });
  world.addArtifact({ repo: "octo/secret", name: "hidden", id: 60 });
  return world;
}

export interface TourStep {
  name: string;
  method: "GET" | "DELETE";
  path: string;
  /** Default: the world's token. `null`: none. */
  token?: string | null;
  headers?: Record<string, string>;
  /** Changes the world before the request; returns the undo. */
  setup?: (world: ArtifactsWorld) => () => void;
  status: number;
}

/** The steps, in order (a DELETE changes what later steps see). */
export function tourSteps(): TourStep[] {
  const wrongToken = "ghp_wrong0000000000000000000000000000000";
  const steps: TourStep[] = [
    { name: "list, first page", method: "GET", path: `${REPO}/artifacts?per_page=2`, status: 200 },
    {
      name: "list again, with the ETag it had",
      method: "GET",
      path: `${REPO}/artifacts?per_page=2`,
      headers: { "if-none-match": "FROM_FIRST" },
      status: 304,
    },
    { name: "list, last page", method: "GET", path: `${REPO}/artifacts?per_page=2&page=4`, status: 200 },
    { name: "list by name", method: "GET", path: `${REPO}/artifacts?name=build`, status: 200 },
    { name: "list anonymously (public)", method: "GET", path: `${REPO}/artifacts`, token: null, status: 200 },
    { name: "run's list", method: "GET", path: `${REPO}/runs/77/artifacts?direction=asc`, status: 200 },
    { name: "unknown run's list", method: "GET", path: `${REPO}/runs/999/artifacts`, status: 200 },
    { name: "get", method: "GET", path: `${REPO}/artifacts/1`, status: 200 },
    { name: "get without a run or digest", method: "GET", path: `${REPO}/artifacts/50`, status: 200 },
    { name: "download", method: "GET", path: `${REPO}/artifacts/1/zip`, status: 302 },
    { name: "download a single file", method: "GET", path: `${REPO}/artifacts/4/zip`, status: 302 },
    { name: "download expired", method: "GET", path: `${REPO}/artifacts/50/zip`, status: 410 },
    { name: "delete", method: "DELETE", path: `${REPO}/artifacts/2`, status: 204 },
    { name: "delete again", method: "DELETE", path: `${REPO}/artifacts/2`, status: 404 },
    { name: "get deleted", method: "GET", path: `${REPO}/artifacts/2`, status: 404 },
    { name: "delete protected", method: "DELETE", path: `${REPO}/artifacts/51`, status: 403 },
    { name: "delete anonymously", method: "DELETE", path: `${REPO}/artifacts/3`, token: null, status: 401 },
    { name: "repo's runs, first page", method: "GET", path: `${REPO}/runs?per_page=2`, status: 200 },
    { name: "repo's runs, last page", method: "GET", path: `${REPO}/runs?per_page=2&page=2`, status: 200 },
    { name: "repo's runs, anonymously", method: "GET", path: `${REPO}/runs`, token: null, status: 200 },
    {
      name: "repo's runs, filtered",
      method: "GET",
      path: `${REPO}/runs?branch=main&event=push&status=success&exclude_pull_requests=true&created=>=2026-01-01`,
      status: 200,
    },
    { name: "workflow's runs by file", method: "GET", path: `${REPO}/workflows/ci.yml/runs`, status: 200 },
    { name: "workflow's runs by id", method: "GET", path: `${REPO}/workflows/161336/runs`, status: 200 },
    { name: "runs of an unknown workflow", method: "GET", path: `${REPO}/workflows/nope.yml/runs`, status: 404 },
    { name: "runs of a missing repo", method: "GET", path: "/repos/ghost/none/actions/runs", status: 404 },
    {
      name: "private repo anonymously",
      method: "GET",
      path: "/repos/octo/secret/actions/artifacts",
      token: null,
      status: 404,
    },
    { name: "private repo with a token", method: "GET", path: "/repos/octo/secret/actions/artifacts", status: 200 },
    {
      name: "download from a missing repo",
      method: "GET",
      path: "/repos/ghost/none/actions/artifacts/1/zip",
      status: 404,
    },
    { name: "list of a missing repo", method: "GET", path: "/repos/ghost/none/actions/artifacts", status: 404 },
    {
      name: "run's list of a missing repo",
      method: "GET",
      path: "/repos/ghost/none/actions/runs/1/artifacts",
      status: 404,
    },
  ];
  const everyOperation: [string, "GET" | "DELETE", string][] = [
    ["list", "GET", `${REPO}/artifacts`],
    ["get", "GET", `${REPO}/artifacts/1`],
    ["delete", "DELETE", `${REPO}/artifacts/3`],
    ["download", "GET", `${REPO}/artifacts/1/zip`],
    ["run's list", "GET", `${REPO}/runs/77/artifacts`],
    ["repo's runs", "GET", `${REPO}/runs`],
    ["workflow's runs", "GET", `${REPO}/workflows/ci.yml/runs`],
  ];
  for (const [name, method, path] of everyOperation) {
    steps.push(
      { name: `${name}, wrong token`, method, path, token: wrongToken, status: 401 },
      {
        name: `${name}, forbidden`,
        method,
        path,
        setup: (world) => world.behave({ error: { status: 403 } }),
        status: 403,
      },
      {
        name: `${name}, not found`,
        method,
        path,
        setup: (world) => world.behave({ error: { status: 404 } }),
        status: 404,
      },
      {
        name: `${name}, primary rate limit`,
        method,
        path,
        setup: (world) => world.behave({ rateLimit: { limit: 10, remaining: 0 } }),
        status: 403,
      },
      {
        name: `${name}, primary rate limit as 429`,
        method,
        path,
        setup: (world) => world.behave({ rateLimit: { limit: 10, remaining: 0, status: 429 } }),
        status: 429,
      },
      {
        name: `${name}, secondary rate limit`,
        method,
        path,
        setup: (world) => world.behave({ secondaryRateLimit: { retryAfterSeconds: 30 } }),
        status: 403,
      },
      {
        name: `${name}, secondary rate limit as 429`,
        method,
        path,
        setup: (world) => world.behave({ secondaryRateLimit: { status: 429 } }),
        status: 429,
      },
    );
  }
  return steps;
}
