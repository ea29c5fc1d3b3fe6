/** A deterministic source of numbers: the same seed gives the same sequence on every run and platform. */
export interface SeededRandom {
  /** A 32-bit unsigned integer. */
  next(): number;
  /** `count` lower-case hex digits. */
  hex(count: number): string;
  /** `size` bytes. */
  bytes(size: number): Uint8Array;
}

/** mulberry32: small, fast and well spread; not for secrets (the fake's signatures only need to be unguessable by chance). */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next,
    hex(count) {
      let out = "";
      while (out.length < count) out += next().toString(16).padStart(8, "0");
      return out.slice(0, count);
    },
    bytes(size) {
      const out = new Uint8Array(size);
      for (let i = 0; i < size; i += 4) {
        const value = next();
        for (let j = 0; j < 4 && i + j < size; j++) out[i + j] = (value >>> (j * 8)) & 0xff;
      }
      return out;
    },
  };
}
