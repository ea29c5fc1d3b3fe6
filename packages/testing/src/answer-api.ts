import type { ArtifactsWorld, RecordedRequest, WorldRepository, WorldRun } from "./artifacts-world.js";
import type { Behaviours } from "./behaviours.js";
import { CORS_HEADERS, errorBody, MESSAGES, PREFLIGHT_HEADERS, RATE_LIMIT_DOCS } from "./github-answers.js";
import { matchesCreated } from "./match-created.js";
import { rateWindow } from "./rate-window.js";
import { sha256Hex } from "./sha256.js";
import { signedUrl, storagePathOf } from "./signed-url.js";
import { internalsOf, type WorldInternals } from "./world-internals.js";

const ROUTE =
  /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/actions\/(?:runs\/(?<run>\d+)\/artifacts|artifacts(?:\/(?<id>\d+)(?:\/(?<format>[^/]+))?)?)$/;
/** The two run listings: a repository's, and one workflow's (by id or file name). */
const RUNS_ROUTE =
  /^\/repos\/(?<owner>[^/]+)\/(?<repo>[^/]+)\/actions\/(?<listing>runs|workflows\/(?<workflow>[^/]+)\/runs)$/;
const encoder = new TextEncoder();

/** Where the fake answers: the API's root and the storage host's root, both absolute, without a trailing slash. */
export interface Roots {
  api: string;
  storage: string;
}

/** An answer in the making: status, headers, and a JSON body (or none). */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: string | undefined;
}

const error = (status: number, message = MESSAGES[status] ?? "Error", docs?: string): Answer => ({
  status,
  headers: {},
  body: errorBody(status, message, docs),
});

/** Uses up one request of a behaviour with `times`; `false` once it has lifted. */
function takeTurn(state: WorldInternals, behaviour: { times?: number | undefined }): boolean {
  if (behaviour.times === undefined) return true;
  const left = state.left.get(behaviour) ?? behaviour.times;
  if (left <= 0) return false;
  state.left.set(behaviour, left - 1);
  return true;
}

function rateHeaders(limit: number, used: number, resetAt: number): Record<string, string> {
  return {
    "x-ratelimit-limit": String(limit),
    "x-ratelimit-remaining": String(Math.max(0, limit - used)),
    "x-ratelimit-reset": String(Math.ceil(resetAt / 1000)),
    "x-ratelimit-used": String(used),
    "x-ratelimit-resource": "core",
  };
}

/** Who is asking: the token's name, `"token"`, `"invalid"` (a token the world does not know) or `"none"`. */
export function identify(world: ArtifactsWorld, header: string | null): string {
  if (header === null) return "none";
  const token = /^(?:bearer|token)\s+(\S+)$/i.exec(header.trim())?.[1];
  const { tokens } = internalsOf(world);
  if (!tokens) return token ? "token" : "invalid";
  return (token && tokens.get(token)) ?? "invalid";
}

/** A weak ETag of a body, as GitHub sends them. */
const etagOf = (body: string) => `W/"${sha256Hex(encoder.encode(body)).slice(0, 40)}"`;

/** The answer of the API host to `request` (its path under the API root is `path`). */
export async function answerApi(
  world: ArtifactsWorld,
  request: Request,
  path: string,
  roots: Roots,
  record: RecordedRequest,
): Promise<Response> {
  const state = internalsOf(world);
  const url = new URL(request.url);
  const route = ROUTE.exec(path)?.groups ?? RUNS_ROUTE.exec(path)?.groups;
  const repoPath = route ? `${route.owner}/${route.repo}` : undefined;
  const behaviours = world.behaviours(repoPath);
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: PREFLIGHT_HEADERS });
  if (behaviours.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, behaviours.latencyMs));

  const now = world.clock.now();
  state.requestCount += 1;
  // note: rate limiting off (`enabled: false`, as GHES by default): no window, no refusal, no x-ratelimit-* headers.
  const rate = behaviours.rateLimit.enabled === false ? undefined : rateWindow(state, behaviours.rateLimit, now);
  const head = request.method === "HEAD";
  const method = head ? "GET" : request.method;

  let answer: Answer;
  const secondary = behaviours.secondaryRateLimit;
  if (rate && rate.window.used >= rate.limit) {
    const message = "API rate limit exceeded for user. Check out the documentation for more information.";
    answer = error(behaviours.rateLimit.status ?? 403, message, RATE_LIMIT_DOCS);
  } else if (secondary && takeTurn(state, secondary)) {
    const status = secondary.status ?? 403;
    answer = {
      status,
      headers: { "retry-after": String(secondary.retryAfterSeconds ?? 60) },
      body: errorBody(
        status,
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        RATE_LIMIT_DOCS,
      ),
    };
    if (rate) rate.window.used += 1;
  } else {
    answer = respond(world, request, method, url, route, record, behaviours, roots, now);
    // note: a 304 does not count against the primary rate limit (GitHub's rule for conditional requests).
    if (rate && answer.status !== 304) rate.window.used += 1;
  }

  const headers = new Headers({
    ...CORS_HEADERS,
    ...(rate ? rateHeaders(rate.limit, rate.window.used, rate.window.resetAt) : {}),
    "x-github-api-version-selected": "2022-11-28",
    "x-github-media-type": "github.v3; format=json",
    "x-github-request-id": requestId(state),
    date: new Date(now).toUTCString(),
    ...answer.headers,
  });
  if (answer.body !== undefined) headers.set("content-type", "application/json; charset=utf-8");
  const body = answer.body === undefined || head ? null : answer.body;
  return new Response(body, { status: answer.status, headers });
}

function requestId(state: WorldInternals): string {
  const hex = state.random.hex(29).toUpperCase();
  return `${hex.slice(0, 4)}:${hex.slice(4, 9)}:${hex.slice(9, 15)}:${hex.slice(15, 21)}:${hex.slice(21)}`;
}

/** The repository a request reaches, or the error GitHub answers instead. */
function access(world: ArtifactsWorld, owner: string, name: string, who: string): WorldRepository | Answer {
  const repository = world.repository(owner, name);
  if (!repository) return error(404);
  // note: GitHub answers 404, not 403, for a private repository the asker cannot see: it does not say it exists.
  if (repository.private && (who === "none" || repository.permission === "none")) return error(404);
  return repository;
}

function respond(
  world: ArtifactsWorld,
  request: Request,
  method: string,
  url: URL,
  route: Record<string, string | undefined> | undefined,
  record: RecordedRequest,
  behaviours: Behaviours,
  roots: Roots,
  now: number,
): Answer {
  const who = record.authorization;
  if (who === "invalid") return error(401);
  const state = internalsOf(world);
  if (behaviours.error && takeTurn(state, behaviours.error)) {
    return error(behaviours.error.status, behaviours.error.message);
  }
  if (!route?.owner || !route.repo) return error(404);
  const isArtifact = route.id !== undefined;
  const allowed = isArtifact && route.format === undefined ? ["GET", "DELETE"] : ["GET"];
  if (!allowed.includes(method)) return error(404);
  const repository = access(world, route.owner, route.repo, who);
  if ("status" in repository) return repository;
  // note: a `*` repository answers under the name it was asked for, as if it were that repository.
  const wildcard = repository.owner === "*" || repository.name === "*";
  const repo = wildcard ? `${route.owner}/${route.repo}` : `${repository.owner}/${repository.name}`;
  const stored = `${repository.owner}/${repository.name}`;
  const json = (artifact: Parameters<ArtifactsWorld["toJSON"]>[0]) =>
    world.toJSON(artifact, { baseUrl: roots.api, repo });
  const runJson = (run: WorldRun) => world.runToJSON(run, { baseUrl: roots.api, repo });

  if (route.listing !== undefined) {
    return answerRuns(world, request, url, stored, route.workflow, behaviours, who, runJson);
  }

  if (!isArtifact) {
    const runId = route.run === undefined ? undefined : Number(route.run);
    const name = url.searchParams.get("name");
    let all = world
      .artifacts(stored)
      .filter((a) => (name === null || a.name === name) && (runId === undefined || a.run?.id === runId));
    if (runId !== undefined && url.searchParams.get("direction") === "asc") all = all.reverse();
    const perPage = clamp(url.searchParams.get("per_page"), 30, 1, 100);
    const page = clamp(url.searchParams.get("page"), 1, 1, Number.MAX_SAFE_INTEGER);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const slice = all.slice((page - 1) * perPage, page * perPage).map(json);
    const headers: Record<string, string> = {};
    const link = linkHeader(url, page, last);
    if (link) headers.link = link;
    return cacheable(request, behaviours, who, {
      status: 200,
      headers,
      body: JSON.stringify({ total_count: all.length, artifacts: slice }),
    });
  }

  const artifact = world.artifact(Number(route.id));
  const found = artifact && artifact.repo.toLowerCase() === stored.toLowerCase() ? artifact : undefined;
  if (method === "DELETE") {
    // note: deleting needs a token (the operation has no anonymous security requirement).
    if (who === "none") return error(401, "Requires authentication");
    if (!found) return error(404);
    if (repository.permission !== "write" || !found.deletable) return error(403);
    world.deleteArtifact(found.id);
    return { status: 204, headers: {} };
  }
  if (!found) return error(404);
  if (route.format === undefined)
    return cacheable(request, behaviours, who, { status: 200, headers: {}, body: JSON.stringify(json(found)) });
  if (route.format !== "zip") return error(404);
  if (world.isExpired(found)) return error(410);
  const location = signedUrl(roots.storage, storagePathOf(found), now + behaviours.signedUrlTtlMs, state.secret);
  return { status: 302, headers: { location } };
}

/** The statuses a run has before and when it completes; any other `status` filter is a conclusion. */
const RUN_STATUSES = new Set(["completed", "in_progress", "queued", "requested", "waiting", "pending"]);

/** One of the two run listings, filtered as GitHub filters them, newest first, paged. */
function answerRuns(
  world: ArtifactsWorld,
  request: Request,
  url: URL,
  repo: string,
  workflow: string | undefined,
  behaviours: Behaviours,
  who: string,
  json: (run: WorldRun) => ReturnType<ArtifactsWorld["runToJSON"]>,
): Answer {
  const query = url.searchParams;
  let runs = world.workflowRuns(repo);
  if (workflow !== undefined) {
    // note: by id, or by the workflow's file name (`ci.yml`); a workflow the repository lacks is 404.
    const found = internalsOf(world).findWorkflow(repo, decodeURIComponent(workflow));
    if (!found) return error(404);
    runs = runs.filter((run) => run.workflowId === found.id);
  }
  const status = query.get("status");
  const created = query.get("created");
  const excludePulls = query.get("exclude_pull_requests") === "true";
  const all = runs.filter(
    (run) =>
      (!query.has("branch") || run.branch === query.get("branch")) &&
      (!query.has("event") || run.event === query.get("event")) &&
      (!query.has("head_sha") || run.headSha === query.get("head_sha")) &&
      (status === null || (RUN_STATUSES.has(status) ? run.status : run.conclusion) === status) &&
      (created === null || matchesCreated(created, run.createdAt)),
  );
  const perPage = clamp(query.get("per_page"), 30, 1, 100);
  const page = clamp(query.get("page"), 1, 1, Number.MAX_SAFE_INTEGER);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const slice = all
    .slice((page - 1) * perPage, page * perPage)
    .map(json)
    .map((run) => (excludePulls ? { ...run, pull_requests: [] } : run));
  const headers: Record<string, string> = {};
  const link = linkHeader(url, page, last);
  if (link) headers.link = link;
  return cacheable(request, behaviours, who, {
    status: 200,
    headers,
    body: JSON.stringify({ total_count: all.length, workflow_runs: slice }),
  });
}

/** A query number in [min, max]; anything else is the default, as GitHub treats it. */
function clamp(raw: string | null, fallback: number, min: number, max: number): number {
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  return Math.min(max, Math.max(min, Number(raw)));
}

/** GitHub's `Link`: prev, next, last and first, each the request's own URL with another `page`. */
function linkHeader(url: URL, page: number, last: number): string | undefined {
  const to = (n: number, rel: string) => {
    const target = new URL(url);
    target.searchParams.set("page", String(n));
    return `<${target}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(to(Math.min(page - 1, last), "prev"));
  if (page < last) links.push(to(page + 1, "next"), to(last, "last"));
  if (page > 1) links.push(to(1, "first"));
  return links.length ? links.join(", ") : undefined;
}

/**
 * How GitHub lets a successful read be cached: for a minute, and by the asker only when a token was sent (an
 * anonymous answer is `public`); the answer varies with who asks and how.
 */
function cacheHeaders(who: string): Record<string, string> {
  return {
    "cache-control": `${who === "none" ? "public" : "private"}, max-age=60, s-maxage=60`,
    vary: "Accept, Authorization, Cookie, X-GitHub-OTP",
  };
}

/**
 * A read's answer as GitHub sends it: with its caching headers, the ETag, and a 304 when the request already has
 * that ETag.
 */
function cacheable(request: Request, behaviours: Behaviours, who: string, answer: Answer): Answer {
  const headers = { ...answer.headers, ...cacheHeaders(who) };
  if (!behaviours.etags || answer.body === undefined) return { ...answer, headers };
  const etag = etagOf(answer.body);
  const sent = request.headers.get("if-none-match");
  const matches = sent?.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*");
  if (matches) return { status: 304, headers: { ...headers, etag } };
  return { ...answer, headers: { ...headers, etag } };
}
