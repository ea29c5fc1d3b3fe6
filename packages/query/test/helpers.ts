// The one fake of GitHub (@gh-artifacts/testing), served on loopback, a real client on it and a bare QueryClient
// from query-core: no framework anywhere.
import { type ArtifactsClient, createArtifactsClient } from "@gh-artifacts/client";
import { type ArtifactsWorld, createArtifactsWorld, type NextHandler } from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";
import { QueryClient } from "@tanstack/query-core";

export const repoRef = { owner: "octo", repo: "hello" } as const;
export const REPO = `${repoRef.owner}/${repoRef.repo}`;
export const TOKEN = "ghp_queryTestToken00000000000000000000000";

/** A fresh QueryClient: no retries, nothing garbage-collected mid-test. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY }, mutations: { retry: false } },
  });
}

/** What `startWorld` gives a test. */
export interface TestWorld {
  world: ArtifactsWorld;
  client: ArtifactsClient;
  queryClient: QueryClient;
  /** The API root of the fake. */
  url: string;
  /** Sees each request first: answer it, or hand it to `next` (the fake's own answer). */
  intercept: ((request: Request, next: NextHandler) => Response | Promise<Response>) | undefined;
  /** The API requests received with this method, e.g. `"DELETE"`. */
  requests(method: string): string[];
  stop(): Promise<void>;
}

/**
 * A world with repository octo/hello holding `count` artifacts named `artifact-1` … (`artifact-1` the oldest, so
 * listed last), served on 127.0.0.1, and a client with a token on it.
 */
export async function startWorld(count = 0): Promise<TestWorld> {
  const world = createArtifactsWorld({ now: Date.UTC(2024, 0, 10) });
  world.addRepository({ owner: repoRef.owner, name: repoRef.repo });
  for (let i = 1; i <= count; i++) addArtifact(world, i);
  const server = await startFakeGitHub({
    world,
    intercept: (request, next) => test.intercept?.(request, next) ?? next(request),
  });
  // note: a DELETE needs a token; the world takes any.
  const client = createArtifactsClient({ baseUrl: server.url, token: TOKEN, retry: false });
  const test: TestWorld = {
    world,
    client,
    queryClient: createQueryClient(),
    url: server.url,
    intercept: undefined,
    requests: (method) =>
      world.requests.filter((r) => r.host === "api" && r.method === method).map((r) => `${r.method} ${r.path}`),
    stop: async () => {
      test.queryClient.clear();
      await server.stop();
    },
  };
  return test;
}

/** Adds artifact `id` (named `artifact-<id>`), created `id` minutes into the world's day so ids sort by age. */
export function addArtifact(world: ArtifactsWorld, id: number, files?: Record<string, string>) {
  return world.addArtifact({
    repo: REPO,
    id,
    name: `artifact-${id}`,
    createdAt: Date.UTC(2024, 0, 1) + id * 60_000,
    files,
  });
}

/** A promise and the function that settles it, to hold a request in flight until the test lets it go. */
export function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}
