import { afterEach, describe, expect, it } from "vitest";
import { InvalidInputError, planArtifactCleanup } from "../../src/index.js";
import { artifact } from "../helpers.js";
import { closeServers, networkClient, sendJson, serveSequence } from "./network-client.js";

afterEach(closeServers);

const DAY = 86_400_000;
const NOW = Date.parse("2024-06-01T00:00:00Z");
const build = (id: number, days: number) =>
  artifact(id, { name: "build", created_at: new Date(NOW - days * DAY).toISOString() });

describe("cleanup planning over pages joined by hand", () => {
  it("item 25: an artifact that shifted onto the next page is counted once: the second newest is kept", async () => {
    // note: an artifact created between the two requests pushes the newest one of page 1 onto page 2 as well.
    const server = await serveSequence(
      sendJson(200, { total_count: 3, artifacts: [build(3, 10), build(2, 11)] }),
      sendJson(200, { total_count: 4, artifacts: [build(3, 10), build(1, 12)] }),
    );
    const gh = networkClient(server.url);
    const pages = [await gh.listArtifactsForRepo({ page: 1 }), await gh.listArtifactsForRepo({ page: 2 })];
    const joined = pages.flatMap((page) => page.artifacts);
    expect(joined.map((a) => a.id)).toEqual([3, 2, 3, 1]);

    const plan = planArtifactCleanup(joined, { keepLatest: 2 }, NOW);
    expect(plan.groups[0]?.keep.map((a) => a.id)).toEqual([3, 2]);
    expect(plan.delete.map((a) => a.id)).toEqual([1]);

    // note: a copy that changed in between (it expired) gives another plan depending on which copy is believed.
    const changed = [...joined, { ...build(2, 11), expired: true }];
    expect(() => planArtifactCleanup(changed, { keepLatest: 2 }, NOW)).toThrow(InvalidInputError);
  });
});
