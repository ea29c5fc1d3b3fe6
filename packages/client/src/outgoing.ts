/**
 * A request of the typed methods before it is sent: the URL and a plain header record.
 * note: the platform's `fetch(url, init)` builds its one `Request` from these; a `Request` built here first would be
 * copied again by `fetch` (a URL parse, a header list and an AbortSignal more per call: about a tenth of a loopback
 * call). Only a user's `fetch`, which takes a `Request`, gets one built for it.
 */
export class Outgoing {
  /** Requests built here carry no body, so they can always be sent again (retries, a 401's fresh token). */
  readonly body = null;
  constructor(
    readonly method: "GET" | "DELETE",
    readonly url: string,
    /** Lowercase names; shared between calls of one client, so never changed in place (see `withHeader`). */
    readonly headers: Readonly<Record<string, string>>,
    readonly signal: AbortSignal | undefined,
  ) {}
}

/** What the client's fetch layers take: a `Request` (from `raw`, downloads) or an `Outgoing` (the typed methods). */
export type Sendable = Request | Outgoing;

/** A header of either kind of request, or `null`; `name` in lowercase. */
export function headerOf(request: Sendable, name: string): string | null {
  return request instanceof Outgoing ? (request.headers[name] ?? null) : request.headers.get(name);
}

/** A copy of `request` with header `name` (lowercase) set to `value`, or removed when `value` is `undefined`. */
export function withHeader(request: Sendable, name: string, value: string | undefined): Sendable {
  if (request instanceof Outgoing) {
    const headers = { ...request.headers };
    if (value === undefined) delete headers[name];
    else headers[name] = value;
    return new Outgoing(request.method, request.url, headers, request.signal);
  }
  const next = new Request(request);
  if (value === undefined) next.headers.delete(name);
  else next.headers.set(name, value);
  return next;
}
