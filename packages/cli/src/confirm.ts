import { createInterface } from "node:readline";
import type { Context } from "./context.js";

/**
 * Asks a yes/no question on stderr and reads one line from stdin; only `y` or `yes` (any case) is a yes, and the
 * end of input is a no.
 */
export async function confirm(context: Context, question: string): Promise<boolean> {
  context.stderr.write(`${question} [y/N] `);
  const lines = createInterface({ input: context.stdin, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      lines.once("line", resolve);
      lines.once("close", () => resolve(""));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    lines.close();
  }
}
