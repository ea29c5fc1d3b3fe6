import { createArtifactsWorld } from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import {
  type ArtifactCleanupOutcome,
  type CleanupCandidate,
  createArtifactsClient,
  ForbiddenError,
  GitHubApiError,
  InvalidInputError,
  RateLimitError,
  runArtifactCleanup,
} from "../src/index.js";
import { artifact } from "./helpers.js";

let server: { close(): Promise<void> } | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

const TARGET = { owner: "o", repo: "r" };

/**
 * How the fake answers `DELETE …/artifacts/{id}`, by id; an id not listed is deleted (204). `"gone"` and
 * `"forbidden"` are the world's own answers (no such artifact; one the token may not delete); a 500, a rate limit
 * and a held answer (released by calling the function given to the callback) come through `intercept`.
 */
type Answer = "gone" | "error" | "forbidden" | "rate-limit" | ((release: () => void) => void);

/** The fake GitHub (testing's world of o/r, artifacts 1 to 20, on loopback), and the ids it was asked to delete. */
async function githubDeleting(answers: Record<number, Answer> = {}) {
  const world = createArtifactsWorld();
  for (let id = 1; id <= 20; id++) {
    if (answers[id] !== "gone") {
      world.addArtifact({ repo: "o/r", id, name: `artifact-${id}`, deletable: answers[id] !== "forbidden" });
    }
  }
  const fake = await startFakeGitHub({
    world,
    intercept: async (request, next) => {
      const answer = answers[Number(/\/artifacts\/(\d+)$/.exec(new URL(request.url).pathname)?.[1])];
      const send = (status: number, message: string, headers: Record<string, string> = {}) =>
        Response.json({ message }, { status, headers });
      if (answer === "error") return send(500, "Server Error");
      if (answer === "rate-limit") {
        const reset = String(Math.floor(Date.now() / 1000) + 3600);
        return send(403, "API rate limit exceeded", { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
      }
      if (typeof answer === "function") await new Promise<void>((release) => answer(release));
      return next(request);
    },
  });
  server = { close: () => fake.stop() };
  const deletes = {
    /** The ids asked to be deleted, in order. */
    get ids() {
      return world.requests
        .filter((r) => r.method === "DELETE")
        .map((r) => Number(/\/artifacts\/(\d+)$/.exec(r.path)?.[1]));
    },
  };
  // note: no retries, so each answer is the outcome of exactly one request.
  const gh = createArtifactsClient({ baseUrl: fake.url, token: "t0ken", retry: false });
  return { gh, deletes };
}

/**
 * `onOutcome` for a run, and `reached(n)`: resolves once `n` outcomes are known, when the pause after the n-th has
 * started. note: an event, not `expect.poll`, which moves fake timers while it polls.
 */
function outcomeCounter() {
  let count = 0;
  const waiting: { n: number; resolve: () => void }[] = [];
  return {
    onOutcome: () => {
      count++;
      for (const w of waiting.filter((w) => w.n <= count)) w.resolve();
    },
    reached: (n: number) => new Promise<void>((resolve) => (n <= count ? resolve() : waiting.push({ n, resolve }))),
  };
}

const artifacts = (...ids: number[]) => ids.map((id) => artifact(id, { size_in_bytes: id * 100 }));

describe("runArtifactCleanup", () => {
  it("deletes in order, counts a 404 as gone, records a failure with its error and goes on after it", async () => {
    const { gh, deletes } = await githubDeleting({ 2: "gone", 3: "error", 4: "forbidden" });
    const list = [...artifacts(1, 2, 3, 4), artifact(5, { size_in_bytes: 7, expired: true }), ...artifacts(6)];
    const events: string[] = [];
    const result = await runArtifactCleanup(gh, TARGET, list, {
      paceMs: 0,
      onStart: (a, index) => events.push(`start ${a.id} @${index}`),
      onOutcome: (o, index) => events.push(`${o.status} ${o.artifact.id} @${index}`),
    });
    expect(deletes.ids).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.deleted.map((a) => a.id)).toEqual([1, 5, 6]);
    expect(result.gone.map((a) => a.id)).toEqual([2]);
    expect(result.failed.map((f) => f.artifact.id)).toEqual([3, 4]);
    expect(result.failed[0]!.error).toBeInstanceOf(GitHubApiError);
    expect(result.failed[0]!.error).toMatchObject({ status: 500 });
    expect(result.failed[1]!.error).toBeInstanceOf(ForbiddenError);
    expect(result.notAttempted).toEqual([]);
    expect(result.stopped).toBeUndefined();
    // note: #5 had expired, so deleting it freed nothing; #2 was freed by whoever deleted it.
    expect(result.bytesFreed).toBe(100 + 600);
    expect(events).toEqual([
      "start 1 @0",
      "deleted 1 @0",
      "start 2 @1",
      "gone 2 @1",
      "start 3 @2",
      "failed 3 @2",
      "start 4 @3",
      "failed 4 @3",
      "start 5 @4",
      "deleted 5 @4",
      "start 6 @5",
      "deleted 6 @5",
    ]);
  });

  it("stops at a RateLimitError: the rest are not attempted", async () => {
    const { gh, deletes } = await githubDeleting({ 2: "rate-limit" });
    const list = artifacts(1, 2, 3, 4);
    const outcomes: ArtifactCleanupOutcome[] = [];
    const result = await runArtifactCleanup(gh, TARGET, list, { paceMs: 0, onOutcome: (o) => outcomes.push(o) });
    expect(deletes.ids).toEqual([1, 2]);
    expect(result.stopped).toBe("rate-limit");
    expect(result.deleted).toEqual([list[0]]);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.error).toBeInstanceOf(RateLimitError);
    expect(result.notAttempted).toEqual([list[2], list[3]]);
    expect(outcomes.map((o) => o.status)).toEqual(["deleted", "failed"]);
  });

  it("a rate limit at the last artifact leaves nothing behind, so the run did not stop early", async () => {
    const { gh } = await githubDeleting({ 2: "rate-limit" });
    const result = await runArtifactCleanup(gh, TARGET, artifacts(1, 2), { paceMs: 0 });
    expect(result.failed).toHaveLength(1);
    expect(result.notAttempted).toEqual([]);
    expect(result.stopped).toBeUndefined();
  });

  it("waits paceMs (1000 by default) between deletes: none before it has elapsed, each exactly that far apart", async () => {
    const { gh, deletes } = await githubDeleting();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const starts: number[] = [];
    const { onOutcome, reached } = outcomeCounter();
    const run = runArtifactCleanup(gh, TARGET, artifacts(1, 2, 3), {
      onStart: () => starts.push(Date.now()),
      onOutcome,
    });
    for (const n of [1, 2]) {
      // note: the fake clock stands still while a delete is in flight; it moves only here, during a pause.
      await reached(n);
      await vi.advanceTimersByTimeAsync(999);
      expect(starts).toHaveLength(n);
      expect(deletes.ids).toHaveLength(n);
      await vi.advanceTimersByTimeAsync(1);
      expect(starts).toHaveLength(n + 1);
    }
    const result = await run;
    expect(deletes.ids).toEqual([1, 2, 3]);
    expect(result.deleted).toHaveLength(3);
    expect(starts.map((t) => t - starts[0]!)).toEqual([0, 1000, 2000]);
  });

  it("paces by paceMs when given", async () => {
    const { gh } = await githubDeleting();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const starts: number[] = [];
    const { onOutcome, reached } = outcomeCounter();
    const run = runArtifactCleanup(gh, TARGET, artifacts(1, 2), {
      paceMs: 2500,
      onStart: () => starts.push(Date.now()),
      onOutcome,
    });
    await reached(1);
    await vi.advanceTimersByTimeAsync(2499);
    expect(starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await run;
    expect(starts[1]! - starts[0]!).toBe(2500);
  });

  it("an abort during a pause ends it at once: the rest are not attempted, and no timer or listener is left", async () => {
    const { gh, deletes } = await githubDeleting();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    const list = artifacts(1, 2, 3);
    const { onOutcome, reached } = outcomeCounter();
    const run = runArtifactCleanup(gh, TARGET, list, { paceMs: 60_000, signal: controller.signal, onOutcome });
    await reached(1);
    // note: counted, not expected to be 1: Node's fetch (undici) keeps timers of its own on the same clock.
    const timers = vi.getTimerCount();
    controller.abort();
    // note: the clock never moves: only the abort can end the pause.
    const result = await run;
    expect(deletes.ids).toEqual([1]);
    expect(result.deleted).toEqual([list[0]]);
    expect(result.notAttempted).toEqual([list[1], list[2]]);
    expect(result.stopped).toBe("aborted");
    expect(vi.getTimerCount()).toBe(timers - 1);
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed.mock.calls).toEqual(added.mock.calls);
  });

  it("a finished pause removes its abort listener too", async () => {
    const { gh } = await githubDeleting();
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { onOutcome, reached } = outcomeCounter();
    const run = runArtifactCleanup(gh, TARGET, artifacts(1, 2, 3), { signal: controller.signal, onOutcome });
    for (const n of [1, 2]) {
      await reached(n);
      await vi.advanceTimersByTimeAsync(1000);
    }
    const result = await run;
    expect(result.deleted).toHaveLength(3);
    expect(added).toHaveBeenCalledTimes(2);
    expect(removed.mock.calls).toEqual(added.mock.calls);
  });

  it("the delete in flight when the signal aborts finishes, and its outcome is known; nothing after it starts", async () => {
    const held: (() => void)[] = [];
    const { gh, deletes } = await githubDeleting({ 2: (release) => held.push(release) });
    const controller = new AbortController();
    const list = artifacts(1, 2, 3);
    const run = runArtifactCleanup(gh, TARGET, list, { paceMs: 0, signal: controller.signal });
    await expect.poll(() => held.length).toBe(1);
    controller.abort();
    held[0]!();
    const result = await run;
    expect(deletes.ids).toEqual([1, 2]);
    expect(result.deleted).toEqual([list[0], list[1]]);
    expect(result.notAttempted).toEqual([list[2]]);
    expect(result.stopped).toBe("aborted");
  });

  it("an already aborted signal deletes nothing", async () => {
    const { gh, deletes } = await githubDeleting();
    const list = artifacts(1, 2);
    const result = await runArtifactCleanup(gh, TARGET, list, { signal: AbortSignal.abort() });
    expect(deletes.ids).toEqual([]);
    expect(result).toEqual({
      deleted: [],
      gone: [],
      failed: [],
      notAttempted: list,
      bytesFreed: 0,
      stopped: "aborted",
    });
  });

  it("an empty list is a run with nothing to do", async () => {
    const { gh, deletes } = await githubDeleting();
    expect(await runArtifactCleanup(gh, TARGET, [])).toEqual({
      deleted: [],
      gone: [],
      failed: [],
      notAttempted: [],
      bytesFreed: 0,
    });
    expect(deletes.ids).toEqual([]);
  });

  it.each([
    ["owner", { owner: "-bad", repo: "r" }, artifacts(1), {}],
    ["repo", { owner: "o", repo: ".." }, artifacts(1), {}],
    ["target", null, artifacts(1), {}],
    ["artifacts", TARGET, "1,2", {}],
    ["artifacts[1]", TARGET, [artifact(1), null], {}],
    ["artifacts[1].id", TARGET, [artifact(1), { ...artifact(2), id: "2" }], {}],
    ["artifacts[0].id", TARGET, [{ ...artifact(1), id: 0 }], {}],
    ["paceMs", TARGET, artifacts(1), { paceMs: -1 }],
    ["paceMs", TARGET, artifacts(1), { paceMs: 1.5 }],
    ["paceMs", TARGET, artifacts(1), { paceMs: 2 ** 31 }],
    ["signal", TARGET, artifacts(1), { signal: { aborted: false } }],
    ["onStart", TARGET, artifacts(1), { onStart: "log" }],
    ["onOutcome", TARGET, artifacts(1), { onOutcome: 1 }],
    ["pace", TARGET, artifacts(1), { pace: 1000 }],
    ["options", TARGET, artifacts(1), null],
  ])("throws InvalidInputError naming %s before any request", async (field, target, list, options) => {
    const { gh, deletes } = await githubDeleting();
    const error = await runArtifactCleanup(gh, target as never, list as never, options as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field });
    expect(deletes.ids).toEqual([]);
  });

  it("accepts paceMs 0 and the largest timer delay", async () => {
    const { gh } = await githubDeleting();
    await expect(runArtifactCleanup(gh, TARGET, artifacts(1), { paceMs: 2 ** 31 - 1 })).resolves.toMatchObject({
      deleted: [expect.objectContaining({ id: 1 })],
    });
    await expect(runArtifactCleanup(gh, TARGET, [], { paceMs: 0 })).resolves.toMatchObject({ deleted: [] });
  });

  it("is generic over the artifact type, like planArtifactCleanup", async () => {
    const { gh } = await githubDeleting();
    type Mine = CleanupCandidate & { label: string };
    const mine: Mine[] = [{ ...artifact(1), label: "one" }];
    const result = await runArtifactCleanup(gh, TARGET, mine, {
      paceMs: 0,
      onOutcome: (outcome) => expectTypeOf(outcome.artifact).toEqualTypeOf<Mine>(),
    });
    expectTypeOf(result.deleted).toEqualTypeOf<Mine[]>();
    expect(result.deleted[0]!.label).toBe("one");
  });
});
