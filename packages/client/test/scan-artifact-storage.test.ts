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
import { addOrgArtifacts, type FakeOrg, orgNames as names, startFakeOrg } from "./start-org.js";

const NOW = Date.parse("2024-06-01T00:00:00Z");
const WINDOW = 1_800_000;
const RESET = Math.floor((NOW + WINDOW) / 1000);
/** A world at `NOW` whose primary rate limit is `limit` requests, `remaining` of them left until `RESET`. */
const limited = (limit: number, remaining: number) => ({
  now: NOW,
  behaviours: { rateLimit: { limit, remaining, windowMs: WINDOW } },
});
/** The primary rate limit's requests left, as the fake counts them (the lowest it has sent in this window). */
const remaining = () => fake!.world.rateLimit()?.remaining;

let fake: FakeOrg | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const client = (options: Parameters<typeof createArtifactsClient>[0] = {}) =>
  createArtifactsClient({ baseUrl: fake!.url, token: "t0ken", ...options });
const listRequests = () => fake!.lists;

describe("scanArtifactStorage", () => {
  it("lists every repository's artifacts, in the order asked, for summarizeArtifactStorage", async () => {
    fake = await startFakeOrg(12, 150, { now: NOW });
    const scan = await scanArtifactStorage(client(), names(12));
    expect(scan.stopped).toBeUndefined();
    expect(scan.failed).toEqual([]);
    expect(scan.pending).toEqual([]);
    expect(scan.repositories.map((r) => r.repository)).toEqual(names(12));
    for (const repo of scan.repositories) {
      expect(repo.fromState).toBe(false);
      expect(repo.artifacts.map((a) => a.id)).toEqual(fake.world.artifacts(repo.repository).map((a) => a.id));
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
    fake = await startFakeOrg(20, 250, { now: NOW });
    await scanArtifactStorage(client(), names(20), { concurrency: 3 });
    expect(fake.maxOpen).toBeLessThanOrEqual(3);
    expect(listRequests()).toHaveLength(60);
  });

  it("lists the first repository alone, until an answer tells the budget", async () => {
    fake = await startFakeOrg(6, 5, { now: NOW });
    await scanArtifactStorage(client(), names(6), { concurrency: 4 });
    expect(fake.arrivals[0]).toEqual({ repository: "org/repo-0", answered: 0 });
    expect(fake.arrivals[1]!.answered).toBe(1);
  });

  it("is not stopped by a reserve reached once every repository was already asked for", async () => {
    fake = await startFakeOrg(3, 5, limited(100, 23));
    const scan = await scanArtifactStorage(client(), names(3), { concurrency: 4 });
    expect(scan.repositories).toHaveLength(3);
    expect(scan.pending).toEqual([]);
    expect(scan.stopped).toBeUndefined();
    expect(scan.rateLimit?.remaining).toBe(20);
  });

  it("stops before the remaining requests fall under the reserve, and says when the window resets", async () => {
    fake = await startFakeOrg(30, 50, limited(100, 35));
    const scan = await scanArtifactStorage(client(), names(30), { concurrency: 4 });
    expect(scan.stopped).toEqual({ reason: "budget", resumeAt: new Date(RESET * 1000) });
    // note: the reserve is 20 % of 100: GitHub never reported fewer than 20 requests left.
    expect(remaining()).toBeGreaterThanOrEqual(20);
    expect(scan.repositories.length).toBeGreaterThan(0);
    expect(scan.repositories.length + scan.pending.length).toBe(30);
    expect(scan.failed).toEqual([]);
    expect(scan.repositories.map((r) => r.repository).sort()).toEqual(Object.keys(scan.state.repositories).sort());
  });

  it("sends nothing more once the first answer shows the reserve reached", async () => {
    fake = await startFakeOrg(10, 5, limited(100, 21));
    const scan = await scanArtifactStorage(client(), names(10), { concurrency: 1, reserve: 0.2 });
    expect(listRequests()).toHaveLength(1);
    expect(scan.repositories.map((r) => r.repository)).toEqual(["org/repo-0"]);
    expect(scan.pending).toHaveLength(9);
    expect(scan.stopped?.reason).toBe("budget");
  });

  it("leaves a repository cut short at the budget pending, never half counted", async () => {
    fake = await startFakeOrg(1, 450, limited(10, 4));
    const scan = await scanArtifactStorage(client(), ["org/repo-0"], { concurrency: 1, reserve: 0.2 });
    expect(scan.stopped?.reason).toBe("budget");
    expect(scan.repositories).toEqual([]);
    expect(scan.pending).toEqual(["org/repo-0"]);
    expect(scan.state.repositories).toEqual({});
    expect(remaining()).toBeGreaterThanOrEqual(2);
  });

  it("resumes from the state of a stopped scan: only the repositories left are listed", async () => {
    fake = await startFakeOrg(30, 50, limited(100, 35));
    const first = await scanArtifactStorage(client(), names(30));
    expect(first.stopped?.reason).toBe("budget");
    // note: the window resets; a new process resumes from the state as JSON.
    fake.world.clock.advance(WINDOW);
    expect(remaining()).toBe(100);
    fake.world.requests.length = 0;
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
    const listed = fake.world.artifacts(restored.repository).map((a) => fake!.world.toJSON(a));
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
    fake = await startFakeOrg(15, 120, { now: NOW });
    const dir = await mkdtemp(join(tmpdir(), "scan-cache-"));
    dirs.push(dir);
    // note: a new client (a new process) for each scan; only the folder carries over.
    const cached = () => client({ cache: createEtagCache(createFileStore(dir)) });
    const first = await scanArtifactStorage(cached(), names(15));
    expect(first.requests).toEqual({ sent: 30, notModified: 0, secondaryLimits: 0 });
    const spent = remaining();
    fake.world.requests.length = 0;
    const second = await scanArtifactStorage(cached(), names(15));
    expect(second.requests).toEqual({ sent: 30, notModified: 30, secondaryLimits: 0 });
    expect(listRequests().every((r) => r.status === 304)).toBe(true);
    expect(remaining()).toBe(spent);
    expect(second.repositories).toEqual(first.repositories);
    // note: one repository changes (a new artifact, first on the first page, which shifts the second): only its
    // pages are sent again.
    addOrgArtifacts(fake.world, "org/repo-3", 1);
    fake.world.requests.length = 0;
    const third = await scanArtifactStorage(cached(), names(15));
    expect(
      listRequests()
        .filter((r) => r.status === 200)
        .map((r) => r.repository),
    ).toEqual(["org/repo-3", "org/repo-3"]);
    expect(third.repositories[3]!.artifacts).toHaveLength(121);
  });

  it("halves the concurrency on a secondary rate limit and grows it back by one per 10 clean listings", async () => {
    fake = await startFakeOrg(40, 5, { now: NOW });
    // note: Retry-After: 0, so the client's retry comes at once.
    fake.world.behave({ secondaryRateLimit: { retryAfterSeconds: 0, times: 1 } }, { repo: "org/repo-2" });
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
    fake = await startFakeOrg(6, 5, { now: NOW });
    fake.world.behave({ secondaryRateLimit: { status: 429, retryAfterSeconds: 0, times: 1 } }, { repo: "org/repo-0" });
    const levels: number[] = [];
    await scanArtifactStorage(client(), names(6), { concurrency: 4, onProgress: (p) => levels.push(p.concurrency) });
    expect(levels.at(-1)).toBe(2);
  });

  it("records a repository it cannot list and goes on with the others", async () => {
    fake = await startFakeOrg(3, 5, { now: NOW });
    const scan = await scanArtifactStorage(client(), ["org/repo-0", "org/missing", "org/repo-2"]);
    expect(scan.repositories.map((r) => r.repository)).toEqual(["org/repo-0", "org/repo-2"]);
    expect(scan.failed).toEqual([{ repository: "org/missing", error: expect.objectContaining({ status: 404 }) }]);
    expect(scan.stopped).toBeUndefined();
    expect(scan.state.repositories["org/missing"]).toBeUndefined();
  });

  it("stops at a primary rate limit the retries cannot outlast, with its reset", async () => {
    fake = await startFakeOrg(8, 5, { now: NOW });
    // note: another process spent the budget: a reset half an hour ahead is more than the retries wait for.
    fake.world.behave({ rateLimit: { limit: 100, remaining: 0, windowMs: WINDOW } }, { repo: "org/repo-3" });
    const before = Date.now();
    const scan = await scanArtifactStorage(client(), names(8), { concurrency: 1 });
    const after = Date.now();
    expect(scan.stopped?.reason).toBe("rate-limit");
    // note: read against the answer's Date header (the world's clock, far from this machine's): half an hour from
    // when the answer came.
    const resumeAt = scan.stopped!.resumeAt!.getTime();
    expect(resumeAt).toBeGreaterThanOrEqual(before + WINDOW);
    expect(resumeAt).toBeLessThanOrEqual(after + WINDOW);
    expect(scan.repositories.map((r) => r.repository)).toEqual(names(3));
    expect(scan.pending).toEqual(names(8).slice(3));
    expect(scan.failed).toEqual([]);
  });

  it("stops when its signal aborts, keeping what it listed", async () => {
    fake = await startFakeOrg(20, 5, { now: NOW });
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
    fake = await startFakeOrg(10, 5, { now: NOW });
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
    fake = await startFakeOrg(2, 5, { now: NOW });
    const scan = await scanArtifactStorage(client(), names(2), { name: "build" });
    expect(listRequests().map((r) => r.request.query.get("name"))).toEqual(["build", "build"]);
    expect(scan.state.name).toBe("build");
    await expect(scanArtifactStorage(client(), names(2), { state: scan.state })).rejects.toThrow(
      'lists artifacts of the name "build", not of every name',
    );
    await expect(scanArtifactStorage(client(), names(2), { name: "" })).rejects.toThrow("Invalid name");
  });

  it("counts a repository given twice once", async () => {
    fake = await startFakeOrg(2, 5, { now: NOW });
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
    fake = await startFakeOrg(1, 1, { now: NOW });
    await expect(scanArtifactStorage(client(), repositories as string[])).rejects.toMatchObject({
      name: "InvalidInputError",
      field,
    });
    expect(fake.world.requests).toEqual([]);
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
    fake = await startFakeOrg(1, 1, { now: NOW });
    await expect(scanArtifactStorage(client(), ["org/repo-0"], options as never)).rejects.toMatchObject({
      name: "InvalidInputError",
      field,
    });
    expect(fake.world.requests).toEqual([]);
  });

  it("refuses a state made against another API root, or with a malformed record", async () => {
    fake = await startFakeOrg(1, 1, { now: NOW });
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
    fake = await startFakeOrg(2, 1, { now: NOW });
    const gh = client();
    await scanArtifactStorage(gh, [...names(2), "org/missing"]);
    expect(internalsOf(gh).observers.size).toBe(0);
  });

  it("is never fooled into a RateLimitError by a plain 403", async () => {
    fake = await startFakeOrg(2, 1, { now: NOW });
    fake.world.behave({ error: { status: 403, message: "Must have admin rights" } }, { repo: "org/repo-0" });
    const scan = await scanArtifactStorage(client(), names(2));
    expect(scan.failed.map((f) => f.error)).toEqual([expect.not.objectContaining({ name: RateLimitError.name })]);
    expect(scan.requests.secondaryLimits).toBe(0);
    expect(scan.repositories.map((r) => r.repository)).toEqual(["org/repo-1"]);
  });
});
