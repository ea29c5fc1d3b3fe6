// note: a synchronous SHA-256 because React query keys are computed synchronously, and compact because
// `crypto.subtle` is async and @noble/hashes would cost a quarter of the bundle budget. Checked against node:crypto.

let K: Uint32Array | undefined;
let H: Uint32Array;

/** The first 32 bits of the fractional part of `x`, as SHA-256 derives its constants from primes. */
const frac = (x: number) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;

function constants(): Uint32Array {
  const k: number[] = [];
  const h: number[] = [];
  for (let n = 2; k.length < 64; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (!prime) continue;
    if (h.length < 8) h.push(frac(Math.sqrt(n)));
    k.push(frac(Math.cbrt(n)));
  }
  H = Uint32Array.from(h);
  return Uint32Array.from(k);
}

/** SHA-256 of the UTF-8 bytes of `text`, as lowercase hex. */
export function sha256Hex(text: string): string {
  K ??= constants();
  const k = K;
  const bytes = new TextEncoder().encode(text);
  const length = bytes.length;
  const words = new Uint32Array((((length + 8) >> 6) + 1) * 16);
  for (let i = 0; i < length; i++) words[i >> 2]! |= (bytes[i] as number) << (24 - (i & 3) * 8);
  words[length >> 2]! |= 0x80 << (24 - (length & 3) * 8);
  words[words.length - 2] = Math.floor(length / 2 ** 29);
  words[words.length - 1] = (length * 8) >>> 0;
  const hash = H.slice();
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let block = 0; block < words.length; block += 16) {
    for (let i = 0; i < 64; i++) {
      if (i < 16) {
        w[i] = words[block + i]!;
        continue;
      }
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      w[i] = w[i - 16]! + (rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) + w[i - 7]! + (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10));
    }
    const v = Array.from(hash);
    for (let i = 0; i < 64; i++) {
      const [a, b, c, d, e, f, g, h] = v as [number, number, number, number, number, number, number, number];
      const t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i]! + w[i]!;
      const t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      v.pop();
      v.unshift((t1 + t2) | 0);
      v[4] = (d + t1) | 0;
    }
    for (let i = 0; i < 8; i++) hash[i] = hash[i]! + v[i]!;
  }
  return Array.from(hash, (v) => v.toString(16).padStart(8, "0")).join("");
}

/**
 * A short one-way name for a token (64 bits of SHA-256 over a domain-prefixed token): equal tokens give equal names,
 * and the name cannot be turned back into the token.
 */
export function fingerprint(token: string): string {
  return sha256Hex(`gh-artifacts/token:${token}`).slice(0, 16);
}
