import type { CliIo } from "./io.js";

/** ANSI styles; each is the identity when colour is off. */
export interface Colour {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

const style =
  (on: boolean, open: number, close: number) =>
  (text: string): string =>
    on ? `\u001b[${open}m${text}\u001b[${close}m` : text;

/**
 * Colour for one stream: only on a terminal, never with `NO_COLOR` set to anything non-empty (no-color.org) or with
 * `TERM=dumb`.
 */
export function colourFor(isTerminal: boolean, env: CliIo["env"]): Colour {
  const on = isTerminal && !env.NO_COLOR && env.TERM !== "dumb";
  return {
    bold: style(on, 1, 22),
    dim: style(on, 2, 22),
    red: style(on, 31, 39),
    green: style(on, 32, 39),
    yellow: style(on, 33, 39),
  };
}
