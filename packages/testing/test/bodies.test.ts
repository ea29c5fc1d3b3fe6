import { afterEach, describe, expect, it, vi } from "vitest";
import { createArtifactsWorld } from "../src/index.js";
import { startFakeGitHub } from "../src/node/index.js";
import { fake, one, TOKEN } from "./helpers.js";

afterEach(() => {
  vi.useRealTimers();
});

/** A world with one artifact of `size` bytes and the storage behaviour given; its storage answer, headers received. */
async function download(
  storage: Parameters<ReturnType<typeof createArtifactsWorld>["behave"]>[0]["storage"],
  size = 200_000,
) {
  const world = createArtifactsWorld({ behaviours: { storage } });
  const artifact = world.addArtifact({
    repo: "octo/hello",
    name: "big",
    kind: "file",
    bytes: new Uint8Array(size).fill(7),
  });
  const { call, fetch } = fake(world);
  const location = (await call(`${one(artifact.id)}/zip`)).headers.get("location") as string;
  return { world, artifact, response: await fetch(location) };
}

async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>) {
  let bytes = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
  return bytes;
}

describe("storage bodies", () => {
  it("bytesPerSecond paces the body on timers: no chunk before its time", async () => {
    vi.useFakeTimers();
    const { response } = await download({ bytesPerSecond: 64 * 1024 }, 128 * 1024);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let got = 0;
    const first = reader.read().then((r) => {
      got += r.value?.byteLength ?? 0;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(got).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    await first;
    expect(got).toBe(64 * 1024);
    const rest = readAll(reader);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await rest).toBe(64 * 1024);
  });

  it("cutAfterBytes announces every byte, sends that many, then fails the body with a TypeError", async () => {
    const { response, artifact } = await download({ cutAfterBytes: 100_000 });
    expect(response.headers.get("content-length")).toBe(String(artifact.bytes.byteLength));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let bytes = 0;
    const failure = await (async () => {
      try {
        for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
      } catch (error) {
        return error;
      }
    })();
    expect(bytes).toBe(100_000);
    expect(failure).toBeInstanceOf(TypeError);
  });

  it("stallAfterBytes sends that many bytes and then nothing, until the reader cancels", async () => {
    vi.useFakeTimers();
    const { response } = await download({ stallAfterBytes: 1000 });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).value?.byteLength).toBe(1000);
    let settled = false;
    const next = reader.read().then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(settled).toBe(false);
    await reader.cancel();
    await next;
    expect(settled).toBe(true);
  });

  it("over node:http, a cut body ends the connection early: fetch fails reading it", async () => {
    const world = createArtifactsWorld({ behaviours: { storage: { cutAfterBytes: 100_000 } } });
    const artifact = world.addArtifact({ repo: "o/r", name: "big", bytes: new Uint8Array(300_000) });
    const server = await startFakeGitHub({ world });
    try {
      const redirect = await fetch(`${server.url}/repos/o/r/actions/artifacts/${artifact.id}/zip`, {
        headers: { authorization: `Bearer ${TOKEN}` },
        redirect: "manual",
      });
      const response = await fetch(redirect.headers.get("location") as string);
      expect(response.status).toBe(200);
      await expect(response.arrayBuffer()).rejects.toThrow(TypeError);
    } finally {
      await server.stop();
    }
  });

  it("over node:http, a body cut after its first chunk still arrives with its head and those bytes", async () => {
    // note: the head and the bytes before the cut reach the client before the connection drops, as when a storage
    // host fails midway; a cut in the first chunk must not turn into a connection refused before any answer.
    const world = createArtifactsWorld({ behaviours: { storage: { cutAfterBytes: 1024 } } });
    const artifact = world.addArtifact({ repo: "o/r", name: "small", bytes: new Uint8Array(4096).fill(7) });
    const server = await startFakeGitHub({ world });
    try {
      const redirect = await fetch(`${server.url}/repos/o/r/actions/artifacts/${artifact.id}/zip`, {
        headers: { authorization: `Bearer ${TOKEN}` },
        redirect: "manual",
      });
      const response = await fetch(redirect.headers.get("location") as string);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-length")).toBe("4096");
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let bytes = 0;
      const failure = await (async () => {
        try {
          for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
        } catch (error) {
          return error;
        }
      })();
      expect(bytes).toBe(1024);
      expect(failure).toBeInstanceOf(TypeError);
    } finally {
      await server.stop();
    }
  });

  it("over node:http, a stalled body holds until the client aborts; the server then lets go", async () => {
    const world = createArtifactsWorld({ behaviours: { storage: { stallAfterBytes: 10 } } });
    const artifact = world.addArtifact({ repo: "o/r", name: "big", bytes: new Uint8Array(300_000) });
    const server = await startFakeGitHub({ world });
    try {
      const redirect = await fetch(`${server.url}/repos/o/r/actions/artifacts/${artifact.id}/zip`, {
        redirect: "manual",
      });
      const abort = new AbortController();
      const response = await fetch(redirect.headers.get("location") as string, { signal: abort.signal });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      expect((await reader.read()).value?.byteLength).toBe(10);
      const next = reader.read();
      abort.abort();
      await expect(next).rejects.toThrow();
    } finally {
      await server.stop();
    }
  });
});
