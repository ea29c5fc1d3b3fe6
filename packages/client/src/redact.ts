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

/**
 * A URL as errors and logs may show it: origin and path only. User info and the query go (a signed storage URL
 * carries its signature in the query), and so does the fragment.
 */
export function safeUrl(url: string | URL, redact: Redact): string {
  try {
    const parsed = typeof url === "string" ? new URL(url) : url;
    return redact(parsed.origin + parsed.pathname);
  } catch {
    return redact(String(url).replace(/[?#].*$/s, ""));
  }
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
