// Many repositories of one organisation on @gh-artifacts/testing, the repository's one fake of GitHub: a world of
// `org/repo-N` served on loopback by `startFakeGitHub`, with what a scan's tests look at besides (how many lists were
// open at once, what had been answered when each request arrived).
import {
  type ArtifactsWorld,
  type BehaviourChanges,
  createArtifactsWorld,
  type RecordedRequest,
} from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";

const DAY = 86_400_000;
const LIST = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts$/;

/** `OWNER/REPO` of a list request's path, or `""` for any other path. */
export const repositoryOf = (path: string) => {
  const match = LIST.exec(path);
  return match ? `${match[1]}/${match[2]}` : "";
};

export interface FakeOrg {
  url: string;
  world: ArtifactsWorld;
  /** The list requests answered, oldest first: their repository, page and status. */
  readonly lists: { repository: string; page: number; status: number | undefined; request: RecordedRequest }[];
  /** Each request as it arrived: its repository, and how many answers had been sent by then. */
  arrivals: { repository: string; answered: number }[];
  /** The most requests open at once (each answer waits one `setImmediate`, so that requests sent together overlap). */
  maxOpen: number;
  close(): Promise<void>;
}

/**
 * Adds `count` artifacts to `repo`, a day apart before the world's now (the newest first as listed), named `build`
 * and `logs` in turn, on `dev` and `main`; ids from `firstId` up (default: the world's next), the newest the highest.
 */
export function addOrgArtifacts(world: ArtifactsWorld, repo: string, count: number, firstId?: number): void {
  const now = world.clock.now();
  for (let i = count - 1; i >= 0; i--) {
    world.addArtifact({
      repo,
      id: firstId === undefined ? undefined : firstId + count - 1 - i,
      name: i % 2 ? "logs" : "build",
      // note: small single files: a scan reads sizes, never bytes, and a world of thousands stays cheap to build.
      kind: "file",
      bytes: new Uint8Array(i + 1),
      createdAt: now - (i + 1) * DAY,
      branch: i % 3 ? "main" : "dev",
    });
  }
}

/** `org/repo-0` … `org/repo-<count - 1>`, the names a scan is asked for. */
export const orgNames = (count: number) => Array.from({ length: count }, (_, r) => `org/repo-${r}`);

/**
 * Starts `repositories` repositories `org/repo-N` of `artifacts` artifacts each, the world's clock at `now`, with
 * `behaviours` from the start (e.g. a rate limit). Unknown repositories are 404s.
 */
export async function startFakeOrg(
  repositories: number,
  artifacts: number,
  options: { now: number; behaviours?: BehaviourChanges },
): Promise<FakeOrg> {
  const world = createArtifactsWorld({ now: options.now, behaviours: options.behaviours });
  for (const [r, repo] of orgNames(repositories).entries()) addOrgArtifacts(world, repo, artifacts, (r + 1) * 100_000);
  let open = 0;
  let answered = 0;
  const server = await startFakeGitHub({
    world,
    intercept: async (request, next) => {
      fake.arrivals.push({ repository: repositoryOf(new URL(request.url).pathname), answered });
      fake.maxOpen = Math.max(fake.maxOpen, ++open);
      try {
        await new Promise((resolve) => setImmediate(resolve));
        return await next(request);
      } finally {
        open--;
        answered++;
      }
    },
  });
  const fake: FakeOrg = {
    url: server.url,
    world,
    get lists() {
      return world.requests
        .filter((r) => r.host === "api" && repositoryOf(r.path) !== "")
        .map((r) => ({
          repository: repositoryOf(r.path),
          page: Number(r.query.get("page") ?? 1),
          status: r.status,
          request: r,
        }));
    },
    arrivals: [],
    maxOpen: 0,
    close: () => server.stop(),
  };
  return fake;
}
