import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ArtifactCleanupPlan,
  type ArtifactCleanupPolicy,
  InvalidInputError,
  parseDuration,
  planArtifactCleanup,
} from "../src/index.js";
import { artifact, type WireArtifact } from "./helpers.js";

const NOW = Date.parse("2024-06-01T00:00:00Z");
const DAY = 86_400_000;

/** An artifact of a small set of names and branches, so groups have several members and ties happen. */
const candidate = fc
  .record({
    name: fc.constantFrom("build", "logs", "dist"),
    branch: fc.constantFrom("main", "dev", null, undefined),
    // note: whole days back from NOW (where the policies' cutoffs fall) give or take a millisecond or an hour, so
    // artifacts sit right at, just before and just after a cutoff; plus a few unreadable dates.
    created: fc.oneof(
      {
        weight: 9,
        arbitrary: fc
          .tuple(fc.integer({ min: -16, max: 1 }), fc.constantFrom(-3_600_000, -1, 0, 1, 3_600_000))
          .map(([days, offset]) => new Date(NOW + days * DAY + offset).toISOString()),
      },
      { weight: 1, arbitrary: fc.constantFrom(null, "not a date") },
    ),
    expired: fc.boolean(),
    size: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map(({ name, branch, created, expired, size }) => ({
    name,
    created_at: created,
    expired,
    size_in_bytes: size,
    // note: no run at all, a run without a branch, and a run with one: the first two are the same group.
    workflow_run: branch === undefined ? null : branch === null ? { id: 1 } : { id: 1, head_branch: branch },
  }));

/** Artifacts with unique ids, as GitHub's list gives them. */
const artifactList = fc
  // note: "medium" size, so most lists are long enough for groups to have several members.
  .array(candidate, { maxLength: 40, size: "medium" })
  .chain((items) =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: items.length, maxLength: items.length })
      .map((ids) => items.map((item, i) => artifact(ids[i]!, item as Partial<WireArtifact>))),
  );

const policy: fc.Arbitrary<ArtifactCleanupPolicy> = fc.record(
  {
    keepLatest: fc.integer({ min: 0, max: 5 }),
    olderThanMs: fc.integer({ min: 0, max: 15 }).map((d) => d * DAY),
    name: fc.constantFrom("build", "logs", "other"),
    branch: fc.constantFrom("main", "dev"),
    includeExpired: fc.boolean(),
  },
  { requiredKeys: [] },
);

// note: 500 runs instead of 100: an artifact exactly at a cutoff and outside every keep and filter is rare enough
// that 100 runs can miss an off-by-one there (measured); 500 take well under a second.
const runs = { numRuns: 500 };

const branchOf = (a: WireArtifact) => a.workflow_run?.head_branch ?? null;
const created = (a: WireArtifact) => (a.created_at ? Date.parse(a.created_at) : Number.NaN);
const ids = (list: readonly WireArtifact[]) => list.map((a) => a.id).sort((x, y) => x - y);
const keptOf = (plan: ArtifactCleanupPlan<WireArtifact>) => plan.groups.flatMap((g) => g.keep);

describe("planArtifactCleanup: properties", () => {
  it("never deletes one of the newest keepLatest live artifacts of a group", () => {
    fc.assert(
      fc.property(artifactList, policy, (artifacts, p) => {
        const plan = planArtifactCleanup(artifacts, p, NOW);
        const deleted = new Set(plan.delete.map((a) => a.id));
        for (const group of plan.groups) {
          const live = artifacts
            .filter((a) => a.name === group.name && branchOf(a) === group.branch && !a.expired)
            .sort((a, b) => (created(b) || -Infinity) - (created(a) || -Infinity) || b.id - a.id);
          for (const newest of live.slice(0, p.keepLatest ?? 0)) expect(deleted.has(newest.id)).toBe(false);
        }
      }),
      runs,
    );
  });

  it("never deletes an artifact created at or after the cutoff, or of unknown age", () => {
    fc.assert(
      fc.property(artifactList, policy, (artifacts, p) => {
        const plan = planArtifactCleanup(artifacts, p, NOW);
        expect(plan.cutoff.getTime()).toBe(NOW - (p.olderThanMs ?? 0));
        for (const a of plan.delete) expect(created(a)).toBeLessThan(NOW - (p.olderThanMs ?? 0));
      }),
      runs,
    );
  });

  it("never deletes an expired artifact unless includeExpired", () => {
    fc.assert(
      fc.property(artifactList, policy, (artifacts, p) => {
        const plan = planArtifactCleanup(artifacts, { ...p, includeExpired: false }, NOW);
        expect(plan.delete.filter((a) => a.expired)).toEqual([]);
        expect(plan.groups.flatMap((g) => g.keep).filter((a) => a.expired)).toEqual([]);
      }),
      runs,
    );
  });

  it("never deletes an artifact outside the name or branch filter", () => {
    fc.assert(
      fc.property(artifactList, policy, (artifacts, p) => {
        const plan = planArtifactCleanup(artifacts, p, NOW);
        for (const a of plan.delete) {
          if (p.name !== undefined) expect(a.name).toBe(p.name);
          if (p.branch !== undefined) expect(branchOf(a)).toBe(p.branch);
        }
      }),
      runs,
    );
  });

  it("deletes every considered artifact past the cutoff that is not among the newest keepLatest", () => {
    fc.assert(
      fc.property(artifactList, policy, (artifacts, p) => {
        const plan = planArtifactCleanup(artifacts, p, NOW);
        for (const group of plan.groups) {
          const protectedIds = new Set(
            group.keep
              .filter((a) => !a.expired)
              .slice(0, p.keepLatest ?? 0)
              .map((a) => a.id),
          );
          for (const a of group.keep) {
            if (!protectedIds.has(a.id)) expect(created(a) < NOW - (p.olderThanMs ?? 0)).toBe(false);
          }
        }
      }),
      runs,
    );
  });

  it("puts every input artifact in exactly one of keep, delete or skipped", () => {
    fc.assert(
      fc.property(artifactList, policy, (artifacts, p) => {
        const plan = planArtifactCleanup(artifacts, p, NOW);
        const all = [...keptOf(plan), ...plan.delete, ...plan.skipped.map((s) => s.artifact)];
        expect(ids(all)).toEqual(ids(artifacts));
        expect(ids(plan.groups.flatMap((g) => g.delete))).toEqual(ids(plan.delete));
      }),
      runs,
    );
  });

  it("sums bytes and counts: expired artifacts free 0 bytes", () => {
    fc.assert(
      fc.property(artifactList, policy, (artifacts, p) => {
        const plan = planArtifactCleanup(artifacts, p, NOW);
        const live = plan.delete.filter((a) => !a.expired);
        expect(plan.totals).toEqual({
          count: plan.delete.length,
          bytes: live.reduce((s, a) => s + a.size_in_bytes, 0),
          kept: keptOf(plan).length,
          skipped: plan.skipped.length,
        });
        for (const g of plan.groups) {
          expect(g.bytes).toBe(g.delete.reduce((s, a) => s + (a.expired ? 0 : a.size_in_bytes), 0));
        }
      }),
      runs,
    );
  });

  it("gives the same plan for the same artifacts in any order", () => {
    fc.assert(
      fc.property(
        artifactList.chain((list) =>
          fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
        ),
        policy,
        ([artifacts, shuffled], p) => {
          expect(planArtifactCleanup(shuffled, p, NOW)).toEqual(planArtifactCleanup(artifacts, p, NOW));
        },
      ),
      runs,
    );
  });

  it("counts an id once: copies of its artifacts, anywhere in the list, never change the plan", () => {
    fc.assert(
      fc.property(
        artifactList.chain((list) =>
          fc.tuple(
            fc.constant(list),
            // note: copies as separate objects (pages parsed twice) and the same objects, at any place in the list.
            fc.tuple(fc.subarray(list), fc.subarray(list)).chain(([copies, same]) =>
              fc.shuffledSubarray([...list, ...copies.map((a) => structuredClone(a)), ...same], {
                minLength: list.length + copies.length + same.length,
              }),
            ),
          ),
        ),
        policy,
        ([artifacts, withCopies], p) => {
          const plan = planArtifactCleanup(withCopies, p, NOW);
          expect(plan).toEqual(planArtifactCleanup(artifacts, p, NOW));
          expect(ids(plan.delete)).toEqual([...new Set(ids(plan.delete))]);
        },
      ),
      runs,
    );
  });

  it("lists the deletions oldest first", () => {
    fc.assert(
      fc.property(artifactList, policy, (artifacts, p) => {
        const times = planArtifactCleanup(artifacts, p, NOW).delete.map(created);
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }),
      runs,
    );
  });
});

describe("planArtifactCleanup: examples", () => {
  const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();
  const main = { id: 1, head_branch: "main" };

  it("keeps the newest N per (name, branch), deletes the older ones past the cutoff", () => {
    const artifacts = [
      artifact(1, { name: "build", created_at: at(10), workflow_run: main }),
      artifact(2, { name: "build", created_at: at(9), workflow_run: main }),
      artifact(3, { name: "build", created_at: at(1), workflow_run: main }),
      artifact(4, { name: "build", created_at: at(30), workflow_run: { id: 2, head_branch: "dev" } }),
      artifact(5, { name: "build", created_at: at(30), workflow_run: null }),
      artifact(6, { name: "build", created_at: at(30), workflow_run: null, expired: true }),
    ];
    const plan = planArtifactCleanup(artifacts, { keepLatest: 1, olderThanMs: 7 * DAY }, new Date(NOW));
    expect(plan.groups.map((g) => [g.name, g.branch, g.keep.map((a) => a.id), g.delete.map((a) => a.id)])).toEqual([
      ["build", "dev", [4], []],
      ["build", "main", [3], [2, 1]],
      ["build", null, [5], []],
    ]);
    expect(plan.delete.map((a) => a.id)).toEqual([1, 2]);
    expect(plan.skipped).toEqual([{ artifact: artifacts[5], reason: "expired" }]);
    expect(plan.totals).toEqual({ count: 2, bytes: 200, kept: 3, skipped: 1 });
  });

  it("breaks created_at ties by id, higher is newer", () => {
    const artifacts = [7, 9, 8].map((id) => artifact(id, { name: "x", created_at: at(10) }));
    const plan = planArtifactCleanup(artifacts, { keepLatest: 1 }, NOW);
    expect(plan.groups[0]!.keep.map((a) => a.id)).toEqual([9]);
    expect(plan.delete.map((a) => a.id)).toEqual([7, 8]);
  });

  it("does not count an expired artifact among the newest kept, and deletes it for 0 bytes when asked", () => {
    const artifacts = [
      artifact(1, { name: "x", created_at: at(10), size_in_bytes: 50 }),
      artifact(2, { name: "x", created_at: at(9), size_in_bytes: 70, expired: true }),
    ];
    const plan = planArtifactCleanup(artifacts, { keepLatest: 1, includeExpired: true }, NOW);
    expect(plan.groups[0]!.keep.map((a) => a.id)).toEqual([1]);
    expect(plan.delete.map((a) => a.id)).toEqual([2]);
    expect(plan.totals.bytes).toBe(0);
  });

  it("skips artifacts outside the name and branch filters, saying which", () => {
    const artifacts = [
      artifact(1, { name: "x", created_at: at(10), workflow_run: main }),
      artifact(2, { name: "y", created_at: at(10), workflow_run: main }),
      artifact(3, { name: "x", created_at: at(10), workflow_run: null }),
    ];
    const plan = planArtifactCleanup(artifacts, { name: "x", branch: "main" }, NOW);
    expect(plan.delete.map((a) => a.id)).toEqual([1]);
    expect(plan.skipped.map((s) => [s.artifact.id, s.reason])).toEqual([
      [2, "name"],
      [3, "branch"],
    ]);
  });

  it("deletes an artifact a millisecond older than the cutoff and keeps one exactly at it", () => {
    const cutoff = NOW - 7 * DAY;
    const artifacts = [
      artifact(1, { created_at: new Date(cutoff - 1).toISOString() }),
      artifact(2, { created_at: new Date(cutoff).toISOString() }),
    ];
    const plan = planArtifactCleanup(artifacts, { olderThanMs: 7 * DAY }, NOW);
    expect(plan.delete.map((a) => a.id)).toEqual([1]);
    expect(plan.cutoff).toEqual(new Date(cutoff));
  });

  it("keeps an artifact whose created_at is missing or unreadable", () => {
    const artifacts = [artifact(1, { created_at: null }), artifact(2, { created_at: "yesterday" })];
    const plan = planArtifactCleanup(artifacts, {}, NOW);
    expect(plan.delete).toEqual([]);
    expect(plan.totals.kept).toBe(2);
  });

  it.each<[ArtifactCleanupPolicy, string]>([
    [{ keepLatest: -1 }, "keepLatest"],
    [{ keepLatest: 1.5 }, "keepLatest"],
    [{ olderThanMs: Number.NaN }, "olderThanMs"],
    [{ olderThanMs: -1 }, "olderThanMs"],
    [{ olderThanMs: Number.POSITIVE_INFINITY }, "olderThanMs"],
    [{ name: "" }, "name"],
    [{ branch: 3 as unknown as string }, "branch"],
    [{ includeExpired: "yes" as unknown as boolean }, "includeExpired"],
    [{ olderThan: 5 } as ArtifactCleanupPolicy, "olderThan"],
    [null as unknown as ArtifactCleanupPolicy, "policy"],
  ])("rejects the policy %j with InvalidInputError naming %s", (bad, field) => {
    expect(() => planArtifactCleanup([], bad, NOW)).toThrow(
      expect.objectContaining({ name: "InvalidInputError", field }),
    );
  });

  it("counts a repeated id once when the copies agree, keeping the first (fields it does not read may differ)", () => {
    const build = (id: number, day: number, extra: Partial<WireArtifact> = {}) =>
      artifact(id, { name: "build", created_at: new Date(NOW - day * DAY).toISOString(), ...extra });
    const newest = build(3, 10);
    const copy = { ...newest, updated_at: "2030-01-01T00:00:00Z" };
    const plan = planArtifactCleanup([newest, build(2, 11), copy, build(1, 12)], { keepLatest: 2 }, NOW);
    expect(plan.groups[0]?.keep.map((a) => a.id)).toEqual([3, 2]);
    expect(plan.groups[0]?.keep[0]).toBe(newest);
    expect(plan.delete.map((a) => a.id)).toEqual([1]);
    expect(plan.totals).toMatchObject({ count: 1, kept: 2 });
  });

  it("refuses a repeated id whose copies disagree on what the plan reads, naming artifacts and the id", () => {
    const one = artifact(7, { name: "build", created_at: new Date(NOW - 10 * DAY).toISOString() });
    for (const [field, change] of [
      ["expired", { expired: true }],
      ["created_at", { created_at: new Date(NOW - 20 * DAY).toISOString() }],
      ["size_in_bytes", { size_in_bytes: one.size_in_bytes + 1 }],
      ["workflow_run.head_branch", { workflow_run: { ...one.workflow_run, head_branch: "other" } }],
    ] as const) {
      let error: unknown;
      try {
        planArtifactCleanup([one, artifact(8), { ...one, ...change }], {}, NOW);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({
        field: "artifacts",
        rule: `must not hold artifact 7 twice with different ${field}`,
      });
    }
  });

  it("rejects an invalid now and a non-array", () => {
    expect(() => planArtifactCleanup([], {}, new Date(Number.NaN))).toThrow(InvalidInputError);
    expect(() => planArtifactCleanup({} as never, {}, NOW)).toThrow(expect.objectContaining({ field: "artifacts" }));
  });
});

describe("parseDuration", () => {
  it.each([
    ["90m", 90 * 60_000],
    ["12h", 12 * 3_600_000],
    ["7d", 7 * DAY],
    ["2w", 14 * DAY],
    ["250ms", 250],
    ["0s", 0],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "7", "d", "1.5h", "1h30m", "-1d", "7 days", "99999999999999999d"])(
    "refuses %j with InvalidInputError naming the field",
    (text) => {
      expect(() => parseDuration(text, "--older-than")).toThrow(
        expect.objectContaining({ name: "InvalidInputError", field: "--older-than" }),
      );
    },
  );
});
