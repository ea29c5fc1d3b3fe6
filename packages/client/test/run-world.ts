import type { WorkflowRun } from "@gh-artifacts/types";
import { createArtifactsClient } from "../src/index.js";
import { artifact, BASE, startServer, type TestServer, type WireArtifact } from "./helpers.js";

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

/** What the fake GitHub holds. */
export interface RunWorld {
  workflows: WireWorkflow[];
  runs: WorkflowRun[];
  artifacts: WireArtifact[];
}

const STATUSES = new Set(["completed", "in_progress", "queued", "requested", "waiting", "pending"]);
const newestFirst = (a: { id: number; created_at: string | null }, b: { id: number; created_at: string | null }) =>
  Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? "") || b.id - a.id;

/**
 * A loopback GitHub for owner `o`, repository `r` that filters as GitHub does: the two run listings (newest first;
 * `branch`, `event`, `status` as a status or a conclusion, `head_sha`, `exclude_pull_requests`, a workflow by id or
 * file), the repository's and a run's artifact lists (`name`), `per_page` and `page` with `total_count`. Anything
 * else is 404. `requests` lists each request's path and query, in order. The world is read at each request, so a test
 * may swap its arrays between calls.
 */
export async function startRunWorld(world: RunWorld, options: { ignoreFilters?: boolean } = {}) {
  const sent: URL[] = [];
  const server: TestServer = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    sent.push(url);
    // note: `ignoreFilters` plays a server (or proxy) that drops every filter but the paging ones.
    const q = options.ignoreFilters
      ? new URLSearchParams([...url.searchParams].filter(([k]) => k === "page" || k === "per_page"))
      : url.searchParams;
    const perPage = Number(q.get("per_page") ?? 30);
    const page = Number(q.get("page") ?? 1);
    let link: string | undefined;
    const send = (body: unknown, status = 200) =>
      res.writeHead(status, { "content-type": "application/json", ...(link && { link }) }).end(JSON.stringify(body));
    // note: a page before the last links to the next one, as GitHub's `Link` does.
    const slice = <T>(items: T[]) => {
      if (page * perPage < items.length) {
        const next = new URL(url.href);
        next.searchParams.set("page", String(page + 1));
        link = `<${server.url}${next.pathname}${next.search}>; rel="next"`;
      }
      return items.slice((page - 1) * perPage, page * perPage);
    };
    const runs = /^\/repos\/o\/r\/actions\/(?:runs|workflows\/([^/]+)\/runs)$/.exec(url.pathname);
    if (runs) {
      let workflowId: number | undefined;
      if (runs[1] !== undefined) {
        const key = decodeURIComponent(runs[1]);
        workflowId = world.workflows.find((w) => String(w.id) === key || w.file === key)?.id;
        if (workflowId === undefined) return send({ message: "Not Found" }, 404);
      }
      const status = q.get("status");
      const matching = world.runs
        .filter((r) => workflowId === undefined || r.workflow_id === workflowId)
        .filter((r) => !q.has("branch") || r.head_branch === q.get("branch"))
        .filter((r) => !q.has("event") || r.event === q.get("event"))
        .filter((r) => !q.has("head_sha") || r.head_sha === q.get("head_sha"))
        .filter((r) => status === null || (STATUSES.has(status) ? r.status : r.conclusion) === status)
        .sort(newestFirst)
        .map((r) => (q.get("exclude_pull_requests") === "true" ? { ...r, pull_requests: [] } : r));
      return send({ total_count: matching.length, workflow_runs: slice(matching) });
    }
    const ofRun = /^\/repos\/o\/r\/actions\/runs\/(\d+)\/artifacts$/.exec(url.pathname);
    if (url.pathname === "/repos/o/r/actions/artifacts" || ofRun) {
      const name = q.get("name");
      const matching = world.artifacts
        .filter((a) => name === null || a.name === name)
        .filter((a) => !ofRun || a.workflow_run?.id === Number(ofRun[1]))
        .sort(newestFirst);
      return send({ total_count: matching.length, artifacts: slice(matching) });
    }
    send({ message: "Not Found" }, 404);
  });
  const gh = createArtifactsClient({ baseUrl: server.url, token: "t0ken", retry: false });
  return {
    gh,
    server,
    /** The requests sent since the last `reset`, as `path?query`. */
    requests: () => sent.map((u) => `${u.pathname}${u.search}`),
    reset: () => void sent.splice(0),
  };
}
