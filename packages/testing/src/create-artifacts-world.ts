import type {
  ArtifactChanges,
  ArtifactsWorld,
  BehaviourChanges,
  RecordedRequest,
  WorldArtifact,
  WorldRepository,
  WorldRun,
} from "./artifacts-world.js";
import { type Behaviours, DEFAULT_BEHAVIOURS } from "./behaviours.js";
import { makeZip } from "./make-zip.js";
import { rateWindow } from "./rate-window.js";
import { seededRandom } from "./seeded-random.js";
import { sha256Hex } from "./sha256.js";
import { createWorldClock } from "./world-clock.js";
import { setInternals, type WorldInternals } from "./world-internals.js";

const DAY = 86_400_000;

/** Options of `createArtifactsWorld`. */
export interface ArtifactsWorldOptions {
  /** Seed of generated ids, SHAs, request ids and signatures: the same seed, the same world. Default: 1. */
  seed?: number | undefined;
  /**
   * Where the world's clock starts, or a function it follows (`Date.now` for a demo on real time).
   * Default: 2026-01-15T12:00:00Z, fixed.
   */
  now?: Date | number | (() => number) | undefined;
  /**
   * Named tokens (`{ alice: "ghp_…" }`): requests are recorded under the name, and any other token answers 401.
   * Default: any token is accepted, and recorded as `"token"`.
   */
  tokens?: Record<string, string> | undefined;
  /** Behaviours from the start. Default: `DEFAULT_BEHAVIOURS`. */
  behaviours?: BehaviourChanges | undefined;
}

const toTime = (value: Date | number | string, field: string): number => {
  const at = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : value;
  if (!Number.isFinite(at)) throw new TypeError(`${field}: not a valid date: ${String(value)}`);
  return at;
};

const key = (owner: string, name: string) => `${owner.toLowerCase()}/${name.toLowerCase()}`;

function splitRepo(repo: string): [owner: string, name: string] {
  const parts = repo.split("/");
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new TypeError(`repo must be "owner/name", got "${repo}"`);
  return [parts[0], parts[1]];
}

/** GitHub's legacy global node id of an artifact (`08:Artifact<id>`, base64), as in the spec's examples. */
function nodeIdOf(id: number): string {
  const text = `08:Artifact${id}`;
  let binary = "";
  for (const char of new TextEncoder().encode(text)) binary += String.fromCharCode(char);
  return btoa(binary);
}

/** An in-memory GitHub for tests: add repositories, runs and artifacts, move its clock, switch its behaviours. */
export function createArtifactsWorld(options: ArtifactsWorldOptions = {}): ArtifactsWorld {
  const random = seededRandom(options.seed ?? 1);
  const clock = createWorldClock(options.now);
  const repositories = new Map<string, WorldRepository>();
  const runs = new Map<number, WorldRun>();
  // note: workflow ids and run numbers are per repository and file, as on GitHub.
  const workflowIds = new Map<string, number>();
  const runNumbers = new Map<number, number>();
  let nextWorkflowId = 161_335;
  const store = new Map<number, WorldArtifact>();
  const requests: RecordedRequest[] = [];
  let behaviours: Behaviours = { ...DEFAULT_BEHAVIOURS, ...options.behaviours };
  const repoBehaviours = new Map<string, BehaviourChanges>();
  let nextRepositoryId = 1_296_269;
  let nextRunId = 2_332_938;
  let nextArtifactId = 1;

  const tokens = options.tokens
    ? new Map(Object.entries(options.tokens).map(([name, value]) => [value, name]))
    : undefined;

  const repository = (owner: string, name: string) =>
    repositories.get(key(owner, name)) ?? repositories.get(key(owner, "*")) ?? repositories.get(key("*", "*"));

  const ensureRepository = (repo: string): WorldRepository => {
    const [owner, name] = splitRepo(repo);
    return repositories.get(key(owner, name)) ?? world.addRepository({ owner, name });
  };

  const repoOf = (repository: WorldRepository) => `${repository.owner}/${repository.name}`;

  /** The workflow of `repo` at `workflow` (a path), registered with `wanted` (or the next id) if it is new. */
  function registerWorkflow(repo: string, workflow: string, wanted: number | undefined, caller: string) {
    const prefix = `${key(...splitRepo(repo))}:`;
    let id = workflowIds.get(prefix + workflow);
    if (id !== undefined && wanted !== undefined && wanted !== id) {
      throw new TypeError(`${caller}: ${workflow} of ${repo} is workflow ${id}, not ${wanted}`);
    }
    if (id === undefined) {
      id = wanted ?? nextWorkflowId++;
      if (!Number.isSafeInteger(id) || id < 1) throw new TypeError(`${caller}: workflowId must be a positive integer`);
      const taken = id;
      if ([...workflowIds].some(([k, other]) => other === taken && k.startsWith(prefix))) {
        throw new TypeError(`${caller}: ${repo} already has another workflow ${taken}`);
      }
      workflowIds.set(prefix + workflow, id);
    }
    return { id, path: workflow };
  }

  const world: ArtifactsWorld = {
    clock,
    requests,

    addRepository(input) {
      const id = key(input.owner, input.name);
      if (repositories.has(id)) throw new TypeError(`The world already has ${input.owner}/${input.name}`);
      const added: WorldRepository = {
        id: nextRepositoryId++,
        owner: input.owner,
        name: input.name,
        private: input.private ?? false,
        permission: input.permission ?? "write",
      };
      splitRepo(repoOf(added));
      repositories.set(id, added);
      return added;
    },

    addWorkflow(input) {
      const repo = repoOf(ensureRepository(input.repo));
      return registerWorkflow(repo, workflowPath(input.workflow), input.workflowId, "addWorkflow");
    },

    addWorkflowRun(input) {
      const id = input.id ?? nextRunId;
      if (!Number.isSafeInteger(id) || id < 1) throw new TypeError("addWorkflowRun: id must be a positive integer");
      if (runs.has(id)) throw new TypeError(`The world already has run ${id}`);
      const createdAt = input.createdAt === undefined ? clock.now() : toTime(input.createdAt, "createdAt");
      const status = input.status ?? "completed";
      const workflow = workflowPath(input.workflow ?? ".github/workflows/ci.yml");
      const repo = repoOf(ensureRepository(input.repo));
      nextRunId = Math.max(nextRunId, id + 1);
      const workflowId = registerWorkflow(repo, workflow, input.workflowId, "addWorkflowRun").id;
      const runNumber = (runNumbers.get(workflowId) ?? 0) + 1;
      runNumbers.set(workflowId, runNumber);
      const run: WorldRun = {
        id,
        repo,
        workflow,
        workflowId,
        name: input.name ?? workflowName(workflow),
        branch: input.branch ?? "main",
        headSha: input.headSha ?? random.hex(40),
        event: input.event ?? "push",
        status,
        conclusion: input.conclusion !== undefined ? input.conclusion : status === "completed" ? "success" : null,
        pullRequests: [...(input.pullRequests ?? [])],
        createdAt,
        runNumber,
      };
      runs.set(id, run);
      return run;
    },

    workflowRun: (id) => runs.get(id),

    workflowRuns(repo) {
      const wanted = repo === undefined ? undefined : key(...splitRepo(repo));
      return [...runs.values()]
        .filter((r) => wanted === undefined || key(...splitRepo(r.repo)) === wanted)
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
    },

    runToJSON(run, where = {}) {
      const repo = where.repo ?? run.repo;
      const base = where.baseUrl ?? "https://api.github.com";
      const self = `${base}/repos/${repo}/actions/runs/${run.id}`;
      const repositoryId = repositories.get(key(...splitRepo(run.repo)))?.id ?? 0;
      const repoJson = { id: repositoryId, url: `${base}/repos/${repo}`, name: repo.split("/")[1] ?? repo };
      const at = iso(run.createdAt);
      const checkSuiteId = run.id + 1_000_000_000;
      return {
        id: run.id,
        name: run.name,
        node_id: btoa(`04:WorkflowRun${run.id}`),
        check_suite_id: checkSuiteId,
        check_suite_node_id: btoa(`011:CheckSuite${checkSuiteId}`),
        head_branch: run.branch,
        head_sha: run.headSha,
        path: run.workflow,
        run_number: run.runNumber,
        run_attempt: 1,
        referenced_workflows: [],
        event: run.event,
        status: run.status,
        conclusion: run.conclusion,
        workflow_id: run.workflowId,
        url: self,
        html_url: `https://github.com/${repo}/actions/runs/${run.id}`,
        pull_requests: run.pullRequests.map((number) => ({
          id: 1_000_000 + number,
          number,
          url: `${base}/repos/${repo}/pulls/${number}`,
          head: { ref: run.branch, sha: run.headSha, repo: repoJson },
          base: { ref: "main", sha: run.headSha, repo: repoJson },
        })),
        created_at: at,
        updated_at: at,
        run_started_at: at,
        jobs_url: `${self}/jobs`,
        logs_url: `${self}/logs`,
        check_suite_url: `${base}/repos/${repo}/check-suites/${checkSuiteId}`,
        artifacts_url: `${self}/artifacts`,
        cancel_url: `${self}/cancel`,
        rerun_url: `${self}/rerun`,
        previous_attempt_url: null,
        workflow_url: `${base}/repos/${repo}/actions/workflows/${run.workflowId}`,
        head_commit: {
          id: run.headSha,
          tree_id: sha256Hex(new TextEncoder().encode(run.headSha)).slice(0, 40),
          message: `Commit ${run.headSha.slice(0, 7)}`,
          timestamp: at,
          author: { name: "Mona Lisa Octocat", email: "mona@example.com" },
          committer: { name: "GitHub", email: "noreply@github.com" },
        },
        head_repository_id: repositoryId,
        display_title: `${run.name} on ${run.branch}`,
      };
    },

    addArtifact(input) {
      // note: every check first, so a refused artifact leaves the world as it was.
      // note: an empty or hostile name is allowed: what a server may send is what apps must be tested against.
      if (typeof input.name !== "string") throw new TypeError("addArtifact: name must be a string");
      const id = input.id ?? nextArtifactId;
      if (!Number.isSafeInteger(id) || id < 1) throw new TypeError("addArtifact: id must be a positive integer");
      if (store.has(id)) throw new TypeError(`The world already has artifact ${id}`);
      const kind = input.kind ?? "zip";
      const bytes = input.bytes ?? (kind === "zip" ? makeZip(input.files ?? readme(input.name, id)) : undefined);
      if (!bytes) throw new TypeError('addArtifact: a single file (kind: "file") needs its bytes');
      const existingRun = input.runId === undefined ? undefined : runs.get(input.runId);
      const [owner, name] = splitRepo(input.repo);
      if (existingRun && key(...splitRepo(existingRun.repo)) !== key(owner, name)) {
        throw new TypeError(`Run ${input.runId} belongs to ${existingRun.repo}`);
      }
      const createdAt = input.createdAt === undefined ? clock.now() : toTime(input.createdAt, "createdAt");
      const expiresAt = input.expiresAt === undefined ? undefined : toTime(input.expiresAt, "expiresAt");
      const repo = repoOf(ensureRepository(input.repo));
      nextArtifactId = Math.max(nextArtifactId, id + 1);
      let run: WorldRun | null = null;
      if (input.branch !== null) {
        // note: a run made for an artifact starts when it does, so the listings order them alike.
        run = existingRun ?? world.addWorkflowRun({ repo, id: input.runId, branch: input.branch ?? "main", createdAt });
      }
      const retention = (input.retentionDays ?? 90) * DAY;
      const artifact: WorldArtifact = {
        id,
        nodeId: nodeIdOf(id),
        repo,
        name: input.name,
        kind,
        bytes,
        contentType: input.contentType ?? (kind === "zip" ? "application/zip" : "application/octet-stream"),
        digest: input.digest === undefined ? `sha256:${sha256Hex(bytes)}` : input.digest,
        createdAt,
        updatedAt: createdAt,
        expiresAt: expiresAt ?? createdAt + retention,
        expiredByHand: input.expired ?? false,
        run,
        deletable: input.deletable ?? true,
      };
      store.set(id, artifact);
      return artifact;
    },

    updateArtifact(id, changes: ArtifactChanges) {
      const artifact = store.get(id);
      if (!artifact) throw new TypeError(`The world has no artifact ${id}`);
      if (changes.name !== undefined) artifact.name = changes.name;
      if (changes.expired !== undefined) artifact.expiredByHand = changes.expired;
      if (changes.expiresAt !== undefined) artifact.expiresAt = toTime(changes.expiresAt, "expiresAt");
      if (changes.digest !== undefined) artifact.digest = changes.digest;
      if (changes.deletable !== undefined) artifact.deletable = changes.deletable;
      artifact.updatedAt = clock.now();
      return artifact;
    },

    deleteArtifact: (id) => store.delete(id),
    artifact: (id) => store.get(id),

    artifacts(repo) {
      const wanted = repo === undefined ? undefined : key(...splitRepo(repo));
      // note: GitHub lists the newest first; ids grow with time, so the id orders them.
      return [...store.values()]
        .filter((a) => wanted === undefined || key(...splitRepo(a.repo)) === wanted)
        .sort((a, b) => b.id - a.id);
    },

    isExpired: (artifact) => artifact.expiredByHand || clock.now() >= artifact.expiresAt,

    toJSON(artifact, where = {}) {
      const self = `${where.baseUrl ?? "https://api.github.com"}/repos/${where.repo ?? artifact.repo}/actions/artifacts/${artifact.id}`;
      const run = artifact.run;
      const repositoryId = run ? (repositories.get(key(...splitRepo(run.repo)))?.id ?? 0) : 0;
      return {
        id: artifact.id,
        node_id: artifact.nodeId,
        name: artifact.name,
        size_in_bytes: artifact.bytes.byteLength,
        url: self,
        archive_download_url: `${self}/zip`,
        expired: world.isExpired(artifact),
        created_at: iso(artifact.createdAt),
        updated_at: iso(artifact.updatedAt),
        expires_at: iso(artifact.expiresAt),
        digest: artifact.digest,
        workflow_run: run
          ? {
              id: run.id,
              repository_id: repositoryId,
              head_repository_id: repositoryId,
              head_branch: run.branch,
              head_sha: run.headSha,
            }
          : null,
      };
    },

    repository,

    behave(changes, scope = {}) {
      if (scope.repo === undefined) {
        const before = behaviours;
        behaviours = { ...behaviours, ...changes };
        return () => {
          behaviours = before;
        };
      }
      const id = key(...splitRepo(scope.repo));
      const before = repoBehaviours.get(id);
      repoBehaviours.set(id, { ...before, ...changes });
      return () => {
        if (before) repoBehaviours.set(id, before);
        else repoBehaviours.delete(id);
      };
    },

    behaviours(repo) {
      if (repo === undefined) return behaviours;
      const [owner, name] = splitRepo(repo);
      const match = [key(owner, name), key(owner, "*"), key("*", "*")].find((k) => repoBehaviours.has(k));
      return match ? { ...behaviours, ...repoBehaviours.get(match) } : behaviours;
    },

    rateLimit(repo) {
      const rule = world.behaviours(repo).rateLimit;
      if (rule.enabled === false) return undefined;
      const { window, limit } = rateWindow(state, rule, clock.now(), false);
      return { limit, used: window.used, remaining: Math.max(0, limit - window.used), resetAt: window.resetAt };
    },
  };

  const state: WorldInternals = {
    random,
    secret: random.hex(32),
    tokens,
    windows: new WeakMap(),
    left: new WeakMap(),
    requestCount: 0,
    findWorkflow(repo, wanted) {
      const prefix = `${key(...splitRepo(repo))}:`;
      const byId = /^\d+$/.test(wanted) ? Number(wanted) : undefined;
      for (const [k, id] of workflowIds) {
        if (!k.startsWith(prefix)) continue;
        const path = k.slice(prefix.length);
        if (byId !== undefined ? id === byId : path.split("/").pop() === wanted) return { id, path };
      }
      return undefined;
    },
  };
  setInternals(world, state);
  return world;
}

/** A workflow's path: a bare file name goes under `.github/workflows/`. */
function workflowPath(workflow: string): string {
  return workflow.includes("/") ? workflow : `.github/workflows/${workflow}`;
}

/** `ci.yml` is "CI" (short names read as acronyms), `release.yml` is "Release". */
function workflowName(workflow: string): string {
  const base = (workflow.split("/").pop() ?? workflow).replace(/\.ya?ml$/, "");
  return base.length <= 2 ? base.toUpperCase() : base.charAt(0).toUpperCase() + base.slice(1);
}

function readme(name: string, id: number): Record<string, string> {
  return { "README.txt": `Artifact ${name} (#${id}), made by @gh-artifacts/testing.\n` };
}

/** An ISO date without milliseconds, as GitHub writes them. */
export function iso(time: number): string {
  return `${new Date(time).toISOString().slice(0, 19)}Z`;
}
