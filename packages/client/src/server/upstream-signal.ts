/** The signal of one upstream exchange, and what ended it. */
export interface UpstreamSignal {
  signal: AbortSignal;
  /** `true` once the timer fired. */
  timedOut(): boolean;
  /** Restarts the timer (the time limit counts from now again); `0` stops it. */
  restart(ms: number): void;
  /** Aborts the exchange with a `TimeoutError` (an idle stream). */
  timeout(): void;
  /** Stops the timer and lets go of the incoming request's signal. */
  dispose(): void;
}

/**
 * Aborts when the incoming request does (the browser went away) or when `ms` pass first (`0`: never).
 * note: a plain listener and timer rather than `AbortSignal.any`/`AbortSignal.timeout`, which some runtimes lack and
 * which fake timers cannot drive.
 */
export function upstreamSignal(incoming: AbortSignal, ms: number): UpstreamSignal {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const timeout = () => {
    timedOut = true;
    controller.abort(new DOMException(`No answer within ${ms} ms`, "TimeoutError"));
  };
  const onAbort = () => controller.abort(incoming.reason);
  if (incoming.aborted) onAbort();
  else incoming.addEventListener("abort", onAbort, { once: true });
  const restart = (next: number) => {
    clearTimeout(timer);
    timer = next > 0 ? setTimeout(timeout, next) : undefined;
  };
  restart(ms);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    restart,
    timeout,
    dispose() {
      clearTimeout(timer);
      incoming.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * `promise`, or a rejection with the signal's reason once it aborts, whichever comes first.
 * note: a `fetch` option that ignores its signal (or a body that does) cannot hold the handler past its time limit.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // note: the promise is given up on, so its own rejection (the aborted read) must not go unhandled.
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
