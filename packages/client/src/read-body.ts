import { ResponseTooLargeError } from "./errors.js";

/** How much of an error body is read: enough for GitHub's `message` and `errors[]`, never a whole page. */
export const ERROR_BODY_LIMIT = 64 * 1024;

/** `Content-Length` when it counts the bytes `fetch` will hand over (no content-coding), else `undefined`. */
export function plainLength(headers: Headers): number | undefined {
  const encoding = headers.get("content-encoding");
  // note: with a content-coding, Content-Length counts compressed bytes, which fetch never shows us.
  if (encoding && encoding !== "identity") return undefined;
  const raw = headers.get("content-length");
  return raw !== null && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/** Reads up to `limit` bytes; past that, either throws `ResponseTooLargeError` or (`cut`) keeps what fits. */
async function read(response: Response, limit: number, cut: boolean): Promise<[Uint8Array<ArrayBuffer>, boolean]> {
  const body = response.body;
  if (!body) return [new Uint8Array(0), false];
  const length = plainLength(response.headers);
  // note: the fast path: undici ends the body at Content-Length and fails a shorter one, so this is bounded too.
  if (length !== undefined && length <= limit) return [new Uint8Array(await response.arrayBuffer()), false];
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  try {
    while (size <= limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
    // note: a stream may hold more than `limit` in one chunk; cancelling stops a gzip bomb at the limit.
    over = size > limit;
    if (over) await reader.cancel().catch(() => undefined);
  } finally {
    reader.releaseLock();
  }
  if (over && !cut) throw new ResponseTooLargeError(limit);
  const out = new Uint8Array(Math.min(size, limit));
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= out.length) break;
    const part = chunk.subarray(0, out.length - offset);
    out.set(part, offset);
    offset += part.byteLength;
  }
  return [out, over];
}

/**
 * Reads a whole body, failing with `ResponseTooLargeError` once more than `maxBytes` arrive (fetch has already
 * decompressed them, so a gzip bomb is stopped at `maxBytes`, not at its size on the wire). The rest is cancelled.
 */
export async function readBody(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  return (await read(response, maxBytes, false))[0];
}

// note: a cut can fall inside an echoed token, whose prefix no redactor would recognise; tokens are made of these.
const TOKEN_TAIL = /[\w.~+/=-]+$/;

/**
 * The first `limit` bytes of an error body; the rest is cancelled. Never throws for size. When the body was cut, a
 * trailing run of token characters is dropped too, so no part of a secret survives the cut.
 */
export async function readErrorBody(response: Response, limit = ERROR_BODY_LIMIT): Promise<Uint8Array<ArrayBuffer>> {
  const [bytes, cut] = await read(response, limit, true);
  if (!cut) return bytes;
  const text = new TextDecoder()
    .decode(bytes)
    .replace(/\uFFFD$/, "")
    .replace(TOKEN_TAIL, "");
  return new TextEncoder().encode(text);
}

/** `readErrorBody` as text. */
export async function readErrorText(response: Response, limit = ERROR_BODY_LIMIT): Promise<string> {
  return new TextDecoder().decode(await readErrorBody(response, limit));
}
