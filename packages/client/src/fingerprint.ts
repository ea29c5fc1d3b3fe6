// note: a synchronous SHA-256 because React query keys are computed synchronously, and compact because
// `crypto.subtle` is async and @noble/hashes would cost a quarter of the bundle budget. Checked against node:crypto.

let K: number[] | undefined;
let H: number[];

/** The first 32 bits of the fractional part of `x`, as SHA-256 derives its constants from primes. */
const frac = (x: number) => ((x - Math.floor(x)) * 2 ** 32) | 0;
const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** SHA-256 of the UTF-8 bytes of `text` (under 256 MiB), as lowercase hex. */
export function sha256Hex(text: string): string {
  if (!K) {
    K = [];
    H = [];
    for (let n = 2; K.length < 64; n++) {
      let d = 2;
      while (n % d) d++;
      if (d < n) continue;
      if (H.length < 8) H.push(frac(Math.sqrt(n)));
      K.push(frac(Math.cbrt(n)));
    }
  }
  const bytes = new TextEncoder().encode(text);
  const length = bytes.length;
  const words = new Int32Array((((length + 8) >> 6) + 1) * 16);
  for (let i = 0; i <= length; i++) words[i >> 2]! |= (i < length ? bytes[i]! : 0x80) << (24 - (i & 3) * 8);
  words[words.length - 1] = length * 8;
  const hash = H.slice();
  const w: number[] = [];
  for (let block = 0; block < words.length; block += 16) {
    const v = hash.slice();
    for (let i = 0; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      w[i] =
        i < 16
          ? words[block + i]!
          : (w[i - 16]! +
              (rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3)) +
              w[i - 7]! +
              (rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10))) |
            0;
      const [a, b, c, d, e, f, g, h] = v as [number, number, number, number, number, number, number, number];
      const t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!;
      v.pop();
      v.unshift((t1 + (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0);
      v[4] = (d + t1) | 0;
    }
    for (let i = 0; i < 8; i++) hash[i] = (hash[i]! + v[i]!) | 0;
  }
  return hash.map((x) => (x >>> 0).toString(16).padStart(8, "0")).join("");
}

/**
 * A short one-way name for a token (64 bits of SHA-256 over a domain-prefixed token): equal tokens give equal names,
 * and the name cannot be turned back into the token.
 */
export function fingerprint(token: string): string {
  return sha256Hex(`gh-artifacts/token:${token}`).slice(0, 16);
}
