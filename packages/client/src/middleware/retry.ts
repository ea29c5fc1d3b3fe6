import { isRateLimited, rateLimitWaitMs } from "../rate-limit.js";

/** When and how long to wait before trying a failed request again. */
export interface RetryOptions {
  /** Attempts after the first one. Default: `3`. */
  retries?: number;
  /** Backoff base: attempt n waits a random time up to `baseDelayMs * 2^n` ("full jitter"). Default: `500`. */
  baseDelayMs?: number;
  /** Upper bound of one backoff wait, in ms. Default: `30_000`. */
  maxDelayMs?: number;
  /** Longest `Retry-After`/`x-ratelimit-reset` wait honoured; a longer one fails with `RateLimitError`. Default: `60_000`. */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RETRY: Required<RetryOptions> = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

export interface RetryingFetchOptions {
  /** Sends one attempt; `init.signal` (when given) replaces the request's signal. */
  fetch: (input: Request, init?: { signal: AbortSignal }) => Promise<Response>;
  /** `false` makes exactly one attempt. */
  retry: Required<RetryOptions> | false;
  /** Per-attempt limit until the response headers arrive; `0` for none. */
  timeoutMs: number;
}

export type RetryingFetch = (input: Request, init?: RequestInit) => Promise<Response>;

/** Resolves after `ms`, or rejects with the signal's reason the moment it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** `AbortSignal.any`, with a fallback for the platforms that lack it (Safari < 17.4). */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === "function") return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener("abort", () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}

function isTransient(error: unknown): boolean {
  // note: fetch rejects with a TypeError on network failure; our own per-attempt timer aborts with TimeoutError.
  return error instanceof TypeError || (error instanceof Error && error.name === "TimeoutError");
}

/** The wait before retrying `response`, or `undefined` to hand it back as it is. */
async function retryDelay(
  response: Response,
  backoff: number,
  retry: Required<RetryOptions>,
): Promise<number | undefined> {
  const { status, headers } = response;
  if (status >= 500) return backoff;
  if (status !== 403 && status !== 429) return undefined;
  let message: string | undefined;
  if (status === 403) {
    try {
      const body: unknown = JSON.parse(await response.clone().text());
      if (body && typeof body === "object" && "message" in body && typeof body.message === "string")
        message = body.message;
    } catch {
      // a 403 without a JSON body is a permission problem, not a rate limit
    }
  }
  if (!isRateLimited(status, headers, message)) return undefined;
  const wait = rateLimitWaitMs(headers, Date.now());
  // note: a secondary limit without Retry-After gives no time; exponential backoff is GitHub's advice then.
  if (wait === undefined) return backoff;
  return wait <= retry.maxRetryAfterMs ? wait : undefined;
}

/**
 * Wraps `fetch` with per-attempt timeouts and retries.
 * note: this is a `fetch` passed to openapi-fetch rather than a middleware because middleware cannot re-issue a
 * request: `onResponse` may only replace the response. Running below the middleware also means auth and cache run
 * once per call, and the error mapping sees only the final answer.
 */
export function createRetryingFetch(options: RetryingFetchOptions): RetryingFetch {
  const { retry, timeoutMs } = options;

  async function attempt(request: Request): Promise<Response> {
    if (!timeoutMs) return options.fetch(request);
    // note: one controller for the caller's signal and the timer; a listener is far cheaper per call than
    // `AbortSignal.any`, and this runs on every request. The listener stays: the caller's abort must still
    // reach the response body after the headers arrived, and it is collected with the request.
    const parent = request.signal;
    const controller = new AbortController();
    if (parent.aborted) controller.abort(parent.reason);
    else parent.addEventListener("abort", () => controller.abort(parent.reason), { once: true });
    const timer = setTimeout(
      () => controller.abort(new DOMException(`No response within ${timeoutMs} ms`, "TimeoutError")),
      timeoutMs,
    );
    try {
      return await options.fetch(request, { signal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  return async function retryingFetch(input, init) {
    const request = input instanceof Request && !init ? input : new Request(input, init);
    const { signal } = request;
    // note: a streamed request body cannot be sent twice, so such requests get a single attempt.
    const maxRetries = retry && request.body === null ? retry.retries : 0;
    for (let n = 0; ; n++) {
      signal.throwIfAborted();
      const backoff = retry ? Math.floor(Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** n)) : 0;
      let response: Response;
      try {
        // note: only body-less requests are retried, so the same Request can be sent again as it is.
        response = await attempt(request);
      } catch (error) {
        if (signal.aborted || n >= maxRetries || !isTransient(error)) throw error;
        await sleep(backoff, signal);
        continue;
      }
      if (n >= maxRetries || !retry) return response;
      const wait = await retryDelay(response, backoff, retry);
      if (wait === undefined) return response;
      await response.body?.cancel();
      await sleep(wait, signal);
    }
  };
}
