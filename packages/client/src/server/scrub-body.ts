import { type Redact, redactValue } from "../redact.js";
import type { OwnUrls } from "./own-urls.js";

const parse = (text: string): { value: unknown } | undefined => {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
};

/** Whether the first and last characters of `text` other than JSON's white space are `{` `}` or `[` `]`. */
function isContainer(text: string): boolean {
  let start = 0;
  let end = text.length - 1;
  while (start < end && WHITE_SPACE.has(text.charCodeAt(start))) start++;
  while (end > start && WHITE_SPACE.has(text.charCodeAt(end))) end--;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end);
  return end > start && ((first === 0x7b && last === 0x7d) || (first === 0x5b && last === 0x5d));
}

/** Space, tab, line feed and carriage return: the white space JSON allows around values. */
const WHITE_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * `text` without the token and, given `urls`, with its string values that are URLs of the proxy's operations
 * pointing at the handler (see `ownUrls`); `undefined` when `text` is no JSON object or array, which is never passed
 * on. JSON is checked value by value, since an echoed token or a URL may be spelled with escapes (`\u0067hp_…`,
 * `https:\/\/…`) that a plain search of the text misses; only a body that changed is re-serialized, any other passes
 * byte for byte.
 * note: every JSON escape starts with "\": in a text without one, each string is spelled literally (and none can
 * hold a `"`), so a search of the text is exact and the parse (two thirds of the handler's time for a page of 100
 * artifacts) is skipped; such a text is only checked to start and end like an object or array, which a page that
 * is no JSON (HTML, plain text) does not. With a "\" the text must parse: a token escaped in a text that does not
 * could not be found.
 */
export function scrubBody(text: string, redact: Redact, urls?: OwnUrls): string | undefined {
  if (!isContainer(text)) return undefined;
  if (!text.includes("\\")) return redact(urls ? urls.literal(text) : text);
  const parsed = parse(text);
  if (!parsed) return undefined;
  const before = JSON.stringify(parsed.value);
  // note: a depth far beyond any GitHub answer; deeper parts are dropped rather than passed unchecked.
  const after = JSON.stringify(redactValue(parsed.value, redact, 64, (s) => redact(urls ? urls.value(s) : s)));
  return before === after ? redact(text) : after;
}

/**
 * GitHub's error body for the browser: its JSON (scrubbed) when it has a `message`, else `{ message }` naming the
 * status, so the browser client always finds one (an HTML page from a gateway is not passed on).
 */
export function errorBody(text: string, status: number, redact: Redact): string {
  const parsed = parse(text);
  const value = parsed?.value as { message?: unknown } | null | undefined;
  const scrubbed = value && typeof value === "object" && typeof value.message === "string" && scrubBody(text, redact);
  return scrubbed || JSON.stringify({ message: `GitHub answered HTTP ${status}` });
}
