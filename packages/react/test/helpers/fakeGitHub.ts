// The hooks' tests on @gh-artifacts/testing, the repository's one fake of GitHub: its world answers through
// `createArtifactsFetch` (the client's `fetch` option; nothing is mocked in the client, which sends real `Request`s).
// What the tests steer beyond GitHub's behaviours (a request held until released, the next answer refused, an
// archive whose bytes the test pushes one chunk at a time) goes through `intercept`.
import { type ArtifactsWorld, createArtifactsFetch, createArtifactsWorld } from "@gh-artifacts/testing";

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

/**
 * How storage serves an archive: its `Content-Type` (default: none), and `blob`, the last segment of its URL: the
 * artifact is then a single file of that name (default: a zip, whose URL ends in `ID.zip`).
 */
export interface ServedAs {
  type?: string | undefined;
  blob?: string | undefined;
}

/** What `upload` takes: an artifact of octo/hello; `id` is all it needs. */
export interface Upload {
  id: number;
  /** Default: `artifact-<id>`. */
  name?: string;
  /** Default: a minute after the newest artifact. */
  createdAt?: string | number;
  /** The run it came from (made on `branch` if the world has no such run). Default: run 100, on main. */
  runId?: number;
  branch?: string;
}

/** A workflow run of octo/hello as the tests describe it. */
export interface RunInput {
  id: number;
  /** Default: `ci.yml` (workflow 1); `release.yml` is workflow 2. */
  workflow?: "ci.yml" | "release.yml";
  status?: "completed" | "in_progress";
  conclusion?: string | null;
}

const REPO = "octo/hello";
/** The world's clock: March 2024, when the tests' artifacts (uploaded in January, kept 90 days) are live. */
export const NOW = Date.UTC(2024, 2, 1);
const FIRST = Date.UTC(2024, 0, 1);

/**
 * A world holding octo/hello with run 100 (main) and its artifacts `1..count`, each of `1000 × id` bytes, served on
 * `baseUrl` through a `fetch`. GitHub lists the newest first, and ids grow with time: `count` first, `1` last.
 */
export function createFakeGitHub({ count = 5, baseUrl = "https://api.github.com" } = {}) {
  const world: ArtifactsWorld = createArtifactsWorld({ now: NOW });
  world.addWorkflowRun({
    repo: REPO,
    id: 100,
    workflowId: 1,
    branch: "main",
    headSha: "0".repeat(40),
    createdAt: FIRST,
  });
  /** The API requests, in order (storage's are not counted). */
  const requests: Array<{ method: string; url: URL; signal: AbortSignal }> = [];
  const failures: Array<{ method: string; status: number }> = [];
  const gates: Array<{ method: string; open: Promise<void> }> = [];
  const archives = new Map<
    number,
    { stream: ReadableStream<Uint8Array>; total: number | undefined; abort: (reason: unknown) => void } & ServedAs
  >();
  let newest = FIRST;

  const upload = (input: Upload) => {
    const createdAt = input.createdAt === undefined ? newest + 60_000 : new Date(input.createdAt).getTime();
    newest = Math.max(newest, createdAt);
    return world.addArtifact({
      repo: REPO,
      id: input.id,
      name: input.name ?? `artifact-${input.id}`,
      bytes: new Uint8Array(1000 * input.id),
      createdAt,
      runId: input.runId ?? 100,
      branch: input.branch,
    });
  };
  for (let id = 1; id <= count; id++) upload({ id });

  function archive(id: number, request: Request): Response {
    const entry = archives.get(id) as NonNullable<ReturnType<typeof archives.get>>;
    const headers: Record<string, string> = entry.total === undefined ? {} : { "content-length": String(entry.total) };
    if (entry.type !== undefined) headers["content-type"] = entry.type;
    // note: as fetch does, an abort of the request errors the body, even before anyone reads it.
    const { signal } = request;
    if (signal.aborted) entry.abort(signal.reason);
    else signal.addEventListener("abort", () => entry.abort(signal.reason), { once: true });
    return new Response(entry.stream, { status: 200, headers });
  }

  const fetch = createArtifactsFetch(world, {
    baseUrl,
    intercept: async (request, next) => {
      const url = new URL(request.url);
      const stored = /^\/artifacts\/(\d+)(?:\.zip|\/[^/]*)$/.exec(url.pathname);
      if (url.href.startsWith(baseUrl)) {
        requests.push({ method: request.method, url, signal: request.signal });
        const gate = gates.findIndex((g) => g.method === request.method);
        if (gate >= 0) await gates.splice(gate, 1)[0]?.open;
        const failure = failures.findIndex((f) => f.method === request.method);
        if (failure >= 0) {
          const status = failures.splice(failure, 1)[0]?.status ?? 500;
          const message = status === 404 ? "Not Found" : `HTTP ${status}`;
          return Response.json({ message, documentation_url: "https://docs.github.com" }, { status });
        }
      } else if (stored && archives.has(Number(stored[1]))) {
        // note: the world still checks the signed URL and refuses a token; only the bytes are the test's.
        const answer = await next(request);
        if (answer.status !== 200) return answer;
        await answer.body?.cancel();
        return archive(Number(stored[1]), request);
      }
      return next(request);
    },
  });

  return {
    world,
    requests,
    fetch: (request: Request): Promise<Response> => fetch(request),
    /** Adds an artifact of octo/hello (by default the newest, of run 100). */
    upload,
    /** Adds runs of octo/hello, created on day `id` of January 2024, on main, with head SHA `0…0`. */
    addRuns(...runs: RunInput[]) {
      for (const run of runs) {
        const workflow = run.workflow ?? "ci.yml";
        world.addWorkflowRun({
          repo: REPO,
          id: run.id,
          workflow,
          workflowId: workflow === "ci.yml" ? 1 : 2,
          branch: "main",
          headSha: "0".repeat(40),
          status: run.status,
          conclusion: run.conclusion,
          createdAt: Date.UTC(2024, 0, run.id),
        });
      }
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
    /**
     * Serves artifact `id`'s archive from a stream the test controls, announcing `total` bytes; `as.blob` makes it a
     * single file of that name.
     */
    archive(id: number, total?: number, as: ServedAs = {}): ControlledArchive {
      const existing = world.artifact(id);
      if (as.blob !== undefined && existing) {
        // note: a single file is served under its name: the artifact is uploaded again as one.
        world.deleteArtifact(id);
        world.addArtifact({
          repo: REPO,
          id,
          name: as.blob,
          kind: "file",
          bytes: existing.bytes,
          createdAt: existing.createdAt,
          runId: existing.run?.id,
        });
      }
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
