import type { ArtifactsClient } from "./create-client.js";
import { InvalidInputError } from "./errors.js";
import { internalsOf } from "./internals.js";
import {
  isRateLimited,
  messageOf,
  parseErrorBody,
  type RateLimitSnapshot,
  readRateLimit,
  retryAfterMs,
} from "./rate-limit.js";
import { readErrorText } from "./read-body.js";

/** What `watchRateLimit` reports of one answer. */
export interface RateLimitObservation {
  /** The method of the request answered, e.g. `GET` or `DELETE`. */
  method: string;
  /**
   * The status as the network gave it: a 304 is a conditional GET the ETag cache then answers (GitHub does not count
   * it against the primary limit); each attempt of a retried call is reported.
   */
  status: number;
  /** The answer's `x-ratelimit-*` headers (fields `undefined` when absent: storage hosts send none). */
  rateLimit: RateLimitSnapshot;
  /**
   * A secondary rate limit: a 429, or a 403 that is a rate limit although requests remain (`Retry-After`, or GitHub's
   * message naming it). A 403 with `x-ratelimit-remaining: 0` is the primary limit and is `false` here.
   */
  secondary: boolean;
  /** `Retry-After` in ms, when the answer sent one. */
  retryAfterMs: number | undefined;
}

/**
 * Calls `listener` with the rate-limit headers of every answer `client` gets from the network from now on: each
 * attempt of a retried call, 304s and failed answers included, for calls made by any code holding the client.
 * Returns the function that stops it. Nothing is read that the client would not read anyway, except the body of a
 * 403 whose headers do not tell a secondary limit from a refusal (a clone, up to 64 KiB). An exception the listener
 * throws ends the call being answered with it, as `retry.onRetry`'s does.
 */
export function watchRateLimit(
  client: ArtifactsClient,
  listener: (observation: RateLimitObservation) => void,
): () => void {
  const { observers } = internalsOf(client);
  if (typeof listener !== "function") throw new InvalidInputError("listener", "must be a function");
  const observe = async (response: Response, method: string) => {
    const { status, headers } = response;
    const rateLimit = readRateLimit(headers);
    const after = retryAfterMs(headers, Date.now());
    let secondary = status === 429;
    if (status === 403 && rateLimit.remaining !== 0) {
      // note: only a 403 without Retry-After needs its message to be told apart from a refusal.
      secondary =
        after !== undefined ||
        isRateLimited(403, headers, messageOf(parseErrorBody(await readErrorText(response.clone()).catch(() => ""))));
    }
    listener({ method, status, rateLimit, secondary, retryAfterMs: after });
  };
  observers.add(observe);
  return () => {
    observers.delete(observe);
  };
}
