import { createHash } from "node:crypto";
import { writev } from "node:fs";
import { Worker } from "node:worker_threads";

/**
 * Writes a download to an open file and computes its SHA-256 on the way.
 * note: hashing every byte on the thread that receives them held a loopback download to about 0.8× the speed of
 * piping it to a file; in a worker thread, fed the received chunks by transfer (no copy), it keeps up.
 */
export interface HashingWriter {
  /**
   * Queues `chunk`, which may be transferred to the worker: the caller must not use it afterwards. Returns a promise
   * when the bytes queued reach the high-water mark (resolved once there is room again), `undefined` otherwise.
   */
  write(chunk: Uint8Array): Promise<void> | undefined;
  /** Writes what is queued, then resolves to the lowercase hex SHA-256 of every byte written. */
  end(): Promise<string>;
  /** Stops at once (the worker is terminated; pending promises reject with `reason`). Safe to call twice. */
  destroy(reason?: unknown): Promise<void>;
}

/** Chunks go to the worker in batches of about this many bytes (one message and one `writev` per batch). */
const BATCH_BYTES = 512 * 1024;
/** Bytes queued (posted and not yet written) past which `write` asks the caller to wait: the memory bound. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

/**
 * The worker's script, run as CommonJS (`eval`), so that it needs no file of its own next to the bundle.
 * It answers each batch, once written, with the batch itself; `null` with the digest; and a write error with the
 * error's message and code (an Error's own fields do not survive `postMessage`).
 */
const WORKER_SOURCE = `"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { writevSync } = require("node:fs");
const hash = createHash("sha256");
parentPort.on("message", (batch) => {
  if (batch === null) return parentPort.postMessage({ digest: hash.digest("hex") });
  try {
    let chunks = batch.map((buffer) => new Uint8Array(buffer));
    let size = 0;
    for (const chunk of chunks) {
      hash.update(chunk);
      size += chunk.byteLength;
    }
    for (let left = size; left > 0; ) {
      let written = writevSync(workerData.fd, chunks);
      left -= written;
      while (written > 0 && written >= chunks[0].byteLength) written -= chunks.shift().byteLength;
      if (written > 0) chunks[0] = chunks[0].subarray(written);
    }
    // note: the buffers go back to be freed there: this thread allocates next to nothing, so its garbage collector
    // seldom runs and would let some 80 MiB of written chunks pile up before freeing them.
    parentPort.postMessage(batch, batch);
  } catch (error) {
    parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

/** Writes `chunks` whole to `fd` (a short `writev` goes on where it stopped). */
function writeAll(fd: number, chunks: Uint8Array[]): Promise<void> {
  return new Promise((resolve, reject) => {
    writev(fd, chunks, (error, written) => {
      if (error) return reject(error);
      let rest = chunks;
      while (written > 0 && rest[0] && written >= rest[0].byteLength) {
        written -= rest[0].byteLength;
        rest = rest.slice(1);
      }
      if (rest[0] && written > 0) rest = [rest[0].subarray(written), ...rest.slice(1)];
      resolve(rest.length ? writeAll(fd, rest) : undefined);
    });
  });
}

/**
 * A writer to the open file `fd` (which the caller closes). With `offThread`, hashing and writing run in a worker
 * thread; without it, or where a worker cannot be started (a permission model that forbids workers, a runtime
 * without them), the hash runs here and the writes go through the file system's own thread pool.
 */
export function createHashingWriter(fd: number, offThread: boolean): HashingWriter {
  if (offThread) {
    try {
      // note: a young generation of 1 MiB (the worker allocates next to nothing) takes 3 MiB off its resident size.
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { fd },
        resourceLimits: { maxYoungGenerationSizeMb: 1 },
      });
      return workerWriter(worker);
    } catch {
      // note: fall through to hashing on this thread.
    }
  }
  return inlineWriter(fd);
}

function workerWriter(worker: Worker): HashingWriter {
  let batch: ArrayBuffer[] = [];
  let batchBytes = 0;
  let queued = 0;
  let failure: { reason: unknown } | undefined;
  let ended = false;
  /** The wait for room that callers share, while the queue is full. */
  let room: { promise: Promise<void>; resolve: () => void; reject: (reason: unknown) => void } | undefined;
  let digest: { resolve: (hex: string) => void; reject: (reason: unknown) => void } | undefined;

  const fail = (reason: unknown) => {
    failure ??= { reason };
    room?.reject(failure.reason);
    digest?.reject(failure.reason);
    room = digest = undefined;
  };
  worker.on(
    "message",
    (message: ArrayBuffer[] | { digest: string } | { error: { message: string; code?: string } }) => {
      if (Array.isArray(message)) {
        for (const buffer of message) queued -= buffer.byteLength;
        if (queued <= HIGH_WATER_BYTES / 2) {
          room?.resolve();
          room = undefined;
        }
      } else if ("digest" in message) {
        ended = true;
        digest?.resolve(message.digest);
      } else {
        fail(Object.assign(new Error(message.error.message), { code: message.error.code }));
      }
    },
  );
  worker.on("error", fail);
  worker.on("exit", (code) => {
    if (!ended) fail(new Error(`the hashing worker stopped (exit code ${code})`));
  });

  const flush = () => {
    if (!batchBytes) return;
    // note: the batch's buffers are transferred: moved to the worker, not copied.
    worker.postMessage(batch, batch);
    queued += batchBytes;
    batch = [];
    batchBytes = 0;
  };

  return {
    write(chunk) {
      if (failure) return Promise.reject(failure.reason);
      const { buffer, byteOffset, byteLength } = chunk;
      // note: only a chunk that owns its whole buffer can be moved; a view into a larger one is copied.
      batch.push(
        byteOffset === 0 && byteLength === buffer.byteLength && buffer instanceof ArrayBuffer
          ? buffer
          : chunk.slice().buffer,
      );
      batchBytes += byteLength;
      if (batchBytes >= BATCH_BYTES) flush();
      if (queued < HIGH_WATER_BYTES) return undefined;
      if (!room) {
        let resolve!: () => void;
        let reject!: (reason: unknown) => void;
        const promise = new Promise<void>((ok, fail) => {
          resolve = ok;
          reject = fail;
        });
        // note: a failure rejects it whether or not anyone is still waiting; that must not be an unhandled rejection.
        promise.catch(() => undefined);
        room = { promise, resolve, reject };
      }
      return room.promise;
    },
    end() {
      if (failure) return Promise.reject(failure.reason);
      flush();
      return new Promise<string>((resolve, reject) => {
        digest = { resolve, reject };
        worker.postMessage(null);
      });
    },
    async destroy(reason) {
      fail(reason ?? new Error("the download was stopped"));
      ended = true;
      await worker.terminate();
    },
  };
}

function inlineWriter(fd: number): HashingWriter {
  const hash = createHash("sha256");
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let failure: { reason: unknown } | undefined;
  const flush = () => {
    const chunks = batch;
    batch = [];
    batchBytes = 0;
    return chunks.length ? writeAll(fd, chunks) : Promise.resolve();
  };
  return {
    write(chunk) {
      if (failure) return Promise.reject(failure.reason);
      hash.update(chunk);
      batch.push(chunk);
      batchBytes += chunk.byteLength;
      // note: one write in flight at a time, awaited by the caller: the bound is one batch.
      return batchBytes >= BATCH_BYTES ? flush() : undefined;
    },
    async end() {
      if (failure) throw failure.reason;
      await flush();
      return hash.digest("hex");
    },
    async destroy(reason) {
      failure ??= { reason: reason ?? new Error("the download was stopped") };
      batch = [];
    },
  };
}
