import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ArtifactScanProgress,
  createArtifactsClient,
  createEtagCache,
  InvalidInputError,
  RateLimitError,
  scanArtifactStorage,
  summarizeArtifactStorage,
} from "../src/index.js";
import { internalsOf } from "../src/internals.js";
import { createFileStore } from "../src/node/index.js";
import { type FakeOrg, orgArtifacts, orgRepos, startFakeOrg } from "./fake-org.js";

const NOW = Date.parse("2024-06-01T00:00:00Z");
const RESET = Math.floor(NOW / 1000) + 1800;

let fake: FakeOrg | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const client = (options: Parameters<typeof createArtifactsClient>[0] = {}) =>
  createArtifactsClient({ baseUrl: fake!.url, token: "t0ken", ...options });
const names = (count: number) => Array.from({ length: count }, (_, r) => `org/repo-${r}`);
const listRequests = () => fake!.requests.filter((r) => r.repository !== "");

describe("scanArtifactStorage", () => {
  it("lists every repository's artifacts, in the order asked, for summarizeArtifactStorage", async () => {
    fake = await startFakeOrg(orgRepos(12, 150, NOW));
    const scan = await scanArtifactStorage(client(), names(12));
    expect(scan.stopped).toBeUndefined();
    expect(scan.failed).toEqual([]);
    expect(scan.pending).toEqual([]);
    expect(scan.repositories.map((r) => r.repository)).toEqual(names(12));
    for (const repo of scan.repositories) {
      expect(repo.fromState).toBe(false);
      expect(repo.artifacts.map((a) => a.id)).toEqual(fake.repos.get(repo.repository)!.map((a) => a.id));
    }
    // note: 150 artifacts are two pages of 100, each asked for once.
    expect(listRequests()).toHaveLength(24);
    expect(scan.requests).toEqual({ sent: 24, notModified: 0, secondaryLimits: 0 });
    expect(scan.rateLimit).toMatchObject({ limit: 5000, remaining: 5000 - 24, resource: "core" });
    const { totals } = summarizeArtifactStorage(scan.repositories, { now: NOW });
    expect(totals.count + totals.expired).toBe(12 * 150);
    expect(Object.keys(scan.state.repositories).sort()).toEqual(names(12).sort());
  });

  it("lists at most `concurrency` repositories at once, one page at a time", async () => {
    fake = await startFakeOrg(orgRepos(20, 250, NOW));
    await scanArtifactStorage(client(), names(20), { concurrency: 3 });
    expect(fake.maxOpen).toBeLessThanOrEqual(3);
    expect(listRequests()).toHaveLength(60);
  });

  it("lists the first repository alone, until an answer tells the budget", async () => {
    fake = await startFakeOrg(orgRepos(6, 5, NOW));
    await scanArtifactStorage(client(), names(6), { concurrency: 4 });
    expect(fake.arrivals[0]).toEqual({ repository: "org/repo-0", answered: 0 });
    expect(fake.arrivals[1]!.answered).toBe(1);
  });

  it("is not stopped by a reserve reached once every repository was already asked for", async () => {
    fake = await startFakeOrg(orgRepos(3, 5, NOW), { limit: 100, remaining: 23, reset: RESET });
    const scan = await scanArtifactStorage(client(), names(3), { concurrency: 4 });
    expect(scan.repositories).toHaveLength(3);
    expect(scan.pending).toEqual([]);
    expect(scan.stopped).toBeUndefined();
    expect(scan.rateLimit?.remaining).toBe(20);
  });

  it("stops before the remaining requests fall under the reserve, and says when the window resets", async () => {
    fake = await startFakeOrg(orgRepos(30, 50, NOW), { limit: 100, remaining: 35, reset: RESET });
    const scan = await scanArtifactStorage(client(), names(30), { concurrency: 4 });
    expect(scan.stopped).toEqual({ reason: "budget", resumeAt: new Date(RESET * 1000) });
    // note: the reserve is 20 % of 100: GitHub never reported fewer than 20 requests left.
    expect(fake.lowestRemaining).toBeGreaterThanOrEqual(20);
    expect(scan.repositories.length).toBeGreaterThan(0);
    expect(scan.repositories.length + scan.pending.length).toBe(30);
    expect(scan.failed).toEqual([]);
    expect(scan.repositories.map((r) => r.repository).sort()).toEqual(Object.keys(scan.state.repositories).sort());
  });

  it("sends nothing more once the first answer shows the reserve reached", async () => {
    fake = await startFakeOrg(orgRepos(10, 5, NOW), { limit: 100, remaining: 21, reset: RESET });
    const scan = await scanArtifactStorage(client(), names(10), { concurrency: 1, reserve: 0.2 });
    expect(listRequests()).toHaveLength(1);
    expect(scan.repositories.map((r) => r.repository)).toEqual(["org/repo-0"]);
    expect(scan.pending).toHaveLength(9);
    expect(scan.stopped?.reason).toBe("budget");
  });

  it("leaves a repository cut short at the budget pending, never half counted", async () => {
    const repos = orgRepos(1, 450, NOW);
    fake = await startFakeOrg(repos, { limit: 10, remaining: 4, reset: RESET });
    const scan = await scanArtifactStorage(client(), ["org/repo-0"], { concurrency: 1, reserve: 0.2 });
    expect(scan.stopped?.reason).toBe("budget");
    expect(scan.repositories).toEqual([]);
    expect(scan.pending).toEqual(["org/repo-0"]);
    expect(scan.state.repositories).toEqual({});
    expect(fake.lowestRemaining).toBeGreaterThanOrEqual(2);
  });

  it("resumes from the state of a stopped scan: only the repositories left are listed", async () => {
    fake = await startFakeOrg(orgRepos(30, 50, NOW), { limit: 100, remaining: 35, reset: RESET });
    const first = await scanArtifactStorage(client(), names(30));
    expect(first.stopped?.reason).toBe("budget");
    // note: the window resets; a new process resumes from the state as JSON.
    fake.rateLimit = { limit: 100, remaining: 100, reset: RESET + 3600 };
    fake.requests.length = 0;
    const state = JSON.parse(JSON.stringify(first.state));
    const second = await scanArtifactStorage(client(), names(30), { state });
    expect(second.stopped).toBeUndefined();
    expect(new Set(listRequests().map((r) => r.repository))).toEqual(new Set(first.pending));
    expect(listRequests()).toHaveLength(first.pending.length);
    expect(second.repositories.map((r) => r.repository)).toEqual(names(30));
    expect(second.repositories.filter((r) => r.fromState).map((r) => r.repository)).toEqual(
      first.repositories.map((r) => r.repository),
    );
    const restored = second.repositories.find((r) => r.fromState)!;
    const listed = fake.repos.get(restored.repository)!;
    expect(restored.artifacts.map((a) => [a.id, a.size_in_bytes, a.workflow_run?.head_branch])).toEqual(
      listed.map((a) => [a.id, a.size_in_bytes, a.workflow_run?.head_branch]),
    );
    const { totals } = summarizeArtifactStorage(second.repositories, { now: NOW });
    expect(totals.count + totals.expired).toBe(30 * 50);
    expect(Object.keys(second.state.repositories).sort()).toEqual([...names(30)].sort());
    // note: the state given is left as it was.
    expect(Object.keys(state.repositories)).toHaveLength(first.repositories.length);
  });

  it("a rescan of unchanged repositories through a file-backed ETag cache is all 304s, which spend no budget", async () => {
    fake = await startFakeOrg(orgRepos(15, 120, NOW));
    const dir = await mkdtemp(join(tmpdir(), "scan-cache-"));
    dirs.push(dir);
    // note: a new client (a new process) for each scan; only the folder carries over.
    const cached = () => client({ cache: createEtagCache(createFileStore(dir)) });
    const first = await scanArtifactStorage(cached(), names(15));
    expect(first.requests).toEqual({ sent: 30, notModified: 0, secondaryLimits: 0 });
    const spent = fake.rateLimit.remaining;
    fake.requests.length = 0;
    const second = await scanArtifactStorage(cached(), names(15));
    expect(second.requests).toEqual({ sent: 30, notModified: 30, secondaryLimits: 0 });
    expect(listRequests().every((r) => r.status === 304)).toBe(true);
    expect(fake.rateLimit.remaining).toBe(spent);
    expect(second.repositories).toEqual(first.repositories);
    // note: one repository changes: only its pages are sent again.
    fake.repos.set("org/repo-3", orgArtifacts(4, 121, NOW));
    fake.requests.length = 0;
    const third = await scanArtifactStorage(cached(), names(15));
    expect(
      listRequests()
        .filter((r) => r.status === 200)
        .map((r) => r.repository),
    ).toEqual(["org/repo-3", "org/repo-3"]);
    expect(third.repositories[3]!.artifacts).toHaveLength(121);
  });

  it("halves the concurrency on a secondary rate limit and grows it back by one per 10 clean listings", async () => {
    fake = await startFakeOrg(orgRepos(40, 5, NOW));
    fake.override = (_req, res, { repository, index }) => {
      if (repository !== "org/repo-2" || index > 0) return false;
      // note: Retry-After: 0, so the client's retry comes at once.
      res
        .writeHead(403, { "content-type": "application/json", "retry-after": "0" })
        .end(JSON.stringify({ message: "You have exceeded a secondary rate limit." }));
      return true;
    };
    const seen: ArtifactScanProgress[] = [];
    const scan = await scanArtifactStorage(client(), names(40), { concurrency: 4, onProgress: (p) => seen.push(p) });
    expect(scan.stopped).toBeUndefined();
    expect(scan.repositories).toHaveLength(40);
    expect(scan.requests.secondaryLimits).toBe(1);
    const levels = seen.map((p) => p.concurrency);
    const halved = levels.indexOf(2);
    expect(halved).toBeGreaterThanOrEqual(0);
    expect(levels.slice(0, halved).every((c) => c === 4)).toBe(true);
    // note: back to 3 after 10 listings, then to 4 after 10 more; never halved again.
    const after = levels.slice(halved);
    expect(after.filter((c) => c === 2).length).toBeGreaterThanOrEqual(9);
    expect(after).toEqual([...after].sort((a, b) => a - b));
    expect(after.at(-1)).toBe(4);
    expect(after.indexOf(4) - after.indexOf(3)).toBe(10);
    expect(seen.map((p) => p.done)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("a 429 counts as a secondary limit too", async () => {
    fake = await startFakeOrg(orgRepos(6, 5, NOW));
    fake.override = (_req, res, { repository, index }) => {
      if (repository !== "org/repo-0" || index > 0) return false;
      res.writeHead(429, { "content-type": "application/json", "retry-after": "0" }).end("{}");
      return true;
    };
    const levels: number[] = [];
    await scanArtifactStorage(client(), names(6), { concurrency: 4, onProgress: (p) => levels.push(p.concurrency) });
    expect(levels.at(-1)).toBe(2);
  });

  it("records a repository it cannot list and goes on with the others", async () => {
    fake = await startFakeOrg(orgRepos(3, 5, NOW));
    const scan = await scanArtifactStorage(client(), ["org/repo-0", "org/missing", "org/repo-2"]);
    expect(scan.repositories.map((r) => r.repository)).toEqual(["org/repo-0", "org/repo-2"]);
    expect(scan.failed).toEqual([{ repository: "org/missing", error: expect.objectContaining({ status: 404 }) }]);
    expect(scan.stopped).toBeUndefined();
    expect(scan.state.repositories["org/missing"]).toBeUndefined();
  });

  it("stops at a primary rate limit the retries cannot outlast, with its reset", async () => {
    fake = await startFakeOrg(orgRepos(8, 5, NOW));
    // note: another process spent the budget: a reset half an hour ahead is more than the retries wait for.
    const reset = Math.floor(Date.now() / 1000) + 1800;
    fake.override = (_req, res, { repository }) => {
      if (repository !== "org/repo-3") return false;
      const headers = { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) };
      res
        .writeHead(403, { "content-type": "application/json", ...headers })
        .end(JSON.stringify({ message: "API rate limit exceeded" }));
      return true;
    };
    const scan = await scanArtifactStorage(client(), names(8), { concurrency: 1 });
    expect(scan.stopped?.reason).toBe("rate-limit");
    // note: read against the answer's Date header, which has whole seconds.
    expect(Math.abs(scan.stopped!.resumeAt!.getTime() - reset * 1000)).toBeLessThan(1000);
    expect(scan.repositories.map((r) => r.repository)).toEqual(names(3));
    expect(scan.pending).toEqual(names(8).slice(3));
    expect(scan.failed).toEqual([]);
  });

  it("stops when its signal aborts, keeping what it listed", async () => {
    fake = await startFakeOrg(orgRepos(20, 5, NOW));
    const controller = new AbortController();
    const scan = await scanArtifactStorage(client(), names(20), {
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 5) controller.abort();
      },
    });
    expect(scan.stopped).toEqual({ reason: "aborted", resumeAt: undefined });
    expect(scan.repositories.length).toBeGreaterThanOrEqual(5);
    expect(scan.repositories.length + scan.pending.length).toBe(20);
    expect(Object.keys(scan.state.repositories)).toHaveLength(scan.repositories.length);
  });

  it("throws what onProgress throws, once the listings in flight are done", async () => {
    fake = await startFakeOrg(orgRepos(10, 5, NOW));
    const boom = new Error("boom");
    await expect(
      scanArtifactStorage(client(), names(10), {
        onProgress: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(listRequests().length).toBeLessThanOrEqual(4);
  });

  it("lists only the artifacts of `name` when given (asked of GitHub), and keeps its state apart", async () => {
    fake = await startFakeOrg(orgRepos(2, 5, NOW));
    const seen: string[] = [];
    fake.override = (req) => {
      seen.push(new URL(req.url ?? "", "http://x").searchParams.get("name") ?? "");
      return false;
    };
    const scan = await scanArtifactStorage(client(), names(2), { name: "build" });
    expect(seen).toEqual(["build", "build"]);
    expect(scan.state.name).toBe("build");
    await expect(scanArtifactStorage(client(), names(2), { state: scan.state })).rejects.toThrow(
      'lists artifacts of the name "build", not of every name',
    );
    await expect(scanArtifactStorage(client(), names(2), { name: "" })).rejects.toThrow("Invalid name");
  });

  it("counts a repository given twice once", async () => {
    fake = await startFakeOrg(orgRepos(2, 5, NOW));
    const scan = await scanArtifactStorage(client(), ["org/repo-0", "org/repo-1", "org/repo-0"]);
    expect(scan.repositories.map((r) => r.repository)).toEqual(["org/repo-0", "org/repo-1"]);
    expect(listRequests()).toHaveLength(2);
  });

  it.each([
    [["org"], "repositories[0]"],
    [["o/r/x"], "repositories[0]"],
    [["o/r", "bad owner/r"], "owner"],
    [["o/r", 7], "repositories[1]"],
  ])("refuses the repositories %j before any request, naming %s", async (repositories, field) => {
    fake = await startFakeOrg(orgRepos(1, 1, NOW));
    await expect(scanArtifactStorage(client(), repositories as string[])).rejects.toMatchObject({
      name: "InvalidInputError",
      field,
    });
    expect(fake.requests).toEqual([]);
  });

  it.each([
    [{ reserve: 1.5 }, "reserve"],
    [{ reserve: Number.NaN }, "reserve"],
    [{ concurrency: 0 }, "concurrency"],
    [{ concurrency: 17 }, "concurrency"],
    [{ signal: {} }, "signal"],
    [{ onProgress: "yes" }, "onProgress"],
    [{ pace: 1 }, "pace"],
    [{ state: { version: 2 } }, "state"],
  ])("refuses the options %j before any request, naming %s", async (options, field) => {
    fake = await startFakeOrg(orgRepos(1, 1, NOW));
    await expect(scanArtifactStorage(client(), ["org/repo-0"], options as never)).rejects.toMatchObject({
      name: "InvalidInputError",
      field,
    });
    expect(fake.requests).toEqual([]);
  });

  it("refuses a state made against another API root, or with a malformed record", async () => {
    fake = await startFakeOrg(orgRepos(1, 1, NOW));
    const scan = await scanArtifactStorage(client(), ["org/repo-0"]);
    const other = { ...scan.state, baseUrl: "https://ghes.example/api/v3" };
    await expect(scanArtifactStorage(client(), ["org/repo-0"], { state: other })).rejects.toThrow(
      "was made against another API root",
    );
    const broken = JSON.parse(JSON.stringify(scan.state));
    broken.repositories["org/repo-0"].artifacts[0].size_in_bytes = "big";
    await expect(scanArtifactStorage(client(), ["org/repo-0"], { state: broken })).rejects.toThrow(InvalidInputError);
  });

  it("leaves the client unwatched once done, even after a failure", async () => {
    fake = await startFakeOrg(orgRepos(2, 1, NOW));
    const gh = client();
    await scanArtifactStorage(gh, [...names(2), "org/missing"]);
    expect(internalsOf(gh).observers.size).toBe(0);
  });

  it("is never fooled into a RateLimitError by a plain 403", async () => {
    fake = await startFakeOrg(orgRepos(2, 1, NOW));
    fake.override = (_req, res, { repository }) => {
      if (repository !== "org/repo-0") return false;
      res
        .writeHead(403, { "content-type": "application/json" })
        .end(JSON.stringify({ message: "Must have admin rights" }));
      return true;
    };
    const scan = await scanArtifactStorage(client(), names(2));
    expect(scan.failed.map((f) => f.error)).toEqual([expect.not.objectContaining({ name: RateLimitError.name })]);
    expect(scan.requests.secondaryLimits).toBe(0);
    expect(scan.repositories.map((r) => r.repository)).toEqual(["org/repo-1"]);
  });
});
