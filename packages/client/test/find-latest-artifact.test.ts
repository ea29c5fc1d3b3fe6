import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import {
  findLatestArtifact,
  InvalidInputError,
  type PickLatestArtifactOptions,
  pickLatestArtifact,
} from "../src/index.js";
import { artifact, type WireArtifact } from "./helpers.js";
import { startRunWorld } from "./run-world.js";

let server: { close(): Promise<void> } | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const at = (day: number) => `2024-01-${String(day).padStart(2, "0")}T00:00:00Z`;
const build = (id: number, overrides: Partial<WireArtifact> = {}) =>
  artifact(id, { name: "build", workflow_run: { id: 1, head_branch: "main" }, ...overrides });

describe("pickLatestArtifact", () => {
  it("picks the newest by created_at among exact name matches", () => {
    const list = [
      build(1, { created_at: at(3) }),
      build(2, { created_at: at(5) }),
      build(3, { created_at: at(4) }),
      artifact(4, { name: "build-extra", created_at: at(9) }),
      artifact(5, { name: "Build", created_at: at(9) }),
    ];
    expect(pickLatestArtifact(list, { name: "build" })?.id).toBe(2);
    expect(pickLatestArtifact(list, { name: "bui" })).toBeUndefined();
    expect(pickLatestArtifact([], { name: "build" })).toBeUndefined();
  });

  it("breaks a tie of created_at by the larger id, whatever the order", () => {
    const list = [build(7, { created_at: at(2) }), build(9, { created_at: at(2) }), build(8, { created_at: at(2) })];
    expect(pickLatestArtifact(list, { name: "build" })?.id).toBe(9);
    expect(pickLatestArtifact([...list].reverse(), { name: "build" })?.id).toBe(9);
  });

  it("puts a missing or unreadable created_at after every dated artifact, ties again by id", () => {
    const list = [
      build(50, { created_at: null }),
      build(51, { created_at: "not a date" }),
      build(3, { created_at: at(1) }),
    ];
    expect(pickLatestArtifact(list, { name: "build" })?.id).toBe(3);
    expect(pickLatestArtifact(list.slice(0, 2), { name: "build" })?.id).toBe(51);
  });

  it("skips expired artifacts unless includeExpired", () => {
    const list = [build(1, { created_at: at(1) }), build(2, { created_at: at(2), expired: true })];
    expect(pickLatestArtifact(list, { name: "build" })?.id).toBe(1);
    expect(pickLatestArtifact(list, { name: "build", includeExpired: true })?.id).toBe(2);
    expect(pickLatestArtifact([list[1]!], { name: "build" })).toBeUndefined();
  });

  it("matches branch against workflow_run.head_branch; one without a branch never matches", () => {
    const list = [
      build(1, { created_at: at(1) }),
      build(2, { created_at: at(2), workflow_run: { id: 2, head_branch: "dev" } }),
      build(3, { created_at: at(3), workflow_run: null }),
      build(4, { created_at: at(4), workflow_run: { id: 4 } }),
    ];
    expect(pickLatestArtifact(list, { name: "build", branch: "main" })?.id).toBe(1);
    expect(pickLatestArtifact(list, { name: "build", branch: "dev" })?.id).toBe(2);
    expect(pickLatestArtifact(list, { name: "build", branch: "gone" })).toBeUndefined();
    expect(pickLatestArtifact(list, { name: "build" })?.id).toBe(4);
  });

  it("returns the caller's own object, of the caller's own type", () => {
    const rows = [
      { id: 1, name: "a", expired: false, created_at: at(1), selected: true },
      { id: 2, name: "a", expired: false, created_at: at(2), selected: false },
    ];
    const latest = pickLatestArtifact(rows, { name: "a" });
    expect(latest).toBe(rows[1]);
    expect(latest?.selected).toBe(false);
  });

  it("throws InvalidInputError naming the field for bad input", () => {
    const cases: [unknown, unknown, string][] = [
      [null, { name: "a" }, "artifacts"],
      [[], null, "options"],
      [[], {}, "name"],
      [[], { name: "" }, "name"],
      [[], { name: 1 }, "name"],
      [[], { name: "a", branch: "" }, "branch"],
      [[], { name: "a", branch: 3 }, "branch"],
      [[], { name: "a", includeExpired: "yes" }, "includeExpired"],
      [[], { name: "a", brnach: "main" }, "brnach"],
    ];
    for (const [artifacts, options, field] of cases) {
      expect(() => pickLatestArtifact(artifacts as [], options as PickLatestArtifactOptions)).toThrow(
        expect.objectContaining({ name: "InvalidInputError", field }),
      );
    }
  });

  it("agrees with sorting the matching artifacts newest first (property)", () => {
    const item = fc.record({
      name: fc.constantFrom("build", "logs"),
      branch: fc.constantFrom("main", "dev", undefined),
      day: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      expired: fc.boolean(),
    });
    const list = fc.array(item, { maxLength: 30 }).chain((items) =>
      fc
        .uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: items.length, maxLength: items.length })
        .map((ids) =>
          items.map(({ name, branch, day, expired }, i) =>
            artifact(ids[i]!, {
              name,
              expired,
              created_at: day === null ? null : at(day),
              workflow_run: branch === undefined ? null : { id: 1, head_branch: branch },
            }),
          ),
        ),
    );
    const options = fc.record(
      { name: fc.constantFrom("build", "logs"), branch: fc.constantFrom("main", "dev"), includeExpired: fc.boolean() },
      { requiredKeys: ["name"] },
    );
    fc.assert(
      fc.property(list, options, (artifacts, opts) => {
        const time = (a: WireArtifact) => (a.created_at ? Date.parse(a.created_at) : Number.NEGATIVE_INFINITY);
        const expected = artifacts
          .filter((a) => a.name === opts.name && (opts.includeExpired || !a.expired))
          .filter((a) => opts.branch === undefined || a.workflow_run?.head_branch === opts.branch)
          .sort((a, b) => (time(a) === time(b) ? b.id - a.id : time(b) > time(a) ? 1 : -1))[0];
        expect(pickLatestArtifact(artifacts, opts)).toBe(expected);
      }),
    );
  });
});

/**
 * The fake GitHub (testing's world, on loopback) holding `artifacts` of o/r, each of the run its `workflow_run`
 * names: it lists the repository's or a run's, filtered by `name`, `per_page` at a time with `total_count`.
 */
async function githubListing(artifacts: WireArtifact[]) {
  const world = await startRunWorld({ workflows: [], runs: [], artifacts });
  server = world.server;
  const requests = () => world.requests().map((sent) => new URL(sent, "http://localhost"));
  return { gh: world.gh, requests };
}

describe("findLatestArtifact", () => {
  it("reads every page of the name-filtered list and returns the newest", async () => {
    // note: 150 builds over two pages of 100, oldest first, so the newest is on the second page.
    const builds = Array.from({ length: 150 }, (_, i) =>
      build(i + 1, { created_at: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString() }),
    );
    const { gh, requests } = await githubListing([...builds, artifact(999, { name: "logs", created_at: at(20) })]);
    const latest = await findLatestArtifact(gh, { owner: "o", repo: "r", name: "build" });
    expect(latest?.id).toBe(150);
    const sent = requests();
    expect(sent.map((u) => u.searchParams.get("page") ?? "1").sort()).toEqual(["1", "2"]);
    expect(sent.every((u) => u.pathname === "/repos/o/r/actions/artifacts")).toBe(true);
    expect(sent.every((u) => u.searchParams.get("name") === "build")).toBe(true);
  });

  it("narrows by branch and skips expired ones unless includeExpired", async () => {
    const { gh } = await githubListing([
      build(1, { created_at: at(1) }),
      build(2, { created_at: at(2), workflow_run: { id: 2, head_branch: "dev" } }),
      build(3, { created_at: at(3), expired: true }),
    ]);
    const target = { owner: "o", repo: "r", name: "build" };
    expect((await findLatestArtifact(gh, { ...target, branch: "main" }))?.id).toBe(1);
    expect((await findLatestArtifact(gh, { ...target, branch: "main", includeExpired: true }))?.id).toBe(3);
    expect((await findLatestArtifact(gh, { ...target, branch: "dev" }))?.id).toBe(2);
  });

  it("lists one workflow run's artifacts when run_id is given", async () => {
    const { gh, requests } = await githubListing([
      build(1, { created_at: at(1), workflow_run: { id: 7, head_branch: "main" } }),
      build(2, { created_at: at(2), workflow_run: { id: 8, head_branch: "main" } }),
    ]);
    const latest = await findLatestArtifact(gh, { owner: "o", repo: "r", name: "build", run_id: 7 });
    expect(latest?.id).toBe(1);
    expect(requests().map((u) => `${u.pathname}?name=${u.searchParams.get("name")}`)).toEqual([
      "/repos/o/r/actions/runs/7/artifacts?name=build",
    ]);
  });

  it("resolves undefined when nothing matches", async () => {
    const { gh, requests } = await githubListing([artifact(1, { name: "logs" })]);
    expect(await findLatestArtifact(gh, { owner: "o", repo: "r", name: "build" })).toBeUndefined();
    expect(requests()).toHaveLength(1);
  });

  it("rejects bad input with InvalidInputError naming the field, before any request", async () => {
    const { gh, requests } = await githubListing([build(1)]);
    const cases: [Record<string, unknown>, string][] = [
      [{ owner: "o", repo: "r" }, "name"],
      [{ owner: "o", repo: "r", name: "" }, "name"],
      [{ owner: "o", repo: "r", name: "a/b" }, "name"],
      [{ owner: "o", repo: "r", name: "build", branch: "" }, "branch"],
      [{ owner: "o", repo: "r", name: "build", includeExpired: 1 }, "includeExpired"],
      [{ owner: "o", repo: "r", name: "build", run_id: 0 }, "run_id"],
      [{ owner: "o", repo: "r", name: "build", run_id: "7" }, "run_id"],
      [{ owner: "-o", repo: "r", name: "build" }, "owner"],
      [{ owner: "o", repo: "..", name: "build" }, "repo"],
      [{ owner: "o", name: "build" }, "repo"],
      [{ owner: "o", repo: "r", name: "build", per_page: 5 }, "per_page"],
    ];
    for (const [params, field] of cases) {
      const error = await findLatestArtifact(gh, params as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(params)).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ field });
    }
    expect(requests()).toHaveLength(0);
  });
});
