// The CLI's tests run against @gh-artifacts/testing, the repository's one fake of GitHub: a world built from a few
// seeds, served on loopback (the API and its storage host) with `startFakeGitHub`, its clock at the tests' `NOW`.
import {
  type ArtifactsWorld,
  type BehaviourChanges,
  createArtifactsWorld,
  type NextHandler,
  type RecordedRequest,
  type WireArtifact,
} from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";
import { onTestFinished } from "vitest";
import { NOW } from "./run-cli.js";

/** What a test says about one artifact; the rest is filled in by the world. */
export interface ArtifactSeed {
  id: number;
  name: string;
  /** `workflow_run.head_branch`; `null` for an artifact without a run. Default: `"main"`. */
  branch?: string | null;
  /** Default: 1000 + id. */
  runId?: number;
  createdAt: string;
  expired?: boolean;
  /** The archive's files. Default: one `README.txt` naming the artifact. */
  files?: Record<string, string>;
  /** A single-file artifact (`archive: false`): storage serves `bytes` as they are, with their `Content-Type`. */
  file?: { bytes: Buffer; contentType: string };
  /** The `digest` to announce; default the real SHA-256 of what is served, `null` for none. */
  digest?: string | null;
  /** `OWNER/REPO` holding it: it is then listed, fetched and deleted only there. Default: every repository. */
  repository?: string;
}

/** A workflow run the world lists; its artifacts are the seeds whose `runId` is its id. */
export interface RunSeed {
  id: number;
  /** The workflow's file (`ci.yml`); its id is the world's (`world.workflowRun(id).workflowId`). */
  workflow: string;
  /** Default: `"main"`. */
  branch?: string;
  /** Default: `"push"`. */
  event?: string;
  /** A conclusion (`"success"`, `"failure"`, …) or `"in_progress"` (a run not finished). Default: `"success"`. */
  result?: string;
  /** Default: a seeded SHA. */
  headSha?: string;
  createdAt: string;
  /** Numbers of the pull requests GitHub links to the run. Default: none. */
  pullRequests?: number[];
}

/** The running fake and the world behind it. */
export interface FakeGitHub {
  url: string;
  world: ArtifactsWorld;
  /** The environment that points the CLI at this fake, with a token it accepts (`GITHUB_TOKEN`, `GITHUB_API_URL`). */
  env: { GITHUB_TOKEN: string; GITHUB_API_URL: string };
  /** The API requests received, oldest first. */
  readonly requests: RecordedRequest[];
  /** The storage requests received. */
  readonly storageRequests: RecordedRequest[];
  /** The bytes storage serves for an artifact. */
  bytesOf(id: number): Buffer;
  /** The artifact as the API answers it under `repo`. */
  json(id: number, repo?: string): WireArtifact;
  /** Sees each request first: answer it, or hand it to `next` (the fake's own answer). */
  intercept: ((request: Request, next: NextHandler) => Response | Promise<Response>) | undefined;
  close(): Promise<void>;
}

/**
 * Starts the fake with `seeds` in a repository that answers for any owner/name, except those seeded with their own
 * `repository` (which then holds only its own). It stops when the current test ends (closing it earlier is fine).
 */
export async function startWorld(
  seeds: readonly ArtifactSeed[],
  options: { tokens?: Record<string, string>; behaviours?: BehaviourChanges; runs?: readonly RunSeed[] } = {},
) {
  const world = createArtifactsWorld({ now: NOW, tokens: options.tokens, behaviours: options.behaviours });
  world.addRepository({ owner: "*", name: "*" });
  for (const run of options.runs ?? []) {
    const running = run.result === "in_progress";
    world.addWorkflowRun({
      repo: "*/*",
      id: run.id,
      workflow: run.workflow,
      branch: run.branch,
      event: run.event,
      status: running ? "in_progress" : "completed",
      conclusion: running ? null : (run.result ?? "success"),
      headSha: run.headSha,
      createdAt: run.createdAt,
      pullRequests: run.pullRequests,
    });
  }
  for (const seed of seeds) {
    world.addArtifact({
      repo: seed.repository ?? "*/*",
      id: seed.id,
      name: seed.name,
      kind: seed.file ? "file" : "zip",
      bytes: seed.file?.bytes,
      contentType: seed.file?.contentType,
      files: seed.files,
      createdAt: seed.createdAt,
      expired: seed.expired,
      branch: seed.branch,
      runId: seed.branch === null ? undefined : (seed.runId ?? 1000 + seed.id),
      digest: seed.digest,
    });
  }
  const server = await startFakeGitHub({
    world,
    intercept: (request, next) => fake.intercept?.(request, next) ?? next(request),
  });
  const fake: FakeGitHub = {
    url: server.url,
    world,
    env: { GITHUB_TOKEN: "t0ken", GITHUB_API_URL: server.url },
    get requests() {
      return world.requests.filter((r) => r.host === "api");
    },
    get storageRequests() {
      return world.requests.filter((r) => r.host === "storage");
    },
    bytesOf: (id) => Buffer.from(world.artifact(id)?.bytes ?? []),
    json: (id, repo = "octo/repo") => {
      const artifact = world.artifact(id);
      if (!artifact) throw new Error(`no artifact ${id}`);
      return world.toJSON(artifact, { baseUrl: server.url, repo });
    },
    intercept: undefined,
    close: () => server.stop(),
  };
  onTestFinished(() => server.stop());
  return fake;
}
