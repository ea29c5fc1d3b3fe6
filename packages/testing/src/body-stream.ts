import type { StorageBehaviour } from "./behaviours.js";

const CHUNK = 64 * 1024;
const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `bytes` as a body that storage sends per `behaviour`: in chunks, paced, cut (the stream errors with a `TypeError`,
 * as fetch reports a dropped connection) or stalled (it stops sending and never ends until cancelled).
 * Each chunk is a copy: whoever reads the body cannot change the world's bytes.
 */
export function bodyStream(bytes: Uint8Array, behaviour: StorageBehaviour): ReadableStream<Uint8Array> {
  const { bytesPerSecond = 0, cutAfterBytes, stallAfterBytes } = behaviour;
  let offset = 0;
  let release: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (cutAfterBytes !== undefined && offset >= cutAfterBytes && offset < bytes.byteLength) {
          controller.error(new TypeError("terminated: the storage host dropped the connection"));
          return;
        }
        if (stallAfterBytes !== undefined && offset >= stallAfterBytes && offset < bytes.byteLength) {
          // note: a pull that never settles is a body that stops; cancel() lets it go.
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          return;
        }
        if (offset >= bytes.byteLength) {
          controller.close();
          return;
        }
        const end = Math.min(
          offset + CHUNK,
          bytes.byteLength,
          cutAfterBytes !== undefined && cutAfterBytes > offset ? cutAfterBytes : Number.POSITIVE_INFINITY,
          stallAfterBytes !== undefined && stallAfterBytes > offset ? stallAfterBytes : Number.POSITIVE_INFINITY,
        );
        if (bytesPerSecond > 0) await wait(((end - offset) / bytesPerSecond) * 1000);
        controller.enqueue(bytes.slice(offset, end));
        offset = end;
      },
      cancel() {
        release?.();
      },
    },
    { highWaterMark: 0 },
  );
}
