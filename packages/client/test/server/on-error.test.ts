// onError hears of every 5xx the handler answers with, and of a streamed download that breaks after its headers
// went out (nothing else can tell the server's logs), once each, with an Error that says what happened and never
// the token. A throwing onError changes nothing.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { StorageBehaviour } from "@gh-artifacts/testing";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { ResponseTooLargeError } from "../../src/index.js";
import type { ArtifactsProxyOptions } from "../../src/server/index.js";
import {
  type Answer,
  call,
  PREFIX,
  proxyFor,
  type Respond,
  startStorage,
  startUpstream,
  TOKEN,
} from "./fake-upstream.js";

const ONE = `${PREFIX}/repos/o/r/actions/artifacts/1`;
const ZIP = `${PREFIX}/repos/o/r/actions/artifacts/1/zip`;

/** An `onError` that records what it is told. */
function recorder() {
  const seen: { error: unknown; path: string }[] = [];
  const onError = (error: unknown, request: Request) => {
    seen.push({ error, path: new URL(request.url).pathname });
  };
  return { seen, onError };
}

/** Reads the whole body; resolves with the bytes read and the error that ended it, if any. */
async function drain(response: Response): Promise<{ bytes: number; error: unknown }> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let bytes = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.byteLength;
    return { bytes, error: undefined };
  } catch (error) {
    return { bytes, error };
  }
}

interface Case {
  /** What goes wrong. */
  label: string;
  /** GitHub's answer (what it never sends); without it, the world, its download redirected to `storage`. */
  answer?: Answer;
  /** On node:http, what only a socket can do: a connection cut before any answer. */
  respond?: Respond;
  storage?: (req: IncomingMessage, res: ServerResponse) => void;
  path: string;
  status: number;
  /** What the error told to onError says. */
  said: RegExp;
  options?: ArtifactsProxyOptions;
}

const cases: Case[] = [
  {
    label: "an answer with a status the handler does not pass on",
    answer: () => new Response("{}", { status: 300, headers: { "content-type": "application/json" } }),
    path: ONE,
    status: 502,
    said: /^GitHub answered with an unexpected HTTP 300$/,
  },
  {
    label: "a download answered with 200 instead of a redirect",
    answer: () => new Response("PK", { status: 200, headers: { "content-type": "application/zip" } }),
    path: ZIP,
    status: 502,
    said: /^GitHub answered the download with HTTP 200, not a redirect to the archive$/,
  },
  {
    label: "a download redirect whose Location holds the token",
    answer: () => new Response(null, { status: 302, headers: { location: `https://storage.test/1.zip?t=${TOKEN}` } }),
    path: ZIP,
    status: 502,
    said: /^GitHub answered the download with HTTP 302, not a redirect to the archive$/,
  },
  {
    label: "a redirect outside the API",
    answer: () => new Response(null, { status: 302, headers: { location: "https://elsewhere.test/steal" } }),
    path: ONE,
    status: 502,
    said: /^GitHub redirected the request outside its API$/,
  },
  {
    label: "a redirect loop",
    answer: () => new Response(null, { status: 302, headers: { location: "/repositories/1/actions/artifacts/1" } }),
    path: ONE,
    status: 502,
    said: /^GitHub redirected the request outside its API$/,
  },
  {
    label: "an answer larger than maxResponseBytes",
    answer: () =>
      new Response(`"${"x".repeat(100)}"`, { status: 200, headers: { "content-type": "application/json" } }),
    path: ONE,
    status: 502,
    said: /larger than 16 bytes/,
    options: { maxResponseBytes: 16 },
  },
  {
    label: "GitHub unreachable (the cause itself is told)",
    respond: (req) => req.socket.destroy(),
    path: ONE,
    status: 502,
    said: /fetch failed/,
  },
  {
    label: "storage answering 403 to a streamed download",
    storage: (_req, res) => res.writeHead(403).end("<Error>AuthenticationFailed</Error>"),
    path: ZIP,
    status: 502,
    said: /^The storage host answered HTTP 403$/,
    options: { download: "stream" },
  },
  {
    label: "storage unreachable for a streamed download (the cause itself is told)",
    storage: (req) => req.socket.destroy(),
    path: ZIP,
    status: 502,
    said: /fetch failed/,
    options: { download: "stream" },
  },
  {
    label: "token throwing",
    path: ONE,
    status: 500,
    said: /^session store down$/,
    options: {
      token: () => {
        throw new Error("session store down");
      },
    },
  },
];

describe("onError: every 5xx the handler answers with is told once", () => {
  for (const { label, answer, respond, storage, path, status, said, options } of cases) {
    it(`${label}: ${status}`, async () => {
      const upstream = await startUpstream(
        respond ?? { answer, storage: storage && (await startStorage(storage)).url },
      );
      const { seen, onError } = recorder();
      const handler = proxyFor(upstream, { ...options, onError });
      const response = await call(handler, path);
      expect(response.status).toBe(status);
      expect(seen).toHaveLength(1);
      const [{ error, path: at }] = seen as [{ error: Error; path: string }];
      expect(at).toBe(path);
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(said);
      expect(error.message).not.toContain(TOKEN);
      expect(JSON.stringify(await response.json())).not.toContain(TOKEN);
    });
  }

  it("the oversized answer's error is a ResponseTooLargeError", async () => {
    const upstream = await startUpstream({ answer: () => new Response(`"${"x".repeat(100)}"`) });
    const { seen, onError } = recorder();
    await call(proxyFor(upstream, { maxResponseBytes: 16, onError }), ONE);
    expect(seen.map((s) => s.error)).toEqual([expect.any(ResponseTooLargeError)]);
  });

  it("no answer within timeoutMs: 504, told once (fake timers)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const upstream = await startUpstream({
      answer: () =>
        new Promise<Response>(() => {
          arrived();
        }),
    });
    const { seen, onError } = recorder();
    const answer = call(proxyFor(upstream, { timeoutMs: 5_000, onError }), ONE);
    await reached;
    vi.advanceTimersByTime(5_000);
    expect((await answer).status).toBe(504);
    expect(seen.map((s) => s.error)).toEqual([expect.objectContaining({ name: "TimeoutError" })]);
  });

  it("GitHub's own error answers are passed on, not told: they are not the handler's failure", async () => {
    const upstream = await startUpstream({
      answer: () => Response.json({ message: "Service Unavailable" }, { status: 503 }),
    });
    const { seen, onError } = recorder();
    const response = await call(proxyFor(upstream, { onError }), ONE);
    expect(response.status).toBe(503);
    expect(seen).toEqual([]);
  });

  it("a throwing onError changes nothing: the same answer", async () => {
    const answer: Answer = () => new Response("PK", { headers: { "content-type": "application/zip" } });
    const quiet = await call(proxyFor(await startUpstream({ answer })), ZIP);
    let calls = 0;
    const handler = proxyFor(await startUpstream({ answer }), {
      onError: () => {
        calls++;
        throw new Error("the logger is broken");
      },
    });
    const loud = await call(handler, ZIP);
    expect(calls).toBe(1);
    expect([loud.status, await loud.json()]).toEqual([quiet.status, await quiet.json()]);
  });
});

describe("onError: a streamed download that breaks after its headers went out", () => {
  /**
   * GitHub's 302 to a storage host that sends the headers and 1 KiB of the archive, then stalls (the world's
   * `stallAfterBytes`) or cuts the connection (on a socket of the test's own, once the 1 KiB was written).
   */
  async function streaming(then: StorageBehaviour | "cut", options: ArtifactsProxyOptions) {
    const upstream =
      then === "cut"
        ? await startUpstream({
            storage: (
              await startStorage((req, res) => {
                res.writeHead(200, { "content-type": "application/zip", "content-length": "4096" });
                res.write(Buffer.alloc(1024, 1), () => req.socket.destroy());
              })
            ).url,
          })
        : await startUpstream();
    if (then !== "cut") upstream.world?.behave({ storage: then });
    const response = await call(proxyFor(upstream, { download: "stream", ...options }), ZIP);
    expect(response.status).toBe(200);
    return response;
  }

  it("storage cutting the connection mid-archive is told once, with the bytes passed on and the cause", async () => {
    const { seen, onError } = recorder();
    const response = await streaming("cut", { onError });
    const { bytes, error } = await drain(response);
    expect(error).toBeDefined();
    expect(seen).toHaveLength(1);
    const told = seen[0]?.error as Error;
    expect(told.message).toBe(`The storage host broke off after ${bytes} bytes of the archive`);
    expect(told.cause).toBe(error);
    expect(seen[0]?.path).toBe(ZIP);
  });

  it("storage stalling mid-archive is told once when the idle time passes (fake timers)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const { seen, onError } = recorder();
    const response = await streaming({ stallAfterBytes: 1024 }, { timeoutMs: 30_000, onError });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    // note: caught at once: the read fails while the clock is being advanced, before anything awaits it.
    const next = reader.read().catch((error: unknown) => error);
    // note: async, so the stream's pull (which arms the idle timer) runs first.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await next).toMatchObject({ name: "TimeoutError" });
    expect(seen.map((s) => (s.error as Error).message)).toEqual([
      `The storage host sent nothing for 30000 ms after ${first.value?.byteLength} bytes of the archive`,
    ]);
  });

  it("the browser going away mid-archive is not told: it is no failure", async () => {
    const { seen, onError } = recorder();
    const browser = new AbortController();
    const upstream = await startUpstream();
    upstream.world?.behave({ storage: { stallAfterBytes: 1024 } });
    const handler = proxyFor(upstream, { download: "stream", onError });
    const response = await call(handler, ZIP, { signal: browser.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    browser.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual([]);
  });

  it("a throwing onError changes nothing: the browser's stream still ends in the same error", async () => {
    let calls = 0;
    const response = await streaming("cut", {
      onError: () => {
        calls++;
        throw new Error("the logger is broken");
      },
    });
    const { error } = await drain(response);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(TypeError);
  });
});
