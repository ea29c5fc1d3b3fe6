import { abortable, type UpstreamSignal } from "./upstream-signal.js";

const ignore = () => undefined;

/**
 * The archive's bytes on their way to the browser. Each read waits at most `idleMs` for the next chunk; the time
 * runs only while a read is pending, so a slow browser is not the storage host's fault. When the exchange aborts (the
 * timer, or the browser going away) the stream errors and the upstream body is cancelled, which closes its
 * connection.
 * `onBreak` is told once when the stream errors (not when the browser cancels it), with the bytes passed on so far:
 * the status went out long before, so nothing else can say the download failed.
 * note: the read itself is raced against the signal: a `fetch` option that ignores its signal cannot keep it open.
 */
export function passThrough(
  body: ReadableStream<Uint8Array>,
  upstream: UpstreamSignal,
  idleMs: number,
  onBreak: (error: unknown, received: number) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let received = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        upstream.restart(idleMs);
        try {
          const { done, value } = await abortable(reader.read(), upstream.signal);
          upstream.restart(0);
          if (done) {
            upstream.dispose();
            controller.close();
          } else {
            received += value.byteLength;
            controller.enqueue(value);
          }
        } catch (error) {
          upstream.dispose();
          reader.cancel(error).catch(ignore);
          controller.error(error);
          onBreak(error, received);
        }
      },
      cancel(reason) {
        upstream.dispose();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
