import { InvalidInputError } from "../errors.js";
import { headerOf, type Sendable } from "../outgoing.js";
import {
  isRateLimited,
  MAX_DELAY_MS,
  messageOf,
  parseErrorBody,
  rateLimitWait,
  retryAfterMs,
  SECONDARY_WAIT_MS,
} from "../rate-limit.js";
import { decoder, ERROR_BODY_LIMIT, readBody, readErrorText } from "../read-body.js";
import { type Redact, redactAlso, scrubNetworkError } from "../redact.js";
import { validateInteger } from "../validate.js";

/** When and how long to wait before trying a failed request again. */
export interface RetryOptions {
  /** Attempts after the first one. Default: `3`. */
  retries?: number;
  /** Backoff base: attempt n waits a random time up to `baseDelayMs * 2^n` ("full jitter"). Default: `500`. */
  baseDelayMs?: number;
  /** Upper bound of one backoff wait, in ms. Default: `30_000`. */
  maxDelayMs?: number;
  /**
   * Longest wait a rate limit (`Retry-After`, `x-ratelimit-reset`, or the minute a secondary limit asks for) or a
   * 5xx `Retry-After` may impose; a longer one is not waited for: the error is thrown at once. Default: `60_000`.
   */
  maxRetryAfterMs?: number;
  /** Called before each wait for a retry; an exception it throws ends the call with it. Default: none. */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

/** What `onRetry` is told about a retry about to happen. */
export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  /** The wait before it, in ms. */
  delayMs: number;
  /** The HTTP status that is retried, when an answer was retried. */
  status?: number | undefined;
  /** The network error or timeout that is retried, when one was. */
  error?: unknown;
}

export type ResolvedRetry = Required<Omit<RetryOptions, "onRetry">> & Pick<RetryOptions, "onRetry">;

export const DEFAULT_RETRY: ResolvedRetry = {
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/** Validates (InvalidInputError naming e.g. "retry.maxRetryAfterMs", rule included) and fills defaults. */
export function resolveRetryOptions(option: boolean | RetryOptions | undefined): ResolvedRetry | false {
  if (option === false) return false;
  if (option === undefined || option === true) return DEFAULT_RETRY;
  if (typeof option !== "object" || !option) throw new InvalidInputError("retry", "must be a boolean or an object");
  const resolved: ResolvedRetry = { ...DEFAULT_RETRY, onRetry: option.onRetry };
  for (const key of ["retries", "baseDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
    resolved[key] = option[key] ?? resolved[key];
    // note: a timer longer than 2^31-1 ms fires at once, so a larger delay would hammer instead of wait.
    validateInteger(`retry.${key}`, resolved[key], 0, key === "retries" ? 100 : MAX_DELAY_MS);
  }
  if (typeof (resolved.onRetry ?? ignore) !== "function")
    throw new InvalidInputError("retry.onRetry", "must be a function");
  return resolved;
}

const ignore = () => undefined;

export interface RetryingFetchOptions {
  /** Sends one attempt; `init.signal` (when given) replaces the request's signal. */
  fetch: (input: Sendable, init?: { signal: AbortSignal }) => Promise<Response>;
  /** `false` makes exactly one attempt. */
  retry: ResolvedRetry | false;
  /** Per-attempt limit in ms (headers, and the body when it is read here); `0` for none. */
  timeoutMs: number;
  /**
   * When set, the body of every non-3xx answer is read inside the attempt (so `timeoutMs` covers it and a stall is
   * retried like any timeout): 2xx bodies up to this many bytes (ResponseTooLargeError past it), error bodies up to
   * ERROR_BODY_LIMIT (the rest dropped); the answer handed on serves its body from those bytes. Unset: the body is
   * left to the caller (downloads stream archives).
   */
  maxBodyBytes?: number | undefined;
  /**
   * Called at most once per call, on a 401: the request to send again (a fresh token), or undefined. Set only when
   * the token varies per request (a token function): then each answer notes the tokens its call sent (`tokensSent`).
   */
  reauthorize?: ((request: Sendable) => Promise<Sendable | undefined>) | undefined;
  /** Hides the client's tokens in a network failure, whose message or cause may quote a URL (see `scrubNetworkError`). */
  redact?: Redact | undefined;
}

/**
 * The client's fetch: takes what openapi-fetch hands its `fetch` (a `Request`), or a typed method's `Outgoing`.
 * With `bytesOnly`, a body read here is left to `bodyBytes` (see `serve`): for a caller that reads it no other way.
 */
export type RetryingFetch = (input: Sendable, bytesOnly?: boolean) => Promise<Response>;

/** The error of a wait for `what` that took longer than `ms`: the platform's own kind, as `AbortSignal.timeout` gives. */
export const timeoutError = (what: string, ms: number) =>
  new DOMException(`No ${what} within ${ms} ms`, "TimeoutError");

/** Resolves after `ms`, or rejects with the signal's reason the moment it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.min(ms, MAX_DELAY_MS),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
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
  // note: fetch rejects with a TypeError on network failure (undici's "terminated" when a body breaks off); our
  // own per-attempt timer aborts with TimeoutError.
  return error instanceof TypeError || (error instanceof Error && error.name === "TimeoutError");
}

const retried = new WeakSet<Response>();
/** The token of `request`'s `Authorization: Bearer …`, or `""`. */
const bearerOf = (request: Sendable) => headerOf(request, "authorization")?.slice(7) ?? "";

const sentBy = new WeakMap<Response, string[]>();

/**
 * The tokens a call sent for `response` (its first one, and the fresh one after a 401; `""` for none), when the
 * client's token varies per request; `[]` otherwise (a string token is always hidden).
 * note: kept with the answer, not in a list of recent tokens, so that however many calls are in flight, the error
 * built from an answer (whenever that is) hides every token its call sent.
 */
export const tokensSent = (response: Response): string[] => sentBy.get(response) ?? [];

/** Whether `response` answers a retry (an earlier attempt of the same call failed or was retried). */
export function wasRetried(response: Response): boolean {
  return retried.has(response);
}

const BYTES = Symbol("body bytes");
type Served = Response & { [BYTES]: Uint8Array<ArrayBuffer> };

/**
 * The readers of a Response whose body was read into memory, answered from those bytes. A prototype between the
 * answer and `Response.prototype`, so the platform's own status, headers and URL getters still apply.
 */
const SERVED: PropertyDescriptorMap & ThisType<Served> = {
  body: {
    get() {
      return new Response(this[BYTES]).body;
    },
  },
  bodyUsed: { get: () => false },
  text: {
    async value() {
      return decoder.decode(this[BYTES]);
    },
  },
  json: {
    async value() {
      return JSON.parse(decoder.decode(this[BYTES]));
    },
  },
  arrayBuffer: {
    async value() {
      return this[BYTES].slice().buffer;
    },
  },
  clone: {
    value() {
      return served(new Response(null, this), this[BYTES]);
    },
  },
};
/** The prototype of served answers, one per prototype of the answers (a user's fetch may use its own Response). */
const servedPrototypes = new WeakMap<object, object>();
/** The prototypes of `servedPrototypes`, to tell an answer already served. */
const servedPrototypeSet = new WeakSet<object>();

/**
 * `response` with its body served from `bytes`, which were read from it.
 * note: a new Response around the bytes would cost a body stream per call (~40 µs, a fifth of a whole request);
 * a prototype swap keeps the platform's own status, headers and URL, and costs less than defining the readers on
 * each answer (about 2 µs). It is still about 3 µs on a fetch answer in Node 24 (1 to 2 % of a loopback call), so
 * it is done only for answers that leave the client's own code: see `serve`.
 */
function served(response: Response, bytes: Uint8Array<ArrayBuffer>): Response {
  const proto = Object.getPrototypeOf(response) as object;
  let servedProto = servedPrototypes.get(proto);
  if (!servedProto) {
    servedProto = Object.create(proto, SERVED) as object;
    servedPrototypes.set(proto, servedProto);
    servedPrototypeSet.add(servedProto);
  }
  (response as Served)[BYTES] = bytes;
  return Object.setPrototypeOf(response, servedProto) as Response;
}

/** The bytes `buffer` read from `response` (whose own body is then used up), or `undefined` if it read none. */
export function bodyBytes(response: Response): Uint8Array<ArrayBuffer> | undefined {
  return (response as Partial<Served>)[BYTES];
}

/** `response` made readable again through the Response API if `buffer` read its body (once is enough). */
function serve(response: Response): Response {
  const bytes = bodyBytes(response);
  return bytes && !servedPrototypeSet.has(Object.getPrototypeOf(response)) ? served(response, bytes) : response;
}

/**
 * The body read inside the attempt (so the attempt's timer and retries cover it), bounded; see `maxBodyBytes`. The
 * bytes are kept on the answer for `bodyBytes`; `serve` makes them readable through the Response API.
 */
async function buffer(response: Response, maxBytes: number): Promise<Response> {
  const { status } = response;
  // note: a 3xx keeps its body unread (a download's redirect); null-body statuses (204, 304) have none to read.
  if (!response.body || (status > 299 && status < 400)) return response;
  (response as Served)[BYTES] = await (status < 300
    ? readBody(response, maxBytes)
    : readBody(response, ERROR_BODY_LIMIT, true));
  return response;
}

/** The "full jitter" wait before retry n + 1: random, under `baseDelayMs * 2^n` and `maxDelayMs`. */
const backoff = (retry: ResolvedRetry, n: number) =>
  Math.floor(Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** n));

/** The wait before retrying `response`, or `undefined` to hand it back as it is. */
async function retryDelay(response: Response, n: number, retry: ResolvedRetry): Promise<number | undefined> {
  const { status, headers } = response;
  const fits = (ms: number | undefined) => (ms !== undefined && ms <= retry.maxRetryAfterMs ? ms : undefined);
  if (status >= 500) {
    const after = retryAfterMs(headers, Date.now());
    return after === undefined ? backoff(retry, n) : fits(after);
  }
  if (status !== 403 && status !== 429) return undefined;
  if (
    !isRateLimited(
      status,
      headers,
      status === 403 ? messageOf(parseErrorBody(await readErrorText(response.clone()))) : undefined,
    )
  )
    return undefined;
  const wait = rateLimitWait(headers, Date.now());
  // note: a secondary limit that names no time is waited out for a minute plus up to 15 s of jitter (so clients
  // limited together do not return together), within maxRetryAfterMs; if not even the minute fits, it fails now.
  if (!wait.guessed) return fits(wait.ms);
  return SECONDARY_WAIT_MS <= retry.maxRetryAfterMs
    ? Math.min(retry.maxRetryAfterMs, SECONDARY_WAIT_MS + Math.floor(Math.random() * 15_000))
    : undefined;
}

/** What `follow` aborts: an AbortController, or anything else with an `abort(reason)`. */
interface Abortable {
  abort(reason?: unknown): void;
}

/** The controllers following a caller's signal, and the one listener that aborts them all. */
interface Followers {
  controllers: Set<Abortable>;
  onAbort: () => void;
}
const following = new WeakMap<AbortSignal, Followers>();

/**
 * Aborts `controller` with `signal`'s reason when `signal` aborts; the returned function undoes the link.
 * note: one listener per caller signal, whatever the number of attempts in flight on it: pages fetched 16 at a time
 * on one signal would otherwise pass the 10 listeners past which Node warns of a leak (MaxListenersExceededWarning).
 */
export function follow(signal: AbortSignal, controller: Abortable): () => void {
  if (signal.aborted) {
    controller.abort(signal.reason);
    return ignore;
  }
  let followers = following.get(signal);
  if (!followers) {
    const controllers = new Set<Abortable>();
    const onAbort = () => {
      following.delete(signal);
      for (const c of controllers) c.abort(signal.reason);
    };
    followers = { controllers, onAbort };
    following.set(signal, followers);
    signal.addEventListener("abort", onAbort, { once: true });
  }
  const { controllers, onAbort } = followers;
  controllers.add(controller);
  return () => {
    controllers.delete(controller);
    if (controllers.size === 0 && following.get(signal) === followers) {
      following.delete(signal);
      signal.removeEventListener("abort", onAbort);
    }
  };
}

/**
 * Wraps `fetch` with per-attempt timeouts, bounded body reads and retries.
 * note: this is a `fetch` passed to openapi-fetch rather than a middleware because middleware cannot re-issue a
 * request: `onResponse` may only replace the response. Running below the middleware also means auth and cache run
 * once per call, and user middleware sees the final answer whatever its status.
 */
export function createRetryingFetch(options: RetryingFetchOptions): RetryingFetch {
  const { retry, timeoutMs, maxBodyBytes, reauthorize, redact } = options;

  async function attempt(request: Sendable): Promise<Response> {
    if (!timeoutMs) {
      const response = await options.fetch(request);
      return maxBodyBytes === undefined ? response : buffer(response, maxBodyBytes);
    }
    // note: one controller for the caller's signal and the timer, far cheaper per call than `AbortSignal.any`; a
    // typed method's call without a signal needs no link at all.
    const controller = new AbortController();
    const unfollow = request.signal ? follow(request.signal, controller) : undefined;
    const timer = setTimeout(() => controller.abort(timeoutError("complete response", timeoutMs)), timeoutMs);
    let streamed = false;
    try {
      const response = await options.fetch(request, { signal: controller.signal });
      if (maxBodyBytes !== undefined) return await buffer(response, maxBodyBytes);
      // note: an unread body still needs the caller's abort, so the link stays; it goes with the request.
      streamed = true;
      return response;
    } finally {
      clearTimeout(timer);
      // note: dropped once the body is read, or many pages on one signal pile up (and keep their controllers).
      if (!streamed) unfollow?.();
    }
  }

  return async function retryingFetch(input, bytesOnly) {
    let request = input;
    const { signal } = request;
    // note: a streamed request body cannot be sent twice, so such requests get a single attempt.
    const once = request.body !== null;
    const maxRetries = retry && !once ? retry.retries : 0;
    let reauthorized = once || !reauthorize;
    for (let n = 0; ; ) {
      signal?.throwIfAborted();
      let response: Response | undefined;
      let wait: number | undefined;
      let error: unknown;
      try {
        // note: only body-less requests are retried, so the same Request can be sent again as it is.
        response = await attempt(request);
      } catch (caught) {
        // note: an abort's reason is the caller's own object, left as it is.
        if (caught instanceof TypeError && redact && !signal?.aborted) {
          scrubNetworkError(caught, redactAlso(redact, [bearerOf(request)]));
        }
        if (signal?.aborted || n >= maxRetries || !isTransient(caught)) throw caught;
        error = caught;
        wait = retry ? backoff(retry, n) : 0;
      }
      if (response) {
        // note: what follows for a failed answer reads, clones or cancels its body through the Response API.
        if (!response.ok) serve(response);
        if (response.status === 401 && !reauthorized && reauthorize) {
          reauthorized = true;
          const next = await reauthorize(request);
          if (next) {
            await response.body?.cancel();
            request = next;
            continue;
          }
        }
        const { status } = response;
        // note: only a 5xx, a 403 or a 429 may be retried; a success skips the look at its headers.
        if (retry && n < maxRetries && (status >= 500 || status === 403 || status === 429)) {
          wait = await retryDelay(response, n, retry);
        }
        if (wait === undefined) {
          if (n > 0) retried.add(response);
          if (reauthorize) sentBy.set(response, [bearerOf(input), bearerOf(request)]);
          return bytesOnly ? response : serve(response);
        }
        await response.body?.cancel();
      }
      n++;
      if (retry) retry.onRetry?.({ attempt: n, delayMs: wait as number, status: response?.status, error });
      await sleep(wait as number, signal);
    }
  };
}
