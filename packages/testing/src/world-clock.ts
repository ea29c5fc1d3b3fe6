/** The world's clock: expiry, signed URL lifetimes and rate-limit windows all read it, never the machine's. */
export interface WorldClock {
  /** The world's time, in ms since the epoch. */
  now(): number;
  /** Moves the clock forward by `ms` (a negative value moves it back). */
  advance(ms: number): void;
  /** Sets the clock to `date`. */
  set(date: Date | number | string): void;
}

/** The default start of a world's clock: fixed, so that every run of a test sees the same dates. */
export const DEFAULT_WORLD_TIME = Date.parse("2026-01-15T12:00:00Z");

/**
 * A clock that starts at `start`, or follows `start()` (e.g. `Date.now`, for a demo on real time) shifted by
 * whatever `advance` and `set` added.
 */
export function createWorldClock(start: Date | number | (() => number) = DEFAULT_WORLD_TIME): WorldClock {
  const base = typeof start === "function" ? start : () => (start instanceof Date ? start.getTime() : start);
  if (!Number.isFinite(base())) throw new TypeError("The world's clock needs a valid start time");
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      if (!Number.isFinite(ms)) throw new TypeError("clock.advance(ms) needs a finite number of milliseconds");
      offset += ms;
    },
    set(date) {
      const at = date instanceof Date ? date.getTime() : typeof date === "string" ? Date.parse(date) : date;
      if (!Number.isFinite(at)) throw new TypeError(`clock.set: not a valid date: ${String(date)}`);
      offset = at - base();
    },
  };
}
