import { ResponseTooLargeError } from "./errors.js";

/** How much of an error body is read: enough for GitHub's `message` and `errors[]`, never a whole page. */
export const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * Reads a whole body, failing with `ResponseTooLargeError` once more than `maxBytes` arrive (fetch has already
 * decompressed them, so a gzip bomb is stopped at `maxBytes`, not at its size on the wire). The rest is cancelled.
 */
export async function readBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ResponseTooLargeError(maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The first `limit` bytes of an error body as text; the rest is cancelled. Never throws for size. */
export async function readErrorText(response: Response, limit = ERROR_BODY_LIMIT): Promise<string> {
  const body = response.body;
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      const part = value.subarray(0, limit - size);
      size += part.byteLength;
      text += decoder.decode(part, { stream: true });
    }
    await reader.cancel().catch(() => undefined);
    return text + decoder.decode();
  } finally {
    reader.releaseLock();
  }
}
