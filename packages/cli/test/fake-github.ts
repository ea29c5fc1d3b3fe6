import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Artifact } from "@gh-artifacts/client";
import yazl from "yazl";

/** An artifact as the fake sends it (with `digest`, which GHES-built types may lack). */
export type WireArtifact = Artifact & { digest?: string | null };

/** What a test says about one artifact; the rest is filled in. */
export interface ArtifactSeed {
  id: number;
  name: string;
  /** `workflow_run.head_branch`; `null` for an artifact without a run. Default: `"main"`. */
  branch?: string | null;
  /** Default: 1000 + id. */
  runId?: number;
  createdAt: string;
  expired?: boolean;
  /** The archive's files. Default: one `readme.txt` naming the artifact. */
  files?: Record<string, string>;
  /**
   * A single-file artifact (`archive: false`) instead of a zip: storage serves `bytes` as they are, with their own
   * `Content-Type`, and the digest is theirs.
   */
  file?: { bytes: Buffer; contentType: string };
  /** The `digest` to announce; default the real SHA-256 of what is served, `null` for none. */
  digest?: string | null;
  /** `workflow_run.head_sha`. Default: 40 zeros. */
  headSha?: string;
}

/** A workflow run the fake lists; its artifacts are the seeds whose `runId` is its id. */
export interface RunSeed {
  id: number;
  /** The workflow's file (`ci.yml`); its id is the fake's own: 1, 2, … in order of first use. */
  workflow: string;
  /** Default: `"main"`. */
  branch?: string;
  /** Default: `"push"`. */
  event?: string;
  /** A conclusion (`"success"`, `"failure"`, …) or `"in_progress"` (a run not finished). Default: `"success"`. */
  result?: string;
  /** Default: 40 zeros. */
  headSha?: string;
  createdAt: string;
  /** Numbers of the pull requests GitHub links to the run. Default: none. */
  pullRequests?: number[];
}

/** A request as the fake saw it: `at` is `performance.now()` when it arrived. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  at: number;
}

/** How the fake answers a request instead of its normal answer, e.g. a 403 for one DELETE. */
export type Override = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface FakeGitHub {
  url: string;
  /** The current artifacts by id (deletions remove them). */
  artifacts: Map<number, WireArtifact>;
  /** The bytes served for each id: a zip, or a single file's own bytes. */
  bodies: Map<number, Buffer>;
  requests: SeenRequest[];
  /** Storage requests (path and whether `Authorization` came along). */
  storageRequests: { path: string; authorization: boolean }[];
  /** Consulted first for every API request; return `true` when it answered. */
  override: Override | undefined;
  close(): Promise<void>;
}

/** A zip holding `files`, made with yazl (deflated). */
export async function makeZip(files: Record<string, string>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

/** The two run listings: a repository's, and one workflow's (by id or file). */
const RUNS_ROUTE = /^\/repos\/([^/]+)\/([^/]+)\/actions\/(?:runs|workflows\/(?<workflow>[^/]+)\/runs)$/;
const RUN_STATUSES = new Set(["completed", "in_progress", "queued", "requested", "waiting", "pending"]);

const ROUTE =
  /^\/repos\/([^/]+)\/([^/]+)\/actions\/(?:runs\/(?<run>\d+)\/artifacts|artifacts(?:\/(?<id>\d+)(?<zip>\/zip)?)?)$/;

/**
 * A stateful fake of GitHub's artifact endpoints on loopback, with a storage server on another port that the
 * download redirects to (and that refuses any request carrying `Authorization`). Lists page by `per_page`/`page`
 * with a `Link` header, newest first as GitHub does; DELETE removes the artifact (404 once gone). With `runs`, it
 * also lists workflow runs (a repository's, or a workflow's by id or file name), filtered by `branch`, `event`,
 * `status` (a status or a conclusion) and `head_sha` as GitHub does.
 */
export async function startFakeGitHub(
  seeds: readonly ArtifactSeed[],
  options: { runs?: readonly RunSeed[] } = {},
): Promise<FakeGitHub> {
  const workflowIds = new Map<string, number>();
  for (const run of options.runs ?? [])
    if (!workflowIds.has(run.workflow)) workflowIds.set(run.workflow, workflowIds.size + 1);
  const runs = (options.runs ?? []).map((run) => ({
    id: run.id,
    name: run.workflow,
    head_branch: run.branch ?? "main",
    head_sha: run.headSha ?? "0".repeat(40),
    path: `.github/workflows/${run.workflow}`,
    run_number: run.id,
    event: run.event ?? "push",
    status: run.result === "in_progress" ? "in_progress" : "completed",
    conclusion: run.result === "in_progress" ? null : (run.result ?? "success"),
    workflow_id: workflowIds.get(run.workflow) as number,
    pull_requests: (run.pullRequests ?? []).map((number) => ({ id: number, number })),
    created_at: run.createdAt,
    updated_at: run.createdAt,
  }));
  const bodies = new Map<number, Buffer>();
  const types = new Map<number, string>();
  const artifacts = new Map<number, WireArtifact>();
  for (const seed of seeds) {
    const body =
      seed.file?.bytes ?? (await makeZip(seed.files ?? { "readme.txt": `artifact ${seed.name} #${seed.id}\n` }));
    bodies.set(seed.id, body);
    types.set(seed.id, seed.file?.contentType ?? "application/zip");
    const digest =
      seed.digest === undefined ? `sha256:${createHash("sha256").update(body).digest("hex")}` : seed.digest;
    const branch = seed.branch === undefined ? "main" : seed.branch;
    artifacts.set(seed.id, {
      id: seed.id,
      node_id: `A_${seed.id}`,
      name: seed.name,
      size_in_bytes: body.byteLength,
      url: "",
      archive_download_url: "",
      expired: seed.expired ?? false,
      created_at: seed.createdAt,
      updated_at: seed.createdAt,
      expires_at: new Date(Date.parse(seed.createdAt) + 90 * 86_400_000).toISOString(),
      digest,
      workflow_run:
        branch === null
          ? null
          : {
              id: seed.runId ?? 1000 + seed.id,
              repository_id: 1,
              head_repository_id: 1,
              head_branch: branch,
              head_sha: seed.headSha ?? "0".repeat(40),
            },
    });
  }

  const storageRequests: FakeGitHub["storageRequests"] = [];
  const storage = await listen((req, res) => {
    storageRequests.push({ path: req.url ?? "", authorization: req.headers.authorization !== undefined });
    const id = Number(/^\/blob\/(\d+)/.exec(req.url ?? "")?.[1]);
    const body = bodies.get(id);
    if (req.headers.authorization !== undefined || !body) return void res.writeHead(400).end();
    const headers = { "content-type": types.get(id) ?? "", "content-length": String(body.byteLength) };
    res.writeHead(200, headers).end(body);
  });

  const fake: FakeGitHub = {
    url: "",
    artifacts,
    bodies,
    requests: [],
    storageRequests,
    override: undefined,
    close: async () => {
      await Promise.all([closeServer(api.server), closeServer(storage.server)]);
    },
  };

  const api = await listen((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    fake.requests.push({
      method: req.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      at: performance.now(),
    });
    if (fake.override?.(req, res)) return;
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      const text = body === undefined ? "" : JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(text);
    };
    const listing = RUNS_ROUTE.exec(url.pathname);
    if (listing && runs.length > 0) {
      const q = url.searchParams;
      const workflow = listing.groups?.workflow;
      const id = workflow === undefined ? undefined : (workflowIds.get(workflow) ?? Number(workflow));
      const status = q.get("status");
      const matching = runs
        .filter((r) => id === undefined || r.workflow_id === id)
        .filter((r) => !q.has("branch") || r.head_branch === q.get("branch"))
        .filter((r) => !q.has("event") || r.event === q.get("event"))
        .filter((r) => !q.has("head_sha") || r.head_sha === q.get("head_sha"))
        .filter((r) => status === null || (RUN_STATUSES.has(status) ? r.status : r.conclusion) === status)
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id)
        .map((r) => (q.get("exclude_pull_requests") === "true" ? { ...r, pull_requests: [] } : r));
      const perPage = Number(q.get("per_page") ?? 30);
      const page = Number(q.get("page") ?? 1);
      return send(200, {
        total_count: matching.length,
        workflow_runs: matching.slice((page - 1) * perPage, page * perPage),
      });
    }
    const route = ROUTE.exec(url.pathname);
    if (!route) return send(404, { message: "Not Found" });
    const [, owner, repo] = route;
    const { run, id, zip } = route.groups ?? {};
    const withUrls = (a: WireArtifact): WireArtifact => {
      const self = `${fake.url}/repos/${owner}/${repo}/actions/artifacts/${a.id}`;
      return { ...a, url: self, archive_download_url: `${self}/zip` };
    };
    if (id !== undefined) {
      const artifact = artifacts.get(Number(id));
      if (!artifact) return send(404, { message: "Not Found" });
      if (req.method === "DELETE") {
        artifacts.delete(artifact.id);
        return send(204);
      }
      if (zip) {
        if (artifact.expired) return send(410, { message: "Artifact has expired" });
        res.writeHead(302, { location: `${storage.url}/blob/${artifact.id}?sig=s3cr3t` }).end();
        return;
      }
      return send(200, withUrls(artifact));
    }
    const name = url.searchParams.get("name");
    const perPage = Number(url.searchParams.get("per_page") ?? 30);
    const page = Number(url.searchParams.get("page") ?? 1);
    const all = [...artifacts.values()]
      .filter((a) => (name === null || a.name === name) && (run === undefined || a.workflow_run?.id === Number(run)))
      .sort((a, b) => b.id - a.id);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const headers: Record<string, string> = {};
    if (page < last) {
      const next = new URL(url.pathname + url.search, fake.url);
      next.searchParams.set("page", String(page + 1));
      headers.link = `<${next}>; rel="next"`;
    }
    const slice = all.slice((page - 1) * perPage, page * perPage).map(withUrls);
    return send(200, { total_count: all.length, artifacts: slice }, headers);
  });
  fake.url = api.url;
  return fake;
}
