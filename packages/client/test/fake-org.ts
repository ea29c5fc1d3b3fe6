import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { artifact, startServer, type WireArtifact } from "./helpers.js";

/** A request as the fake saw it, and how it was answered. */
export interface OrgRequest {
  method: string;
  /** `OWNER/REPO` of the list asked for (`""` for any other path). */
  repository: string;
  page: number;
  status: number;
}

/** GitHub's primary rate limit as the fake keeps it: every answer but a 304 takes one request from `remaining`. */
export interface FakeRateLimit {
  limit: number;
  remaining: number;
  /** The reset, in seconds since the epoch. */
  reset: number;
}

/** Answers a request before the fake does (return `true` when it answered); `index` counts list requests of `repository`. */
export type OrgOverride = (
  req: IncomingMessage,
  res: ServerResponse,
  info: { repository: string; page: number; index: number },
) => boolean;

export interface FakeOrg {
  url: string;
  /** The artifacts of each repository, `OWNER/REPO` → newest first as GitHub lists them; change them at will. */
  repos: Map<string, WireArtifact[]>;
  requests: OrgRequest[];
  /** Each request as it arrived: its repository, and how many answers had been sent by then. */
  arrivals: { repository: string; answered: number }[];
  rateLimit: FakeRateLimit;
  /** The lowest `remaining` ever sent. */
  lowestRemaining: number;
  /** The most list requests open at once (answers wait one `setImmediate`, so that requests sent together overlap). */
  maxOpen: number;
  override: OrgOverride | undefined;
  close(): Promise<void>;
}

const LIST = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts$/;
const DAY = 86_400_000;

/** `count` artifacts of repository number `r`, ids unique across repositories, created a day apart before `now`. */
export function orgArtifacts(r: number, count: number, now: number): WireArtifact[] {
  return Array.from({ length: count }, (_, i) => {
    const created = now - (i + 1) * DAY;
    return artifact(r * 100_000 + count - i, {
      name: i % 2 ? "logs" : "build",
      size_in_bytes: 1000 * (i + 1),
      created_at: new Date(created).toISOString(),
      expires_at: new Date(created + 90 * DAY).toISOString(),
      workflow_run: { id: 1, head_branch: i % 3 ? "main" : "dev" },
    });
  });
}

/**
 * Many repositories of one organisation on loopback, as GitHub lists their artifacts: pages by `per_page`/`page`
 * with `Link` and `total_count`, a strong `ETag` per body (a matching `If-None-Match` gets a 304), and the
 * `x-ratelimit-*` headers of a `core` limit that every answer except a 304 counts against (a 403 with
 * `remaining: 0` once it is spent). Unknown repositories are 404s.
 */
export async function startFakeOrg(repos: Map<string, WireArtifact[]>, rateLimit?: FakeRateLimit): Promise<FakeOrg> {
  const counts = new Map<string, number>();
  let open = 0;
  const fake: FakeOrg = {
    url: "",
    repos,
    requests: [],
    arrivals: [],
    rateLimit: rateLimit ?? { limit: 5000, remaining: 5000, reset: Math.floor(Date.now() / 1000) + 3600 },
    lowestRemaining: Number.POSITIVE_INFINITY,
    maxOpen: 0,
    override: undefined,
    close: async () => server.close(),
  };
  const server = await startServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const match = LIST.exec(url.pathname);
    const repository = match ? `${match[1]}/${match[2]}` : "";
    const page = Number(url.searchParams.get("page") ?? 1);
    const index = counts.get(repository) ?? 0;
    counts.set(repository, index + 1);
    fake.arrivals.push({ repository, answered: fake.requests.length });
    open++;
    fake.maxOpen = Math.max(fake.maxOpen, open);
    const record = (status: number) => {
      open--;
      fake.requests.push({ method: req.method ?? "", repository, page, status });
    };
    setImmediate(() => {
      if (fake.override?.(req, res, { repository, page, index })) return record(res.statusCode);
      const limit = fake.rateLimit;
      const headers = (counted: boolean): Record<string, string> => {
        if (counted) limit.remaining = Math.max(0, limit.remaining - 1);
        fake.lowestRemaining = Math.min(fake.lowestRemaining, limit.remaining);
        return {
          "content-type": "application/json; charset=utf-8",
          "x-ratelimit-limit": String(limit.limit),
          "x-ratelimit-remaining": String(limit.remaining),
          "x-ratelimit-reset": String(limit.reset),
          "x-ratelimit-used": String(limit.limit - limit.remaining),
          "x-ratelimit-resource": "core",
        };
      };
      const send = (status: number, body: unknown, extra: Record<string, string> = {}) => {
        res
          .writeHead(status, { ...headers(status !== 304), ...extra })
          .end(body === undefined ? "" : JSON.stringify(body));
        record(status);
      };
      if (limit.remaining === 0) return send(403, { message: "API rate limit exceeded" });
      const all = repos.get(repository);
      if (!match || !all) return send(404, { message: "Not Found" });
      const perPage = Number(url.searchParams.get("per_page") ?? 30);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const body = { total_count: all.length, artifacts: all.slice((page - 1) * perPage, page * perPage) };
      const etag = `"${createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 32)}"`;
      const extra: Record<string, string> = { etag };
      if (page < last) {
        const next = new URL(url.pathname + url.search, fake.url);
        next.searchParams.set("page", String(page + 1));
        extra.link = `<${next}>; rel="next"`;
      }
      if (req.headers["if-none-match"] === etag) return send(304, undefined, extra);
      send(200, body, extra);
    });
  });
  fake.url = server.url;
  return fake;
}

/** `count` repositories `org/repo-<n>` of `artifacts` artifacts each. */
export function orgRepos(count: number, artifacts: number, now: number): Map<string, WireArtifact[]> {
  return new Map(Array.from({ length: count }, (_, r) => [`org/repo-${r}`, orgArtifacts(r + 1, artifacts, now)]));
}
