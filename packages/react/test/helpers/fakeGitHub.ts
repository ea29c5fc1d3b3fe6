import type { Artifact } from "@gh-artifacts/client";

/** An archive whose bytes the test pushes one chunk at a time. */
export interface ControlledArchive {
  /** Sends `bytes` zero bytes. */
  push(bytes: number): void;
  /** Sends these bytes. */
  write(bytes: Uint8Array): void;
  close(): void;
  /** Whether the reader cancelled the stream (e.g. the user cancelled the download). */
  readonly cancelled: boolean;
}

/** How storage serves an archive: its `Content-Type` (default: none) and the last segment of its URL (default: `storage.zip`). */
export interface ServedAs {
  type?: string | undefined;
  blob?: string | undefined;
}

/**
 * An artifact as GitHub sends it.
 * note: typed with `digest` spelled out because GHES descriptions have none, so the generated `Artifact` lacks it
 * when the packages are built from one; the fake sends it either way, as api.github.com does.
 */
export function makeArtifact(id: number, run_id = 100): Artifact & { digest?: string | null } {
  return {
    id,
    node_id: `A_${id}`,
    name: `artifact-${id}`,
    size_in_bytes: 1000 * id,
    url: `https://api.github.com/repos/octo/hello/actions/artifacts/${id}`,
    archive_download_url: `https://api.github.com/repos/octo/hello/actions/artifacts/${id}/zip`,
    expired: false,
    created_at: "2024-01-01T00:00:00Z",
    expires_at: "2024-04-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    digest: null,
    workflow_run: { id: run_id, head_branch: "main" },
  };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

const error = (status: number) =>
  json(
    { message: status === 404 ? "Not Found" : `HTTP ${status}`, documentation_url: "https://docs.github.com" },
    status,
  );

/**
 * A small stateful GitHub for the artifact endpoints, served through an injected `fetch`: nothing is mocked in the
 * client, which sends real `Request`s here. Artifacts `1..count` belong to run 100.
 */
/** A workflow run as the fake lists it: the fields the selection reads. */
export interface FakeRun {
  id: number;
  workflow_id: number;
  path: string;
  head_branch: string;
  head_sha: string;
  event: string;
  status: string;
  conclusion: string | null;
  created_at: string;
  pull_requests: { number: number }[];
}

/** A run of workflow 1 (`.github/workflows/ci.yml`) on main, successful, created on day `id` of 2024. */
export function makeRun(id: number, overrides: Partial<FakeRun> = {}): FakeRun {
  return {
    id,
    workflow_id: 1,
    path: ".github/workflows/ci.yml",
    head_branch: "main",
    head_sha: "0".repeat(40),
    event: "push",
    status: "completed",
    conclusion: "success",
    created_at: new Date(Date.UTC(2024, 0, id)).toISOString(),
    pull_requests: [],
    ...overrides,
  };
}

export function createFakeGitHub({ count = 5, baseUrl = "https://api.github.com" } = {}) {
  const artifacts = Array.from({ length: count }, (_, i) => makeArtifact(i + 1));
  /** The workflow runs the two run listings serve (none unless a test adds them), filtered as GitHub does. */
  const runs: FakeRun[] = [];
  const requests: Array<{ method: string; url: URL; signal: AbortSignal }> = [];
  const failures: Array<{ method: string; status: number }> = [];
  const gates: Array<{ method: string; open: Promise<void> }> = [];
  const archives = new Map<
    number,
    { stream: ReadableStream<Uint8Array>; total: number | undefined; abort: (reason: unknown) => void } & ServedAs
  >();
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, "");

  function page(items: Artifact[], url: URL) {
    const perPage = Number(url.searchParams.get("per_page") ?? 30);
    const pageNo = Number(url.searchParams.get("page") ?? 1);
    const name = url.searchParams.get("name");
    const matching = name ? items.filter((a) => a.name === name) : items;
    const slice = matching.slice((pageNo - 1) * perPage, pageNo * perPage);
    return json({ total_count: matching.length, artifacts: slice });
  }

  function archive(id: number, request: Request): Response {
    const entry = archives.get(id);
    if (!entry) return error(404);
    const headers: Record<string, string> = entry.total === undefined ? {} : { "content-length": String(entry.total) };
    if (entry.type !== undefined) headers["content-type"] = entry.type;
    // note: as fetch does, an abort of the request errors the body, even before anyone reads it.
    const { signal } = request;
    if (signal.aborted) entry.abort(signal.reason);
    else signal.addEventListener("abort", () => entry.abort(signal.reason), { once: true });
    const response = new Response(entry.stream, { status: 200, headers });
    // note: a constructed Response has an empty `url`; the client reads it after a followed redirect.
    const blob = encodeURIComponent(entry.blob ?? "storage.zip");
    Object.defineProperty(response, "url", { value: request.url.replace(/\/zip$/, `/${blob}`) });
    return response;
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    requests.push({ method: request.method, url, signal: request.signal });
    const gate = gates.findIndex((g) => g.method === request.method);
    if (gate >= 0) await gates.splice(gate, 1)[0]?.open;
    const failure = failures.findIndex((f) => f.method === request.method);
    if (failure >= 0) return error(failures.splice(failure, 1)[0]?.status ?? 500);
    const path = url.pathname.slice(prefix.length);
    const one = /^\/repos\/[^/]+\/[^/]+\/actions\/artifacts\/(\d+)(\/zip)?$/.exec(path);
    if (request.method === "GET" && path.match(/^\/repos\/[^/]+\/[^/]+\/actions\/artifacts$/))
      return page(artifacts, url);
    const listing = /^\/repos\/[^/]+\/[^/]+\/actions\/(?:runs|workflows\/([^/]+)\/runs)$/.exec(path);
    if (request.method === "GET" && listing) {
      const q = url.searchParams;
      const workflow = listing[1] === undefined ? undefined : decodeURIComponent(listing[1]);
      const status = q.get("status");
      const statuses = new Set(["completed", "in_progress", "queued", "requested", "waiting", "pending"]);
      const matching = runs
        .filter((r) => workflow === undefined || String(r.workflow_id) === workflow || r.path.endsWith(`/${workflow}`))
        .filter((r) => !q.has("branch") || r.head_branch === q.get("branch"))
        .filter((r) => !q.has("event") || r.event === q.get("event"))
        .filter((r) => status === null || (statuses.has(status) ? r.status : r.conclusion) === status)
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
      const perPage = Number(q.get("per_page") ?? 30);
      const pageNo = Number(q.get("page") ?? 1);
      return json({
        total_count: matching.length,
        workflow_runs: matching.slice((pageNo - 1) * perPage, pageNo * perPage),
      });
    }
    const run = /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/(\d+)\/artifacts$/.exec(path);
    if (request.method === "GET" && run) {
      return page(
        artifacts.filter((a) => a.workflow_run?.id === Number(run[1])),
        url,
      );
    }
    if (!one) return error(404);
    const id = Number(one[1]);
    if (one[2]) {
      if (request.redirect === "manual") {
        const blob = encodeURIComponent(archives.get(id)?.blob ?? "zip");
        return new Response(null, { status: 302, headers: { location: `https://storage.test/${id}/${blob}` } });
      }
      return archive(id, request);
    }
    const index = artifacts.findIndex((a) => a.id === id);
    if (index < 0) return error(404);
    if (request.method === "GET") return json(artifacts[index]);
    if (request.method === "DELETE") {
      artifacts.splice(index, 1);
      return new Response(null, { status: 204 });
    }
    return error(404);
  }

  return {
    artifacts,
    runs,
    requests,
    fetch: (request: Request): Promise<Response> => {
      if (new URL(request.url).host === "storage.test")
        return Promise.resolve(archive(Number(/\d+/.exec(request.url)?.[0]), request));
      return handle(request);
    },
    /** The next request with `method` answers `status` instead. */
    failNext(method: string, status: number) {
      failures.push({ method, status });
    },
    /** The next request with `method` waits until the returned function is called. */
    hold(method: string): () => void {
      let release!: () => void;
      gates.push({ method, open: new Promise<void>((resolve) => (release = resolve)) });
      return release;
    },
    /** Serves artifact `id`'s archive from a stream the test controls, announcing `total` bytes. */
    archive(id: number, total?: number, as: ServedAs = {}): ControlledArchive {
      let controller!: ReadableStreamDefaultController<Uint8Array>;
      let cancelled = false;
      const stream = new ReadableStream<Uint8Array>({
        start: (c) => {
          controller = c;
        },
        cancel: () => {
          cancelled = true;
        },
      });
      const abort = (reason: unknown) => {
        cancelled = true;
        controller.error(reason);
      };
      archives.set(id, { stream, total, abort, ...as });
      return {
        push: (bytes) => controller.enqueue(new Uint8Array(bytes)),
        write: (bytes) => controller.enqueue(bytes),
        close: () => controller.close(),
        get cancelled() {
          return cancelled;
        },
      };
    },
  };
}

export type FakeGitHub = ReturnType<typeof createFakeGitHub>;
