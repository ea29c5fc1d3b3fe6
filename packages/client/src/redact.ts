/** Removes every secret this client has sent from text that came from elsewhere (a server may echo one back). */
export type Redact = (text: string) => string;

export const REDACTED = "[REDACTED]";

/**
 * `secrets()` lists the tokens to hide: with a token provider that is every token it handed out recently, since a
 * server may echo an older one.
 */
export function createRedactor(secrets: () => Iterable<string>): Redact {
  return (text) => {
    let out = text;
    for (const secret of secrets()) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };
}

/** `redact`, then `secrets` hidden as well (the tokens one request sent, say). */
export const redactAlso = (redact: Redact, secrets: readonly string[]): Redact => {
  const also = createRedactor(() => secrets);
  return (text) => also(redact(text));
};

/** `url` without user info, query and fragment, by its text (it may not parse). */
const bare = (url: string) => url.replace(/^([\w+.-]+:\/\/)[^/?#]*@|[?#].*$/gs, "$1");

/**
 * A URL as errors and logs may show it: origin and path only. User info and the query go (a signed storage URL
 * carries its signature in the query), and so does the fragment, also from text that does not parse as a URL.
 */
export function safeUrl(url: string | URL, redact: Redact): string {
  try {
    const parsed = typeof url === "string" ? new URL(url) : url;
    return redact(parsed.origin + parsed.pathname);
  } catch {
    return redact(bare(String(url)));
  }
}

/** A URL in a text, up to the first character a URL cannot hold. */
const URL_IN_TEXT = /\b[a-z][\w+.-]*:\/\/[^\s"'<>]+/gi;

/**
 * A network failure (`TypeError`) with every URL in its message, stack and URL fields (`input`, `base`), and in
 * those of its causes, cut as `safeUrl` cuts them, and no token; in place, so it stays the error it was.
 * note: the platform quotes a URL with user info (`Request cannot be constructed from a URL that includes
 * credentials: …`) and a Location it cannot parse (`cause.input`), whatever a server put there. Stack frames
 * (`file:///…:1:2`) have neither and stay as they are.
 */
export function scrubNetworkError(error: TypeError, redact: Redact): TypeError {
  let e = error as unknown as Record<string, unknown> | undefined;
  for (let depth = 0; depth < 4 && e instanceof Object; depth++, e = e.cause as typeof e) {
    for (const key of ["message", "stack", "input", "base"]) {
      const value = e[key];
      try {
        if (typeof value === "string") e[key] = redact(value.replace(URL_IN_TEXT, bare));
      } catch {
        // note: a read-only field (a DOMException's message) is left as it is.
      }
    }
  }
  return error;
}

/**
 * A JSON-like value with every key redacted and every string value passed through `string` (by default redacted
 * too), to a bounded depth (deeper parts are dropped).
 */
export function redactValue(value: unknown, redact: Redact, depth = 8, string: Redact = redact): unknown {
  if (typeof value === "string") return string(value);
  if (value === null || typeof value !== "object") return value;
  if (depth <= 0) return undefined;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact, depth - 1, string));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[redact(key)] = redactValue(item, redact, depth - 1, string);
  return out;
}
