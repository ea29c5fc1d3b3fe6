import { InvalidInputError } from "./errors.js";
import { follow, timeoutError } from "./middleware/retry.js";

/** A token, or a function asked for one before each request (e.g. a GitHub App installation token, hourly). */
export type TokenOption = string | (() => string | undefined | Promise<string | undefined>) | undefined;

/**
 * How many of a provider's latest tokens the redactor still hides, for a server echoing an older one. Each error
 * also hides every token its own call sent, whatever the number of calls in flight (see `tokensSent`).
 */
const REMEMBERED = 8;

/** `token` if it can be sent as `Authorization: Bearer <token>`; the error never quotes it. */
export function checkToken(token: unknown): string | undefined {
  if (token === undefined || token === "") return undefined;
  if (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token)) {
    throw new InvalidInputError("token", "must be a string of visible ASCII characters without spaces, or a function");
  }
  return token;
}

/**
 * A token function's promise, given up on when `signal` aborts (rejecting with its reason) or after `timeoutMs`
 * (`TimeoutError`, as an attempt that takes too long; `0` for no limit): a token that never comes must not hold the
 * call past either.
 * note: no AbortController of its own (a listener on a fresh one costs some 10 µs in Node), and one listener on
 * `signal` however many pages wait for tokens on it at once (`follow`).
 */
function bounded<T>(value: PromiseLike<T>, signal: AbortSignal | undefined, timeoutMs: number): Promise<T> {
  let unfollow: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<T>((resolve, reject) => {
    value.then(resolve, reject);
    if (signal) unfollow = follow(signal, { abort: reject });
    if (timeoutMs) timer = setTimeout(() => reject(timeoutError("token", timeoutMs)), timeoutMs);
  }).finally(() => {
    clearTimeout(timer);
    unfollow?.();
  });
}

/**
 * Where tokens come from. `get(signal)` gives the token for the next request (asking the provider each time,
 * bounded by `signal` and `timeoutMs`), `recent()` the last tokens handed out, for redaction. The tokens stay in
 * this closure.
 */
export function createTokenSource(option: TokenOption, timeoutMs = 0) {
  if (typeof option !== "function") {
    const token = checkToken(option);
    const all = token ? [token] : [];
    return { provider: false, get: (_signal?: AbortSignal) => token, recent: () => all };
  }
  const recent: string[] = [];
  return {
    provider: true,
    async get(signal?: AbortSignal): Promise<string | undefined> {
      const value = option();
      const pending = typeof (value as PromiseLike<unknown> | undefined)?.then === "function";
      const token = checkToken(await (pending ? bounded(value as PromiseLike<string>, signal, timeoutMs) : value));
      if (token && !recent.includes(token)) {
        recent.push(token);
        if (recent.length > REMEMBERED) recent.shift();
      }
      return token;
    },
    recent: () => recent,
  };
}
