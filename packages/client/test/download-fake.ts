// One artifact of `o/r` on @gh-artifacts/testing, the repository's one fake of GitHub, served on loopback by
// `startFakeGitHub`: the API redirects its download to the storage host (another port, so another origin), which
// refuses `Authorization` and serves the bytes as the world's behaviours say. What GitHub would never send (a
// chunked body that breaks or ends early, a redirect whose body never ends) is answered through `intercept`.
import {
  type ArtifactsWorld,
  createArtifactsWorld,
  type RecordedRequest,
  type StorageBehaviour,
} from "@gh-artifacts/testing";
import { startFakeGitHub } from "@gh-artifacts/testing/node";

export interface DownloadFakeOptions {
  /** The bytes storage serves. */
  body: Uint8Array;
  /** `"file"`: a single file, served at `/artifacts/1/NAME` under its `name`. Default: `"zip"` (`/artifacts/1.zip`). */
  kind?: "zip" | "file";
  /** The artifact's name. Default: `artifact-1`. */
  name?: string;
  /** What storage sends as `Content-Type`. Default: `application/zip`, or `application/octet-stream` for a file. */
  contentType?: string;
  /** A `Content-Disposition` storage sends too. Default: none. */
  disposition?: string;
  /** The artifact's `digest`. Default: `null`, as for artifacts of upload-artifact before v4. */
  digest?: string | null;
  /** Listed as expired; its download is 410. */
  expired?: boolean;
  /** How storage sends the bytes (testing's `cutAfterBytes`, `stallAfterBytes`). Default: whole. */
  storage?: StorageBehaviour;
  /** What storage answers instead of the world's answer (given the world's bytes). Default: the world's. */
  storageAnswer?: (body: Uint8Array) => Response;
  /** What the download endpoint answers instead of its 302 (given where it would redirect). Default: the 302. */
  downloadAnswer?: (location: string) => Response;
  /** Answers for paths GitHub does not have, by path (e.g. where a relative `Location` points). Default: none. */
  apiAnswers?: Record<string, (request: Request) => Response>;
}

export interface DownloadFake {
  /** The API root: the client's `baseUrl`. */
  url: string;
  /** The storage host's root. */
  storageUrl: string;
  world: ArtifactsWorld;
  /** The requests the API received. */
  readonly api: RecordedRequest[];
  /** The requests the storage host received. */
  readonly storage: RecordedRequest[];
  /** Every request as it arrived, headers and all (the world keeps only the headers' names). */
  readonly received: Request[];
  close(): Promise<void>;
}

/** Starts the fake with artifact 1 of `o/r` as `options` says; the test closes it. */
export async function startDownloadFake(options: DownloadFakeOptions): Promise<DownloadFake> {
  const world = createArtifactsWorld({ behaviours: { storage: options.storage ?? {} } });
  const kind = options.kind ?? "zip";
  world.addArtifact({
    repo: "o/r",
    id: 1,
    name: options.name ?? "artifact-1",
    kind,
    bytes: options.body,
    contentType: options.contentType,
    digest: options.digest ?? null,
    expired: options.expired,
  });
  const received: Request[] = [];
  const server = await startFakeGitHub({
    world,
    intercept: async (request, next) => {
      received.push(request.clone());
      const path = new URL(request.url).pathname;
      const own = options.apiAnswers?.[path];
      if (own) return own(request);
      if (options.downloadAnswer && path.endsWith("/zip")) {
        const answer = await next(request);
        const location = answer.headers.get("location");
        if (location) return options.downloadAnswer(location);
        return answer;
      }
      if (path.startsWith("/artifacts/")) {
        const answer = await next(request);
        if (answer.status === 200 && options.storageAnswer) {
          await answer.body?.cancel();
          return options.storageAnswer(options.body);
        }
        if (answer.status === 200 && options.disposition !== undefined) {
          const headers = new Headers(answer.headers);
          headers.set("content-disposition", options.disposition);
          return new Response(answer.body, { status: 200, headers });
        }
        return answer;
      }
      return next(request);
    },
  });
  return {
    url: server.url,
    storageUrl: server.storageUrl,
    world,
    received,
    get api() {
      return world.requests.filter((r) => r.host === "api");
    },
    get storage() {
      return world.requests.filter((r) => r.host === "storage");
    },
    close: () => server.stop(),
  };
}

/** A body of these chunks that then fails, as a dropped connection does (over node:http: the socket is cut). */
export function brokenBody(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  const left = [...chunks];
  return new ReadableStream<Uint8Array>(
    {
      // note: one chunk a pull, and the failure only after the event loop has turned: node:http sends what was
      // written on its next tick, and a connection cut before that would take the chunks (and the head) with it.
      async pull(controller) {
        const next = left.shift();
        if (next) return controller.enqueue(next);
        await new Promise((resolve) => setImmediate(resolve));
        controller.error(new TypeError("the connection was dropped"));
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * A body of `first` and then nothing, never ending; `sent` is called once `first` was handed on, `closed` when the
 * reader cancels it (over node:http: the client went away).
 */
export function stalledBody(first: Uint8Array, hooks: { sent?: () => void; closed?: () => void } = {}) {
  let given = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (given) return new Promise<void>(() => undefined);
        given = true;
        controller.enqueue(first);
        hooks.sent?.();
        return undefined;
      },
      cancel() {
        hooks.closed?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** A body that never ends: 64 KiB chunks for as long as it is read; `closed` when the reader cancels it. */
export function endlessBody(closed?: () => void): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        controller.enqueue(chunk.slice());
      },
      cancel() {
        closed?.();
      },
    },
    { highWaterMark: 0 },
  );
}

/** A body of these chunks that ends cleanly: sent chunked, without any length. */
export function chunkedBody(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

/** Storage sends the first `bytes` without any length (chunked), then drops the connection. */
export const dropChunkedAfter = (bytes: number) => (body: Uint8Array) =>
  new Response(brokenBody(body.subarray(0, bytes)), { headers: { "content-type": "application/zip" } });

/** Storage sends the first `bytes` without any length (chunked) and ends the body cleanly, as a faulty proxy might. */
export const endChunkedAfter =
  (bytes: number, contentType = "application/zip") =>
  (body: Uint8Array) =>
    new Response(chunkedBody(body.subarray(0, bytes)), { headers: { "content-type": contentType } });

/** Storage announces the whole length, sends the first `bytes`, calls `sent` and stalls until the client goes away. */
export const stallAfter = (bytes: number, sent?: () => void) => (body: Uint8Array) =>
  new Response(stalledBody(body.subarray(0, bytes), { sent }), {
    headers: { "content-type": "application/zip", "content-length": String(body.byteLength) },
  });

/** A promise with its `resolve` at hand, for waiting on an event instead of on time. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
