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
  // note: Σ0, Σ1 (three rotations) and σ0, σ1 (two rotations and a shift) as one helper each.
  const rot3 = (x: number, a: number, b: number, c: number) => rotr(x, a) ^ rotr(x, b) ^ rotr(x, c);
  const rot2 = (x: number, a: number, b: number, c: number) => rotr(x, a) ^ rotr(x, b) ^ (x >>> c);
  for (let block = 0; block < words.length; block += 16) {
    const v = hash.slice();
    for (let i = 0; i < 64; i++) {
      w[i] =
        i < 16
          ? words[block + i]!
          : (w[i - 16]! + rot2(w[i - 15]!, 7, 18, 3) + w[i - 7]! + rot2(w[i - 2]!, 17, 19, 10)) | 0;
      const [a, b, c, d, e, f, g, h] = v as [number, number, number, number, number, number, number, number];
      const t1 = h + rot3(e, 6, 11, 25) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!;
      v.pop();
      v.unshift((t1 + rot3(a, 2, 13, 22) + ((a & b) ^ (a & c) ^ (b & c))) | 0);
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
