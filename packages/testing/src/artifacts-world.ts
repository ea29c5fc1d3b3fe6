import type { Artifact, WorkflowRun } from "@gh-artifacts/types";
import type { Behaviours } from "./behaviours.js";
import type { WorldClock } from "./world-clock.js";

/** An artifact as the API sends it (`digest` spelled out: types generated from a GHES description lack it). */
export type WireArtifact = Artifact & { digest?: string | null };

/** `"zip"`: an archive; `"file"`: one file uploaded as it is (`actions/upload-artifact` with `archive: false`). */
export type WorldArtifactKind = "zip" | "file";

/** A repository of the world. */
export interface WorldRepository {
  readonly id: number;
  /** As written when added; `"*"` matches any owner (or name). */
  readonly owner: string;
  readonly name: string;
  /** A private repository is invisible (404) to a request without a token. */
  private: boolean;
  /** What a token may do here: `"write"` deletes, `"read"` gets 403 on DELETE, `"none"` sees a private repo as 404. */
  permission: "read" | "write" | "none";
}

/** A workflow run that artifacts come from, and that the two run listings answer with. */
export interface WorldRun {
  readonly id: number;
  /** `"owner/name"` of its repository. */
  readonly repo: string;
  /** The workflow's file, `.github/workflows/ci.yml`: the listings' `path`, and what `workflows/ci.yml/runs` names. */
  readonly workflow: string;
  /** The workflow's id, one per file of a repository, in order of first use. */
  readonly workflowId: number;
  /** The workflow's name (`name`). */
  readonly name: string;
  readonly branch: string;
  readonly headSha: string;
  /** What started it: `push`, `pull_request`, `schedule`, `workflow_dispatch`… */
  readonly event: string;
  /** `completed`, `in_progress`, `queued`, `requested`, `waiting` or `pending`. */
  status: string;
  /** `success`, `failure`, `cancelled`… once `completed`; else `null`. */
  conclusion: string | null;
  /** Numbers of the pull requests GitHub links to the run. */
  readonly pullRequests: readonly number[];
  readonly createdAt: number;
  /** Counts up per workflow of a repository. */
  readonly runNumber: number;
}

/** A workflow run as GitHub's listings answer it (the spec's `workflow-run`). */
export type WireWorkflowRun = WorkflowRun;

/** An artifact as the world keeps it: its bytes, and the fields GitHub answers with. */
export interface WorldArtifact {
  readonly id: number;
  readonly nodeId: string;
  /** `"owner/name"` of its repository. */
  readonly repo: string;
  name: string;
  readonly kind: WorldArtifactKind;
  /** What storage serves: the zip, or the single file as uploaded. */
  readonly bytes: Uint8Array;
  /** The `Content-Type` storage sends. */
  readonly contentType: string;
  /** `sha256:…` of `bytes` unless told otherwise; `null` as for artifacts of upload-artifact before v4. */
  digest: string | null;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  /** Expired by hand (`expired: true`), whatever `expiresAt` says. */
  expiredByHand: boolean;
  /** The run it came from, or `null` (`workflow_run: null`). */
  readonly run: WorldRun | null;
  /** `false`: DELETE answers 403 (as for a token that lacks the permission). */
  deletable: boolean;
}

/** What `addRepository` takes. */
export interface AddRepositoryInput {
  /** `"*"` matches any owner. */
  owner: string;
  /** `"*"` matches any name of that owner (or of any owner). */
  name: string;
  /** Default: `false`. */
  private?: boolean | undefined;
  /** Default: `"write"`. */
  permission?: "read" | "write" | "none" | undefined;
}

/** What `addWorkflow` takes. */
export interface AddWorkflowInput {
  /** `"owner/name"`; added with defaults if the world does not have it. */
  repo: string;
  /** Its file: `".github/workflows/ci.yml"`, or a bare file name (`"ci.yml"`) put under `.github/workflows/`. */
  workflow: string;
  /** Its id, as `workflows/{id}/runs` takes it. Default: the world's next. */
  workflowId?: number | undefined;
}

/** A workflow of a repository: its id and file. */
export interface WorldWorkflow {
  readonly id: number;
  /** `.github/workflows/ci.yml`. */
  readonly path: string;
}

/** What `addWorkflowRun` takes. */
export interface AddWorkflowRunInput {
  /** `"owner/name"`; added with defaults if the world does not have it. */
  repo: string;
  /** Default: the next id of the world. */
  id?: number | undefined;
  /** Default: `"main"`. */
  branch?: string | undefined;
  /** Default: a seeded 40-digit hex. */
  headSha?: string | undefined;
  /** Default: `".github/workflows/ci.yml"`; a bare file name (`"ci.yml"`) is put under `.github/workflows/`. */
  workflow?: string | undefined;
  /**
   * The workflow's id, as `workflows/{id}/runs` takes it; the first run of a file in a repository sets it, later
   * ones must agree. Default: the world's next.
   */
  workflowId?: number | undefined;
  /** The workflow's name. Default: its file name without `.yml`, capitalised (`ci.yml`: `"CI"`, `release.yml`: `"Release"`). */
  name?: string | undefined;
  /** Default: `"push"`. */
  event?: string | undefined;
  /** Default: `"completed"`. */
  status?: "completed" | "in_progress" | "queued" | "requested" | "waiting" | "pending" | undefined;
  /** Default: `"success"` when completed, else `null`. */
  conclusion?: string | null | undefined;
  /** Pull request numbers linked to the run. Default: none. */
  pullRequests?: readonly number[] | undefined;
  /** Default: the world's clock now. */
  createdAt?: Date | number | string | undefined;
}

/** What `addArtifact` takes; everything but `repo` and `name` has a default. */
export interface AddArtifactInput {
  /** `"owner/name"`; added with defaults if the world does not have it. */
  repo: string;
  name: string;
  /** Default: `"zip"`. */
  kind?: WorldArtifactKind | undefined;
  /** A zip's files (text or bytes), zipped with fflate. Default: one `README.txt` naming the artifact. */
  files?: Record<string, string | Uint8Array> | undefined;
  /** The bytes storage serves as they are: a single file's, or a zip made elsewhere. Wins over `files`. */
  bytes?: Uint8Array | undefined;
  /** Default: `application/zip` for a zip, `application/octet-stream` for a file. */
  contentType?: string | undefined;
  /** Default: the next id of the world. */
  id?: number | undefined;
  /** Default: the world's clock now. */
  createdAt?: Date | number | string | undefined;
  /** Default: `createdAt` plus `retentionDays`. */
  expiresAt?: Date | number | string | undefined;
  /** Default: 90. */
  retentionDays?: number | undefined;
  /** Listed as expired and its download answers 410, whatever the clock says. Default: `false`. */
  expired?: boolean | undefined;
  /** The run's branch; a new run is made on it unless `runId` names one. `null`: no run. Default: `"main"`. */
  branch?: string | null | undefined;
  /** An existing run of the repository, or the id of a new one on `branch`. Default: a new run. */
  runId?: number | undefined;
  /** Default: the real `sha256:` of the bytes; `null` for none. */
  digest?: string | null | undefined;
  /** `false`: DELETE answers 403. Default: `true`. */
  deletable?: boolean | undefined;
}

/** What can change of an artifact after it was added. */
export interface ArtifactChanges {
  name?: string | undefined;
  expired?: boolean | undefined;
  expiresAt?: Date | number | string | undefined;
  digest?: string | null | undefined;
  deletable?: boolean | undefined;
}

/** One request the fake received (the token itself is never kept). */
export interface RecordedRequest {
  /** Which host it reached. */
  host: "api" | "storage";
  method: string;
  /** The path under the API's base URL (or storage's root), e.g. `/repos/o/r/actions/artifacts`. */
  path: string;
  query: URLSearchParams;
  /**
   * Who asked: `"none"` without `Authorization`, the token's name when the world was given `tokens`, `"invalid"`
   * for a token it does not know, else `"token"`.
   */
  authorization: string;
  /** The lower-case names of the headers it carried (values are not kept: they may hold secrets). */
  headers: string[];
  /** When it arrived, in ms since the epoch by the machine's clock (not the world's): for pacing checks. */
  at: number;
  /** The status answered, once it is known. */
  status?: number | undefined;
}

/** The primary rate limit as the world counts it: what the next answer's `x-ratelimit-*` headers start from. */
export interface RateLimitStatus {
  /** Requests per window (`x-ratelimit-limit`). */
  limit: number;
  /** Requests used in the window (`x-ratelimit-used`); a 304 uses none. */
  used: number;
  /** Requests left in the window (`x-ratelimit-remaining`); at 0 the next request is refused. */
  remaining: number;
  /** When the window resets, in ms since the epoch by the world's clock (`x-ratelimit-reset` is it in seconds). */
  resetAt: number;
}

/** What `behave` changes: any of the behaviours, the nested ones merged. */
export type BehaviourChanges = Partial<Behaviours>;

/** An in-memory GitHub: repositories, runs and artifacts with real bytes, a clock, and behaviours. */
export interface ArtifactsWorld {
  /** The clock the world runs on. */
  readonly clock: WorldClock;
  /** Every request the fake received, oldest first. */
  readonly requests: RecordedRequest[];
  addRepository(input: AddRepositoryInput): WorldRepository;
  /**
   * A workflow without runs yet (its listing answers an empty page, not 404); a run's workflow is added with it
   * anyway. Adding one the repository has returns it.
   */
  addWorkflow(input: AddWorkflowInput): WorldWorkflow;
  addWorkflowRun(input: AddWorkflowRunInput): WorldRun;
  /** The run with that id, or `undefined`. */
  workflowRun(id: number): WorldRun | undefined;
  /** The runs (of one repository, `"owner/name"`), newest first as GitHub lists them. */
  workflowRuns(repo?: string): WorldRun[];
  /** The run as GitHub's listings answer it, URLs under `baseUrl` (default `https://api.github.com`) and `repo`. */
  runToJSON(run: WorldRun, where?: { baseUrl?: string | undefined; repo?: string | undefined }): WireWorkflowRun;
  addArtifact(input: AddArtifactInput): WorldArtifact;
  /** Changes an artifact; throws if there is none with that id. */
  updateArtifact(id: number, changes: ArtifactChanges): WorldArtifact;
  /** Removes an artifact as a DELETE would; `false` if there was none. */
  deleteArtifact(id: number): boolean;
  /** The artifact with that id, or `undefined` (deleted, or never added). */
  artifact(id: number): WorldArtifact | undefined;
  /** The artifacts (of one repository, `"owner/name"`), newest first as GitHub lists them. */
  artifacts(repo?: string): WorldArtifact[];
  /** Whether an artifact has expired by the world's clock (or by hand). */
  isExpired(artifact: WorldArtifact): boolean;
  /**
   * The artifact as GitHub answers it: `url` and `archive_download_url` under `baseUrl` (default
   * `https://api.github.com`) and `repo` (default the artifact's; a request to a `*` repository names its own).
   */
  toJSON(artifact: WorldArtifact, where?: { baseUrl?: string | undefined; repo?: string | undefined }): WireArtifact;
  /** The repository a request for `owner/name` reaches (exact, then `owner/*`, then `*\/*`), case-insensitively. */
  repository(owner: string, name: string): WorldRepository | undefined;
  /**
   * Changes behaviours from now on, for the world or (with `scope.repo`) for one repository; nested objects are
   * replaced, not merged. Returns a function that puts back what was there before.
   */
  behave(changes: BehaviourChanges, scope?: { repo?: string | undefined }): () => void;
  /** The behaviours in force for a repository (`"owner/name"`), or for the world. */
  behaviours(repo?: string): Behaviours;
  /**
   * The primary rate limit in force for a repository (`"owner/name"`, which counts with the world's unless it has a
   * `rateLimit` of its own), or for the world, by the world's clock now; `undefined` when rate limiting is off.
   * Looking starts no window: a window opens at its first request.
   */
  rateLimit(repo?: string): RateLimitStatus | undefined;
}
