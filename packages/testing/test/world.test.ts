import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { createArtifactsWorld, DEFAULT_WORLD_TIME, makeZip } from "../src/index.js";
import { sha256Hex } from "../src/sha256.js";

describe("createArtifactsWorld", () => {
  it("is deterministic: the same seed makes the same world, byte for byte", () => {
    const build = (seed: number) => {
      const world = createArtifactsWorld({ seed });
      world.addArtifact({ repo: "o/r", name: "a", files: { "x.txt": "x" } });
      world.addArtifact({ repo: "o/r", name: "b", branch: "dev" });
      return world.artifacts().map((a) => world.toJSON(a));
    };
    expect(build(7)).toEqual(build(7));
    expect(build(7)[0]?.workflow_run?.head_sha).not.toBe(build(8)[0]?.workflow_run?.head_sha);
    expect(build(7)[0]?.created_at).toBe("2026-01-15T12:00:00Z");
  });

  it("fills an artifact in as GitHub would: ids, node id, size and digest of its real bytes, 90 days' retention", () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build", files: { "a.txt": "hello" } });
    const json = world.toJSON(artifact);
    expect(json).toEqual({
      id: 1,
      node_id: "MDg6QXJ0aWZhY3Qx",
      name: "build",
      size_in_bytes: artifact.bytes.byteLength,
      url: "https://api.github.com/repos/octo/hello/actions/artifacts/1",
      archive_download_url: "https://api.github.com/repos/octo/hello/actions/artifacts/1/zip",
      expired: false,
      created_at: "2026-01-15T12:00:00Z",
      updated_at: "2026-01-15T12:00:00Z",
      expires_at: "2026-04-15T12:00:00Z",
      digest: `sha256:${createHash("sha256").update(artifact.bytes).digest("hex")}`,
      workflow_run: {
        id: 2332938,
        repository_id: 1296269,
        head_repository_id: 1296269,
        head_branch: "main",
        head_sha: expect.stringMatching(/^[0-9a-f]{40}$/),
      },
    });
    expect(Buffer.from(json.node_id, "base64").toString()).toBe("08:Artifact1");
    expect(new TextDecoder().decode(unzipSync(artifact.bytes)["a.txt"])).toBe("hello");
  });

  it("keeps runs: artifacts of one run share it, `branch: null` has none, a digest may be null", () => {
    const world = createArtifactsWorld();
    const run = world.addWorkflowRun({ repo: "o/r", branch: "release/2.x", workflow: "release.yml" });
    const a = world.addArtifact({ repo: "o/r", name: "a", runId: run.id });
    const b = world.addArtifact({ repo: "o/r", name: "b", runId: run.id });
    const c = world.addArtifact({ repo: "o/r", name: "c", branch: null, digest: null });
    expect(a.run).toBe(run);
    expect(b.run).toBe(run);
    expect(world.toJSON(c)).toMatchObject({ workflow_run: null, digest: null });
    expect(() => world.addArtifact({ repo: "x/y", name: "d", runId: run.id })).toThrow(/belongs to o\/r/);
  });

  it("refuses what GitHub could not hold: a duplicate id, a file without bytes, a repo that is not owner/name", () => {
    const world = createArtifactsWorld();
    world.addArtifact({ repo: "o/r", name: "a", id: 5 });
    expect(() => world.addArtifact({ repo: "o/r", name: "b", id: 5 })).toThrow(/already has artifact 5/);
    expect(() => world.addArtifact({ repo: "o/r", name: "f", kind: "file" })).toThrow(/needs its bytes/);
    expect(() => world.addArtifact({ repo: "nope", name: "a" })).toThrow(/owner\/name/);
    expect(() => world.addRepository({ owner: "O", name: "R" })).toThrow(/already has/);
    expect(world.addArtifact({ repo: "o/r", name: "next" }).id).toBe(6);
  });

  it("has a clock the test moves: expiry follows it, and updateArtifact changes what was added", () => {
    const world = createArtifactsWorld({ now: new Date("2024-06-01T00:00:00Z") });
    const artifact = world.addArtifact({ repo: "o/r", name: "a", retentionDays: 2 });
    expect(world.isExpired(artifact)).toBe(false);
    world.clock.advance(2 * 86_400_000);
    expect(world.isExpired(artifact)).toBe(true);
    world.clock.set("2024-06-01T12:00:00Z");
    expect(world.isExpired(artifact)).toBe(false);
    world.updateArtifact(artifact.id, { expired: true, name: "b", deletable: false });
    expect(world.toJSON(artifact)).toMatchObject({ expired: true, name: "b", updated_at: "2024-06-01T12:00:00Z" });
    expect(() => world.updateArtifact(99, {})).toThrow(/no artifact 99/);
    expect(() => world.clock.set("not a date")).toThrow(TypeError);
  });

  it("can follow another clock (Date.now for a live demo), shifted by advance", () => {
    let now = 1_000_000;
    const world = createArtifactsWorld({ now: () => now });
    now += 500;
    expect(world.clock.now()).toBe(1_000_500);
    world.clock.advance(10);
    now += 5;
    expect(world.clock.now()).toBe(1_000_515);
    expect(createArtifactsWorld().clock.now()).toBe(DEFAULT_WORLD_TIME);
  });

  it("lists newest first, per repository or all, and deleteArtifact says whether there was one", () => {
    const world = createArtifactsWorld();
    const a = world.addArtifact({ repo: "o/one", name: "a" });
    const b = world.addArtifact({ repo: "o/two", name: "b" });
    const c = world.addArtifact({ repo: "O/One", name: "c" });
    expect(world.artifacts().map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    expect(world.artifacts("o/one").map((x) => x.id)).toEqual([c.id, a.id]);
    expect(world.deleteArtifact(a.id)).toBe(true);
    expect(world.deleteArtifact(a.id)).toBe(false);
  });
});

describe("makeZip and the digests", () => {
  it("makes the same bytes for the same files, which unzip to them", () => {
    const files = { "a.txt": "one", "dir/b.bin": new Uint8Array([1, 2, 3]) };
    expect(makeZip(files)).toEqual(makeZip(files));
    const back = unzipSync(makeZip(files));
    expect(new TextDecoder().decode(back["a.txt"])).toBe("one");
    expect(back["dir/b.bin"]).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("SHA-256 (synchronous, for browsers) agrees with node:crypto at every block boundary and on 4 MiB", () => {
    const node = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
    for (let length = 0; length <= 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      expect(sha256Hex(bytes), `length ${length}`).toBe(node(bytes));
    }
    const large = new Uint8Array(4 * 1024 * 1024 + 3).map((_, i) => i % 251);
    expect(sha256Hex(large)).toBe(node(large));
    expect(sha256Hex(large.subarray(5, 1000))).toBe(node(large.subarray(5, 1000)));
  });
});
