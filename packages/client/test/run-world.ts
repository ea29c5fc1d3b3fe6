// Workflow runs and their artifacts on @gh-artifacts/testing, the repository's one fake of GitHub: the tests write
// what GitHub holds as the API answers it (`wireRun`, `runArtifact`), and `startRunWorld` puts it in a world served
// on loopback by `startFakeGitHub`, which filters and pages the listings as GitHub does.
import { createArtifactsRequestHandler, createArtifactsWorld } from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";
import type { WorkflowRun } from "@gh-artifacts/types";
import { createArtifactsClient } from "../src/index.js";
import { artifact, BASE, type WireArtifact } from "./helpers.js";

/** A workflow: its id and file. */
export interface WireWorkflow {
  id: number;
  file: string;
}

/** A workflow run as GitHub lists it (the fields the trimmed spec keeps). */
export function wireRun(id: number, overrides: Partial<WorkflowRun> = {}): WorkflowRun {
  const workflow_id = overrides.workflow_id ?? 1;
  return {
    id,
    name: "CI",
    node_id: `WFR_${id}`,
    head_branch: "main",
    head_sha: id.toString(16).padStart(40, "0"),
    path: ".github/workflows/ci.yml",
    run_number: id,
    run_attempt: 1,
    event: "push",
    display_title: `run ${id}`,
    status: "completed",
    conclusion: "success",
    workflow_id,
    url: `${BASE}/repos/o/r/actions/runs/${id}`,
    html_url: `https://github.test/o/r/actions/runs/${id}`,
    pull_requests: [],
    created_at: new Date(Date.UTC(2024, 0, 1) + id * 60_000).toISOString(),
    updated_at: new Date(Date.UTC(2024, 0, 1) + id * 60_000).toISOString(),
    jobs_url: `${BASE}/repos/o/r/actions/runs/${id}/jobs`,
    logs_url: `${BASE}/repos/o/r/actions/runs/${id}/logs`,
    check_suite_url: `${BASE}/repos/o/r/check-suites/${id}`,
    artifacts_url: `${BASE}/repos/o/r/actions/runs/${id}/artifacts`,
    cancel_url: `${BASE}/repos/o/r/actions/runs/${id}/cancel`,
    rerun_url: `${BASE}/repos/o/r/actions/runs/${id}/rerun`,
    workflow_url: `${BASE}/repos/o/r/actions/workflows/${workflow_id}`,
    head_commit: null,
    ...overrides,
  };
}

/** An artifact uploaded by `run`, its `workflow_run` as GitHub records it. */
export function runArtifact(id: number, run: WorkflowRun, overrides: Partial<WireArtifact> = {}): WireArtifact {
  return artifact(id, {
    created_at: run.created_at,
    workflow_run: { id: run.id, head_branch: run.head_branch ?? undefined, head_sha: run.head_sha },
    ...overrides,
  });
}

/** What the fake GitHub holds, as the API answers it. */
export interface RunWorld {
  workflows: WireWorkflow[];
  runs: WorkflowRun[];
  artifacts: WireArtifact[];
}

/** Where a run's workflow file is: from `workflows` by its id, else the run's own `path`. */
const workflowOf = (world: RunWorld, run: WorkflowRun) =>
  world.workflows.find((w) => w.id === run.workflow_id)?.file ?? run.path;

/** The paging parameters, which `ignoreFilters` keeps. */
const PAGING = new Set(["page", "per_page"]);

/** A world of `o/r` holding what `described` says. */
function worldOf(described: RunWorld) {
  // note: the wire objects are dated early 2024 (their default `expires_at` is 2024-04-01): the world's clock is
  // then, so they are live unless marked expired. ETags off: selection never sends If-None-Match, and hashing every
  // page would only slow the property test down.
  const world = createArtifactsWorld({ now: Date.UTC(2024, 1, 1), behaviours: { etags: false } });
  world.addRepository({ owner: "o", name: "r" });
  for (const w of described.workflows) world.addWorkflow({ repo: "o/r", workflow: w.file, workflowId: w.id });
  for (const run of described.runs) {
    world.addWorkflowRun({
      repo: "o/r",
      id: run.id,
      workflow: workflowOf(described, run),
      workflowId: run.workflow_id,
      branch: run.head_branch ?? undefined,
      headSha: run.head_sha,
      event: run.event,
      status: (run.status ?? "completed") as "completed",
      conclusion: run.conclusion,
      pullRequests: (run.pull_requests ?? []).map((pull) => pull.number),
      createdAt: run.created_at,
    });
  }
  for (const a of described.artifacts) {
    world.addArtifact({
      repo: "o/r",
      id: a.id,
      name: a.name,
      kind: "file",
      bytes: new Uint8Array(a.size_in_bytes),
      createdAt: a.created_at ?? undefined,
      expiresAt: a.expires_at ?? undefined,
      expired: a.expired,
      digest: a.digest ?? null,
      ...(a.workflow_run?.id === undefined
        ? { branch: null }
        : { runId: a.workflow_run.id, branch: a.workflow_run.head_branch }),
    });
  }
  return world;
}

/**
 * The world of `o/r` on the fake GitHub, with a client for it: the two run listings (filtered as GitHub filters
 * them), the repository's and a run's artifact lists (`name`), paged with `Link` and `total_count`. `requests`
 * lists each API request's path and query, in order. `ignoreFilters` plays a server (or a proxy) that drops every
 * filter but the paging ones. `load` puts another world behind the same server (a property test's next example).
 */
export async function startRunWorld(described: RunWorld, options: { ignoreFilters?: boolean } = {}) {
  let world = worldOf(described);
  let handle: ((request: Request) => Promise<Response>) | undefined;
  const fake = await startFakeGitHub({
    world,
    intercept: (request, next) => {
      let forwarded = request;
      if (options.ignoreFilters) {
        const url = new URL(request.url);
        for (const name of [...url.searchParams.keys()]) if (!PAGING.has(name)) url.searchParams.delete(name);
        forwarded = new Request(url, request);
      }
      return handle ? handle(forwarded) : next(forwarded);
    },
  });
  const gh = createArtifactsClient({ baseUrl: fake.url, token: "t0ken", retry: false });
  let from = 0;
  return {
    gh,
    server: { close: () => fake.stop() },
    /** The API requests sent since the last `reset` (or `load`), as `path?query`. */
    requests: () =>
      world.requests
        .slice(from)
        .filter((r) => r.host === "api")
        .map((r) => `${r.path}${r.query.size > 0 ? `?${r.query}` : ""}`),
    reset: () => {
      from = world.requests.length;
    },
    /** Answers from a world holding `next` from now on. */
    load: (next: RunWorld) => {
      world = worldOf(next);
      from = 0;
      handle = createArtifactsRequestHandler(world, { baseUrl: fake.url, storageUrl: fake.storageUrl });
    },
  };
}
