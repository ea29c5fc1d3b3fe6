import type { RateLimitBehaviour } from "./behaviours.js";
import type { RateWindow, WorldInternals } from "./world-internals.js";

const HOUR = 3_600_000;

/**
 * The primary rate-limit window of `rule` now, opened anew once the clock passes its reset. Each `rateLimit`
 * behaviour counts on its own: setting one (for the world or a repository) starts a fresh window. With `open: false`
 * a window not yet open is only computed, not kept (a look must not start the window before the first request).
 */
export function rateWindow(
  state: WorldInternals,
  rule: RateLimitBehaviour,
  now: number,
  open = true,
): { window: RateWindow; limit: number } {
  const { limit = 5000, windowMs = HOUR } = rule;
  let window = state.windows.get(rule);
  if (!window || now >= window.resetAt) {
    // note: `remaining` holds for the first window only; after its reset the full limit is back.
    const used = !window && rule.remaining !== undefined ? Math.max(0, limit - rule.remaining) : 0;
    window = { used, resetAt: now + windowMs };
    if (open) state.windows.set(rule, window);
  }
  return { window, limit };
}
