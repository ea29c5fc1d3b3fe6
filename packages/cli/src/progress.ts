import type { Context } from "./context.js";

/**
 * One progress line on stderr, redrawn at most every 100 ms and cleared by `done`; only when stderr is a terminal
 * (a log or a pipe gets nothing).
 */
export function progressLine(context: Context) {
  if (!context.terminals.stderr) return { update(_text: string, _force?: boolean) {}, done() {} };
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(text: string, force = false) {
      const now = context.now();
      if (!force && now - last < 100) return;
      last = now;
      drawn = true;
      context.stderr.write(`\r\u001b[2K${text}`);
    },
    done() {
      if (drawn) context.stderr.write("\r\u001b[2K");
      drawn = false;
    },
  };
}
