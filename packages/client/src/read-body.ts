import { ResponseTooLargeError } from "./errors.js";

/** How much of an error body is read: enough for GitHub's `message` and `errors[]`, never a whole page. */
export const ERROR_BODY_LIMIT = 64 * 1024;

// note: a cut can fall inside an echoed token, whose prefix no redactor would recognise; tokens are made of these.
const TOKEN_CHAR = /[\w.~+/=-]/;

/**
 * Reads a whole body, failing with `ResponseTooLargeError` once more than `limit` bytes arrive (fetch has already
 * decompressed them, so a gzip bomb is stopped at `limit`, not at its size on the wire); the rest is cancelled.
 * With `cut`, the first `limit` bytes are kept instead, less a trailing run of token characters (so no part of a
 * secret survives the cut).
 */
export async function readBody(response: Response, limit: number, cut?: boolean): Promise<Uint8Array<ArrayBuffer>> {
  const { body, headers } = response;
  if (!body) return new Uint8Array(0);
  const encoding = headers.get("content-encoding");
  const length = Number(headers.get("content-length") ?? Number.NaN);
  // note: the fast path: with no content-coding undici ends the body at Content-Length (and fails a shorter one),
  // so the read is bounded by the header.
  if (!encoding || encoding === "identity") {
    if (length <= limit) return new Uint8Array(await response.arrayBuffer());
    // note: announced as too large: refused before a byte of it is read.
    if (length > limit && !cut) {
      await body.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(limit);
    }
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      chunks.push(read.value);
      size += read.value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        if (!cut) throw new ResponseTooLargeError(limit);
        break;
      }
    }
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(size);
  size = 0;
  for (const chunk of chunks) {
    out.set(chunk, size);
    size += chunk.byteLength;
  }
  if (size <= limit) return out;
  size = limit;
  while (size && TOKEN_CHAR.test(String.fromCharCode(out[size - 1] as number))) size--;
  return out.slice(0, size);
}

/** One UTF-8 decoder for every body read as text (`decode` keeps no state between calls without `stream`). */
export const decoder = new TextDecoder();

/** The first `ERROR_BODY_LIMIT` bytes of an error body as text (see `readBody` with `cut`). Never throws for size. */
export async function readErrorText(response: Response): Promise<string> {
  return decoder.decode(await readBody(response, ERROR_BODY_LIMIT, true));
}
