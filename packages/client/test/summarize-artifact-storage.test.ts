import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ArtifactStorageGroupBy,
  type ArtifactStorageUsage,
  InvalidInputError,
  type RepositoryArtifacts,
  summarizeArtifactStorage,
} from "../src/index.js";
import { artifact, type WireArtifact } from "./helpers.js";

const NOW = Date.parse("2024-06-01T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GiB = 2 ** 30;
const GROUP_BY: ArtifactStorageGroupBy[] = ["repository", "name", "branch"];

/** An artifact around NOW: expiring from two days ago to 40 days ahead (at and around the 1/7/30-day marks). */
const candidate = fc
  .record({
    name: fc.constantFrom("build", "logs", "dist"),
    branch: fc.constantFrom("main", "dev", null),
    createdDaysAgo: fc.integer({ min: 0, max: 90 }),
    expires: fc.oneof(
      {
        weight: 9,
        arbitrary: fc
          .tuple(fc.constantFrom(-2, -1, 0, 1, 7, 30, 40), fc.constantFrom(-HOUR, -1, 0, 1, HOUR))
          .map(([days, offset]) => new Date(NOW + days * DAY + offset).toISOString()),
      },
      { weight: 1, arbitrary: fc.constantFrom(null, "not a date") },
    ),
    expired: fc.boolean(),
    size: fc.integer({ min: 0, max: 3 * GiB }),
  })
  .map(({ name, branch, createdDaysAgo, expires, expired, size }) => ({
    name,
    created_at: new Date(NOW - createdDaysAgo * DAY).toISOString(),
    expires_at: expires,
    expired,
    size_in_bytes: size,
    workflow_run: branch === null ? null : { id: 1, head_branch: branch },
  }));

/** Up to four repositories, each with artifacts of unique ids (ids may repeat across repositories). */
const input: fc.Arbitrary<RepositoryArtifacts<WireArtifact>[]> = fc
  .uniqueArray(fc.constantFrom("o/a", "o/b", "p/c", "p/d"), { maxLength: 4 })
  .chain((names) =>
    fc.tuple(
      ...names.map((repository) =>
        fc.array(candidate, { maxLength: 25 }).map((items) => ({
          repository,
          artifacts: items.map((item, i) => artifact(i + 1, item as Partial<WireArtifact>)),
        })),
      ),
    ),
  );

const groupBy = fc.constantFrom(...GROUP_BY);
const sum = (usages: ArtifactStorageUsage[], read: (u: ArtifactStorageUsage) => number) =>
  usages.reduce((total, u) => total + read(u), 0);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

describe("summarizeArtifactStorage (properties)", () => {
  it("the totals are the sums of the groups, and every artifact is in exactly one group", () => {
    fc.assert(
      fc.property(input, groupBy, (repos, by) => {
        const { groups, totals } = summarizeArtifactStorage(repos, { now: NOW, groupBy: by });
        for (const read of [
          (u: ArtifactStorageUsage) => u.bytes,
          (u: ArtifactStorageUsage) => u.count,
          (u: ArtifactStorageUsage) => u.expired,
          (u: ArtifactStorageUsage) => u.unknownExpiry,
          (u: ArtifactStorageUsage) => u.expiringBytes.in1d,
          (u: ArtifactStorageUsage) => u.expiringBytes.in7d,
          (u: ArtifactStorageUsage) => u.expiringBytes.in30d,
          (u: ArtifactStorageUsage) => u.expiringCount.in1d,
          (u: ArtifactStorageUsage) => u.expiringCount.in7d,
          (u: ArtifactStorageUsage) => u.expiringCount.in30d,
        ]) {
          expect(sum(groups, read)).toBe(read(totals));
        }
        expect(
          close(
            sum(groups, (g) => g.gbHoursLeft),
            totals.gbHoursLeft,
          ),
        ).toBe(true);
        const listed = repos.reduce((n, r) => n + r.artifacts.length, 0);
        expect(totals.count + totals.expired).toBe(listed);
        const oldest = groups.map((g) => g.oldestCreatedAt).filter((d) => d !== null);
        expect(totals.oldestCreatedAt).toBe(oldest.length ? oldest.sort()[0] : null);
        expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
      }),
    );
  });

  it("the totals do not depend on the grouping", () => {
    fc.assert(
      fc.property(input, (repos) => {
        const [a, b, c] = GROUP_BY.map((by) => summarizeArtifactStorage(repos, { now: NOW, groupBy: by }).totals);
        expect(b).toEqual(a);
        expect(c).toEqual(a);
      }),
    );
  });

  it("expired artifacts (flagged, or past expires_at) count 0 bytes and 0 GB-hours, whatever their size", () => {
    fc.assert(
      fc.property(input, groupBy, fc.integer({ min: 0, max: 2 ** 40 }), (repos, by, size) => {
        const isExpired = (a: WireArtifact) => a.expired || (a.expires_at !== null && Date.parse(a.expires_at) <= NOW);
        const resized = repos.map((r) => ({
          ...r,
          artifacts: r.artifacts.map((a) => (isExpired(a) ? { ...a, size_in_bytes: size } : a)),
        }));
        const before = summarizeArtifactStorage(repos, { now: NOW, groupBy: by });
        expect(summarizeArtifactStorage(resized, { now: NOW, groupBy: by })).toEqual(before);
        const expired = repos.reduce((n, r) => n + r.artifacts.filter(isExpired).length, 0);
        expect(before.totals.expired).toBe(expired);
      }),
    );
  });

  it("as now advances, no group's bytes, live count or GB-hours left grow", () => {
    fc.assert(
      fc.property(input, groupBy, fc.integer({ min: 0, max: 45 * DAY }), (repos, by, later) => {
        const first = summarizeArtifactStorage(repos, { now: NOW, groupBy: by });
        const second = summarizeArtifactStorage(repos, { now: NOW + later, groupBy: by });
        const after = new Map(second.groups.map((g) => [g.key, g]));
        expect(second.groups).toHaveLength(first.groups.length);
        for (const group of [...first.groups, { ...first.totals, key: "totals" }]) {
          const next = group.key === "totals" ? second.totals : after.get(group.key);
          expect(next).toBeDefined();
          expect(next!.bytes).toBeLessThanOrEqual(group.bytes);
          expect(next!.count).toBeLessThanOrEqual(group.count);
          expect(next!.gbHoursLeft).toBeLessThanOrEqual(group.gbHoursLeft * (1 + 1e-12));
        }
      }),
    );
  });

  it("groups come largest first, and no span's bytes or count exceed a longer span's or the group's", () => {
    fc.assert(
      fc.property(input, groupBy, (repos, by) => {
        const { groups } = summarizeArtifactStorage(repos, { now: NOW, groupBy: by });
        for (let i = 1; i < groups.length; i++) expect(groups[i - 1]!.bytes).toBeGreaterThanOrEqual(groups[i]!.bytes);
        for (const g of groups) {
          expect(g.expiringBytes.in1d).toBeLessThanOrEqual(g.expiringBytes.in7d);
          expect(g.expiringBytes.in7d).toBeLessThanOrEqual(g.expiringBytes.in30d);
          expect(g.expiringBytes.in30d).toBeLessThanOrEqual(g.bytes);
          expect(g.expiringCount.in1d).toBeLessThanOrEqual(g.expiringCount.in7d);
          expect(g.expiringCount.in7d).toBeLessThanOrEqual(g.expiringCount.in30d);
          expect(g.expiringCount.in30d).toBeLessThanOrEqual(g.count - g.unknownExpiry);
          expect(g.gbHoursLeft).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it("an artifact listed twice for a repository (or a repository given twice) counts once", () => {
    fc.assert(
      fc.property(input, groupBy, (repos, by) => {
        const doubled = [...repos, ...repos].map((r) => ({ ...r, artifacts: [...r.artifacts, ...r.artifacts] }));
        expect(summarizeArtifactStorage(doubled, { now: NOW, groupBy: by }).totals).toEqual(
          summarizeArtifactStorage(repos, { now: NOW, groupBy: by }).totals,
        );
      }),
    );
  });
});

describe("summarizeArtifactStorage (examples)", () => {
  const at = (hoursLeft: number) => new Date(NOW + hoursLeft * HOUR).toISOString();
  const repos = [
    {
      repository: "o/small",
      artifacts: [
        artifact(1, { name: "logs", size_in_bytes: GiB / 2, created_at: "2024-05-01T00:00:00Z", expires_at: at(10) }),
      ],
    },
    {
      repository: "o/big",
      artifacts: [
        artifact(2, {
          name: "build",
          size_in_bytes: GiB,
          created_at: "2024-05-20T00:00:00Z",
          expires_at: at(48),
          workflow_run: { id: 1, head_branch: "main" },
        }),
        artifact(3, {
          name: "build",
          size_in_bytes: 2 * GiB,
          created_at: "2024-03-01T00:00:00Z",
          expires_at: at(-1),
          workflow_run: { id: 2, head_branch: "main" },
        }),
        artifact(4, { name: "build", size_in_bytes: 10, created_at: null as unknown as string, expires_at: null }),
      ],
    },
  ];

  it("counts bytes × hours left in GiB-hours, the 1/7/30-day spans, the oldest live one, and expired ones apart", () => {
    const summary = summarizeArtifactStorage(repos, { now: new Date(NOW) });
    expect(summary.groupBy).toBe("repository");
    expect(summary.now).toEqual(new Date(NOW));
    expect(summary.groups).toEqual([
      {
        key: "o/big",
        bytes: GiB + 10,
        count: 2,
        expired: 1,
        oldestCreatedAt: "2024-05-20T00:00:00.000Z",
        expiringBytes: { in1d: 0, in7d: GiB, in30d: GiB },
        expiringCount: { in1d: 0, in7d: 1, in30d: 1 },
        gbHoursLeft: 48,
        unknownExpiry: 1,
      },
      {
        key: "o/small",
        bytes: GiB / 2,
        count: 1,
        expired: 0,
        oldestCreatedAt: "2024-05-01T00:00:00.000Z",
        expiringBytes: { in1d: GiB / 2, in7d: GiB / 2, in30d: GiB / 2 },
        expiringCount: { in1d: 1, in7d: 1, in30d: 1 },
        gbHoursLeft: 5,
        unknownExpiry: 0,
      },
    ]);
    expect(summary.totals).toMatchObject({ bytes: 1.5 * GiB + 10, count: 3, expired: 1, gbHoursLeft: 53 });
  });

  it("counts the artifacts of each span with their bytes, a span's end within it, none without a known expiry", () => {
    const { totals } = summarizeArtifactStorage(
      [
        {
          repository: "o/r",
          artifacts: [
            artifact(1, { size_in_bytes: 1, expires_at: at(24) }), // exactly a day: within 1 day
            artifact(2, { size_in_bytes: 2, expires_at: at(24 + 1 / 3600) }), // a second later: within 7 days
            artifact(3, { size_in_bytes: 4, expires_at: at(30 * 24) }),
            artifact(4, { size_in_bytes: 8, expires_at: at(30 * 24 + 1) }),
            artifact(5, { size_in_bytes: 16, expires_at: null }),
            artifact(6, { size_in_bytes: 32, expires_at: at(1), expired: true }),
          ],
        },
      ],
      { now: NOW },
    );
    expect(totals.expiringCount).toEqual({ in1d: 1, in7d: 2, in30d: 3 });
    expect(totals.expiringBytes).toEqual({ in1d: 1, in7d: 3, in30d: 7 });
    expect(totals).toMatchObject({ count: 5, unknownExpiry: 1, expired: 1 });
  });

  it("groups by name across repositories, and by branch with null for none", () => {
    const byName = summarizeArtifactStorage(repos, { now: NOW, groupBy: "name" });
    expect(byName.groups.map((g) => [g.key, g.bytes])).toEqual([
      ["build", GiB + 10],
      ["logs", GiB / 2],
    ]);
    const byBranch = summarizeArtifactStorage(repos, { now: NOW, groupBy: "branch" });
    expect(byBranch.groups.map((g) => [g.key, g.bytes, g.expired])).toEqual([
      ["main", GiB, 1],
      [null, GiB / 2 + 10, 0],
    ]);
  });

  it.each([
    [{ now: Number.NaN }, "now"],
    [{ now: NOW, groupBy: "size" }, "groupBy"],
    [{ now: NOW, group: "name" }, "group"],
  ])("refuses the options %j, naming %s", (options, field) => {
    expect(() => summarizeArtifactStorage([], options as never)).toThrow(
      expect.objectContaining({ name: "InvalidInputError", field }),
    );
  });

  it("refuses input that is not a list of { repository, artifacts }", () => {
    expect(() => summarizeArtifactStorage({} as never, { now: NOW })).toThrow(InvalidInputError);
    expect(() => summarizeArtifactStorage([{ repository: "", artifacts: [] }], { now: NOW })).toThrow(
      "repositories[0].repository",
    );
    expect(() => summarizeArtifactStorage([{ repository: "o/r" }] as never, { now: NOW })).toThrow(
      "repositories[0].artifacts",
    );
  });
});
