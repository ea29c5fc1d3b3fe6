import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createArtifactsClient, DigestMismatchError } from "../../src/index.js";
import { createHashingWriter } from "../../src/node/hashing-writer.js";
import { downloadArtifactToFile } from "../../src/node/index.js";
import { type DownloadFake, type DownloadFakeOptions, startDownloadFake } from "../download-fake.js";
import { makeZip } from "./zip-fixtures.js";

/** Every worker thread the code under test starts, and whether it has exited; `refuse` makes starting one fail. */
const tracked = vi.hoisted(() => ({ workers: [] as Array<{ exited: boolean }>, refuse: false }));

vi.mock("node:worker_threads", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:worker_threads")>();
  class Worker extends real.Worker {
    exited = false;
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      // note: what Node's permission model does to a process started without --allow-worker.
      if (tracked.refuse)
        throw Object.assign(new Error("Access to this API has been restricted"), { code: "ERR_ACCESS_DENIED" });
      super(...args);
      tracked.workers.push(this);
      this.once("exit", () => {
        this.exited = true;
      });
    }
  }
  return { ...real, Worker };
});

const MiB = 1024 * 1024;
const sha256 = (data: Uint8Array) => createHash("sha256").update(data).digest("hex");

/** `size` bytes that do not repeat within a chunk, so a chunk written twice or out of order changes the digest. */
function bytesOf(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) out.writeUInt32LE((i * 2654435761) >>> 0, i);
  return out;
}

/** `data` cut into chunks that each own their buffer, as a fetch body hands them out. */
function chunksOf(data: Buffer, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += size) chunks.push(new Uint8Array(data.subarray(at, at + size)));
  return chunks;
}

let dir: string;
let fake: DownloadFake | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gh-artifacts-writer-"));
  tracked.workers.length = 0;
  tracked.refuse = false;
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("createHashingWriter", () => {
  it("in a worker: writes every byte and gives their SHA-256; the chunks are moved there, not copied", async () => {
    const data = bytesOf(3 * MiB + 123);
    const path = join(dir, "out.bin");
    const fd = openSync(path, "wx");
    try {
      const writer = createHashingWriter(fd, true);
      const chunks = chunksOf(data, 64 * 1024);
      for (const chunk of chunks) await writer.write(chunk);
      expect(await writer.end()).toBe(sha256(data));
      await writer.destroy();
      // note: a transferred buffer is detached here: proof that no copy was made.
      expect(chunks[0]!.byteLength).toBe(0);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path).equals(data)).toBe(true);
    expect(tracked.workers).toHaveLength(1);
    expect(tracked.workers[0]!.exited).toBe(true);
  });

  it("asks the caller to wait once 4 MiB are queued, and lets it go on once the worker has written them", async () => {
    const fd = openSync(join(dir, "out.bin"), "wx");
    try {
      const writer = createHashingWriter(fd, true);
      const answers = chunksOf(bytesOf(5 * MiB), MiB).map((chunk) => writer.write(chunk));
      // note: nothing is written back before this turn ends, so the bound is reached exactly at the 4th MiB.
      expect(answers.map((a) => a !== undefined)).toEqual([false, false, false, true, true]);
      await Promise.all(answers);
      await writer.end();
      await writer.destroy();
    } finally {
      closeSync(fd);
    }
  });

  it("rejects with the file system's error when the worker cannot write, and stops the worker", async () => {
    const path = join(dir, "read-only.bin");
    writeFileSync(path, "");
    const fd = openSync(path, "r");
    try {
      const writer = createHashingWriter(fd, true);
      await writer.write(new Uint8Array(2 * MiB));
      const error = await writer.end().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "EBADF" });
      await writer.destroy();
    } finally {
      closeSync(fd);
    }
    expect(tracked.workers[0]!.exited).toBe(true);
  });

  it("destroy stops the worker at once and rejects a caller waiting for room with the reason", async () => {
    const fd = openSync(join(dir, "out.bin"), "wx");
    try {
      const writer = createHashingWriter(fd, true);
      let waiting: Promise<void> | undefined;
      for (const chunk of chunksOf(bytesOf(4 * MiB), MiB)) waiting = writer.write(chunk) ?? waiting;
      const settled = (waiting as Promise<void>).catch((e: unknown) => e);
      await writer.destroy(new Error("stop"));
      expect(await settled).toMatchObject({ message: "stop" });
      expect(tracked.workers[0]!.exited).toBe(true);
    } finally {
      closeSync(fd);
    }
  });

  it("where no worker may be started, hashes on this thread with the same result", async () => {
    tracked.refuse = true;
    const data = bytesOf(3 * MiB + 7);
    const path = join(dir, "out.bin");
    const fd = openSync(path, "wx");
    try {
      const writer = createHashingWriter(fd, true);
      for (const chunk of chunksOf(data, 64 * 1024)) await writer.write(chunk);
      expect(await writer.end()).toBe(sha256(data));
      await writer.destroy();
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path).equals(data)).toBe(true);
    expect(tracked.workers).toHaveLength(0);
  });
});

describe("downloadArtifactToFile off the main thread", () => {
  const ref = { owner: "o", repo: "r", artifact_id: 1 };
  const body = bytesOf(9 * MiB);

  async function client(options: DownloadFakeOptions) {
    fake = await startDownloadFake(options);
    return createArtifactsClient({ baseUrl: fake.url, retry: false });
  }

  it("hashes an archive of 8 MiB or more in a worker, verifies it, and leaves no worker running", async () => {
    const gh = await client({ body, digest: `sha256:${sha256(body)}` });
    const path = join(dir, "a.zip");
    const result = await downloadArtifactToFile(gh, { ...ref, path });
    expect(result).toEqual({
      path,
      bytes: body.length,
      sha256: sha256(body),
      verified: true,
      kind: "zip",
      fileName: "artifact-1.zip",
      extracted: null,
    });
    expect((await readFile(path)).equals(body)).toBe(true);
    expect(tracked.workers).toHaveLength(1);
    expect(tracked.workers[0]!.exited).toBe(true);
  });

  it("hashes a small archive on this thread, without a worker", async () => {
    const zip = await makeZip({ "a.txt": "hello" });
    const gh = await client({ body: zip, digest: `sha256:${sha256(zip)}` });
    await expect(downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") })).resolves.toMatchObject({
      verified: true,
    });
    expect(tracked.workers).toHaveLength(0);
  });

  it("on an abort mid-download stops the worker and leaves no file", async () => {
    const gh = await client({ body, storage: { stallAfterBytes: Math.floor(body.length / 2) } });
    const controller = new AbortController();
    const error = await downloadArtifactToFile(gh, {
      ...ref,
      path: join(dir, "a.zip"),
      signal: controller.signal,
      onProgress: ({ loaded }) => loaded > 0 && controller.abort(),
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
    expect(await readdir(dir)).toEqual([]);
    expect(tracked.workers.map((w) => w.exited)).toEqual([true]);
  });

  it("on a connection dropped halfway stops the worker and leaves no file", async () => {
    const gh = await client({ body, storage: { cutAfterBytes: Math.floor(body.length / 2) } });
    await expect(downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") })).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
    expect(tracked.workers.map((w) => w.exited)).toEqual([true]);
  });

  it("on a digest mismatch stops the worker and leaves no file", async () => {
    const gh = await client({ body, digest: `sha256:${"0".repeat(64)}` });
    const error = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestMismatchError);
    expect(await readdir(dir)).toEqual([]);
    expect(tracked.workers.map((w) => w.exited)).toEqual([true]);
  });
});
