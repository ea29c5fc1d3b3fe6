import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createArtifactsWorld } from "@gh-artifacts/testing";
import { type RunningFakeGitHub, startFakeGitHub } from "@gh-artifacts/testing/node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type Artifact,
  createArtifactsClient,
  DigestMismatchError,
  IncompleteDownloadError,
  InvalidInputError,
} from "../../src/index.js";
import { downloadArtifacts } from "../../src/node/index.js";
import { brokenBody } from "../download-fake.js";
import { makeZip, sha256 } from "./zip-fixtures.js";

/** One artifact the fake serves: its bytes, how storage sends them, and what its `digest` says. */
interface Served {
  name: string;
  body: Buffer;
  contentType?: string;
  /** `"digest"`: the right digest; `"wrong"`: a digest of other bytes; `"truncated"`: half the bytes, then a drop. */
  mode?: "digest" | "wrong" | "truncated";
}

let dir: string;
const fakes: RunningFakeGitHub[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gh-artifacts-many-"));
});
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
  await rm(dir, { recursive: true, force: true });
});

/**
 * The fake GitHub (testing's world of o/r, on loopback) serving `artifacts` by id: a `contentType` other than a
 * zip's makes a single file. A truncated one's bytes break off halfway through `intercept` (the connection is cut).
 */
async function fake(artifacts: Record<number, Served>) {
  const world = createArtifactsWorld();
  for (const [id, served] of Object.entries(artifacts)) {
    world.addArtifact({
      repo: "o/r",
      id: Number(id),
      name: served.name,
      kind: served.contentType === undefined ? "zip" : "file",
      bytes: served.body,
      contentType: served.contentType,
      digest: served.mode === "wrong" ? `sha256:${sha256(Buffer.from("other"))}` : undefined,
    });
  }
  const running = await startFakeGitHub({
    world,
    intercept: async (request, next) => {
      const id = Number(/^\/artifacts\/(\d+)(?:\.zip|\/)/.exec(new URL(request.url).pathname)?.[1]);
      const served = artifacts[id];
      const answer = await next(request);
      if (served?.mode !== "truncated" || answer.status !== 200) return answer;
      await answer.body?.cancel();
      const half = brokenBody(new Uint8Array(served.body.subarray(0, served.body.length >> 1)));
      return new Response(half, { status: 200, headers: answer.headers });
    },
  });
  fakes.push(running);
  return createArtifactsClient({ baseUrl: running.url, token: "t0ken", retry: false });
}

const repo = { owner: "o", repo: "r" };
const ref = (id: number, name: string) => ({ id, name }) as Pick<Artifact, "id" | "name">;

describe("downloadArtifacts", () => {
  it("writes each artifact to its own place, verified, and says what it wrote", async () => {
    const linux = await makeZip({ "bin/tool": "linux" });
    const macos = await makeZip({ "bin/tool": "macos" });
    const report = Buffer.from("<h1>report</h1>");
    const gh = await fake({
      1: { name: "dist-linux", body: linux },
      2: { name: "dist-macos.zip", body: macos },
      3: { name: "report.html", body: report, contentType: "text/html" },
    });
    const artifacts = [ref(1, "dist-linux"), ref(2, "dist-macos.zip"), ref(3, "report.html")];
    const { downloaded, failed } = await downloadArtifacts(gh, artifacts, { ...repo, dir });
    expect(failed).toEqual([]);
    expect(downloaded.map((d) => [d.artifact.id, d.fileName, d.kind, d.verified])).toEqual([
      [1, "dist-linux.zip", "zip", true],
      [2, "dist-macos.zip", "zip", true],
      [3, "report.html", "file", true],
    ]);
    expect(downloaded.map((d) => d.path)).toEqual(downloaded.map((d) => join(dir, d.fileName)));
    expect((await readdir(dir)).sort()).toEqual(["dist-linux.zip", "dist-macos.zip", "report.html"]);
    expect(await readFile(join(dir, "dist-linux.zip"))).toEqual(linux);
    expect(await readFile(join(dir, "report.html"))).toEqual(report);
  });

  it("extract: each zip also unzipped into its own folder; a single file is already in place", async () => {
    const gh = await fake({
      1: { name: "dist-linux", body: await makeZip({ "bin/tool": "linux" }) },
      2: { name: "notes.txt", body: Buffer.from("notes"), contentType: "text/plain" },
    });
    const { downloaded } = await downloadArtifacts(gh, [ref(1, "dist-linux"), ref(2, "notes.txt")], {
      ...repo,
      dir,
      extract: true,
    });
    expect(downloaded.map((d) => d.extracted)).toEqual([
      { kind: "zip", path: join(dir, "dist-linux") },
      { kind: "file", path: join(dir, "notes.txt") },
    ]);
    expect(await readFile(join(dir, "dist-linux", "bin", "tool"), "utf8")).toBe("linux");
    expect((await readdir(dir)).sort()).toEqual(["dist-linux", "dist-linux.zip", "notes.txt"]);
  });

  it("two artifacts of one name (or names one file system cannot tell apart) never overwrite each other", async () => {
    const a = await makeZip({ "a.txt": "first" });
    const b = await makeZip({ "a.txt": "second" });
    const c = await makeZip({ "a.txt": "third" });
    const gh = await fake({
      7: { name: "build", body: a },
      9: { name: "build", body: b },
      11: { name: "Build", body: c },
      12: { name: "page.html", body: Buffer.from("1"), contentType: "text/html" },
      13: { name: "page.html", body: Buffer.from("2"), contentType: "text/html" },
    });
    const list = [ref(7, "build"), ref(9, "build"), ref(11, "Build"), ref(12, "page.html"), ref(13, "page.html")];
    const { downloaded, failed } = await downloadArtifacts(gh, list, { ...repo, dir, extract: true });
    expect(failed).toEqual([]);
    expect(downloaded.map((d) => d.fileName)).toEqual([
      "build (7).zip",
      "build (9).zip",
      "Build (11).zip",
      "page (12).html",
      "page (13).html",
    ]);
    expect(await readFile(join(dir, "build (9)", "a.txt"), "utf8")).toBe("second");
    expect(await readFile(join(dir, "Build (11)", "a.txt"), "utf8")).toBe("third");
    expect(await readFile(join(dir, "page (13).html"), "utf8")).toBe("2");
  });

  it("names near the 200-byte limit keep the id that tells them apart (cut before it is added, never after)", async () => {
    const long = "é".repeat(99); // 198 bytes: ` (id)` or `.zip` after it would pass the limit
    const near = `${"x".repeat(197)}`; // these two differ only in their last byte, past where `.zip` cuts
    const bodies = await Promise.all([1, 2, 3, 4].map((n) => makeZip({ "n.txt": String(n) })));
    const gh = await fake({
      21: { name: long, body: bodies[0] as Buffer },
      22: { name: long, body: bodies[1] as Buffer },
      23: { name: `${near}a`, body: bodies[2] as Buffer },
      24: { name: `${near}b`, body: bodies[3] as Buffer },
      25: { name: `${long}.html`, body: Buffer.from("5"), contentType: "text/html" },
      26: { name: `${long}.html`, body: Buffer.from("6"), contentType: "text/html" },
    });
    const list = [
      ref(21, long),
      ref(22, long),
      ref(23, `${near}a`),
      ref(24, `${near}b`),
      ref(25, `${long}.html`),
      ref(26, `${long}.html`),
    ];
    const { downloaded, failed } = await downloadArtifacts(gh, list, { ...repo, dir, extract: true });
    expect(failed).toEqual([]);
    const names = downloaded.map((d) => d.fileName);
    expect(names.map((n) => /\((\d+)\)\.(zip|html)$/.exec(n)?.slice(1))).toEqual([
      ["21", "zip"],
      ["22", "zip"],
      ["23", "zip"],
      ["24", "zip"],
      ["25", "html"],
      ["26", "html"],
    ]);
    for (const name of names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
    // note: six files, none written over another, each with its own bytes.
    expect(new Set(names).size).toBe(6);
    for (const [i, d] of downloaded.entries()) {
      if (i < 4) expect(await readFile(join(dir, d.fileName))).toEqual(bodies[i]);
      else expect(await readFile(join(dir, d.fileName), "utf8")).toBe(String(i + 1));
    }
    expect(await readFile(join(dir, names[1]?.replace(/\.zip$/, "") as string, "n.txt"), "utf8")).toBe("2");
  });

  it("one failure loses nothing of the others: a bad digest and a dropped connection are reported, no partial file", async () => {
    const good = await makeZip({ "ok.txt": "ok" });
    const gh = await fake({
      1: { name: "good", body: good },
      2: { name: "tampered", body: await makeZip({ "x.txt": "x" }), mode: "wrong" },
      3: { name: "cut", body: Buffer.alloc(64 * 1024, 1), mode: "truncated" },
      4: { name: "also-good", body: good },
    });
    const list = [ref(1, "good"), ref(2, "tampered"), ref(3, "cut"), ref(4, "also-good")];
    const { downloaded, failed } = await downloadArtifacts(gh, list, { ...repo, dir, concurrency: 2 });
    expect(downloaded.map((d) => d.artifact.id)).toEqual([1, 4]);
    expect(failed.map((f) => f.artifact.id)).toEqual([2, 3]);
    expect(failed[0]?.error).toBeInstanceOf(DigestMismatchError);
    expect(failed[1]?.error).toBeInstanceOf(IncompleteDownloadError);
    // note: nothing of the failed ones, and no staging folder, is left behind.
    expect((await readdir(dir)).sort()).toEqual(["also-good.zip", "good.zip"]);
  });

  it("a refused extraction folder fails that artifact alone, before its bytes are fetched", async () => {
    const gh = await fake({
      1: { name: "keep", body: await makeZip({ "k.txt": "k" }) },
      2: { name: "taken", body: await makeZip({ "t.txt": "t" }) },
    });
    await mkdir(join(dir, "taken"));
    await writeFile(join(dir, "taken", "mine.txt"), "mine");
    const { downloaded, failed } = await downloadArtifacts(gh, [ref(1, "keep"), ref(2, "taken")], {
      ...repo,
      dir,
      extract: true,
      checkExtractFolder: async (folder) => {
        if ((await readdir(folder).catch(() => [])).length > 0) throw new Error(`${folder} is not empty`);
      },
    });
    expect(downloaded.map((d) => d.artifact.id)).toEqual([1]);
    expect(failed[0]?.error).toMatchObject({ message: `${join(dir, "taken")} is not empty` });
    expect(await readdir(join(dir, "taken"))).toEqual(["mine.txt"]);
    expect((await readdir(dir)).sort()).toEqual(["keep", "keep.zip", "taken"]);
  });

  it("reports progress per artifact; with concurrency 1, one download after the other", async () => {
    const body = await makeZip({ "f.txt": "x".repeat(1000) });
    const gh = await fake({ 1: { name: "a", body }, 2: { name: "b", body }, 3: { name: "c", body } });
    const events: [number, number][] = [];
    const { downloaded } = await downloadArtifacts(gh, [ref(1, "a"), ref(2, "b"), ref(3, "c")], {
      ...repo,
      dir,
      concurrency: 1,
      onProgress: ({ artifact: a, loaded }) => events.push([a.id, loaded]),
    });
    expect(downloaded).toHaveLength(3);
    const order = events.map(([id]) => id);
    expect(order).toEqual([...order].sort());
    expect(events.filter(([, loaded]) => loaded === body.length).map(([id]) => id)).toEqual([1, 2, 3]);
  });

  it("an abort fails what is left, and leaves no partial file", async () => {
    const body = await makeZip({ "f.txt": "x" });
    const gh = await fake({ 1: { name: "a", body }, 2: { name: "b", body } });
    const controller = new AbortController();
    const { downloaded, failed } = await downloadArtifacts(gh, [ref(1, "a"), ref(2, "b")], {
      ...repo,
      dir,
      concurrency: 1,
      signal: controller.signal,
      onProgress: ({ artifact: a, loaded, total }) => {
        if (a.id === 1 && loaded === total) controller.abort();
      },
    });
    expect(downloaded).toEqual([]);
    expect(failed.map((f) => (f.error as Error).name)).toEqual(["AbortError", "AbortError"]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses bad input with InvalidInputError before any request", async () => {
    const gh = createArtifactsClient({ baseUrl: "http://127.0.0.1:9", retry: false });
    const cases: [unknown, Record<string, unknown>, string][] = [
      [null, { dir }, "artifacts"],
      [[{ id: 0, name: "a" }], { dir }, "artifacts[].id"],
      [[ref(1, "a"), ref(1, "a")], { dir }, "artifacts"],
      [[ref(1, "a")], { dir: "" }, "dir"],
      [[ref(1, "a")], { dir, concurrency: 0 }, "concurrency"],
      [[ref(1, "a")], { dir, concurrency: 17 }, "concurrency"],
      [[ref(1, "a")], { dir, checkExtractFolder: "no" }, "checkExtractFolder"],
    ];
    for (const [artifacts, options, field] of cases) {
      const error = await downloadArtifacts(gh, artifacts as never, { ...repo, ...options } as never).catch((e) => e);
      expect(error, field).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ field });
    }
    expect(await readdir(dir)).toEqual([]);
  });
});
