import { Readable } from "node:stream";
import type { CliIo } from "../src/io.js";
import { main } from "../src/main.js";

/** What a run of the CLI printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Every `sleep(ms)` the CLI asked for, in order. */
  sleeps: number[];
}

/** Fixed "now" of the tests: ages and cutoffs are counted from it. */
export const NOW = Date.parse("2024-06-01T12:00:00Z");
export const DAY = 86_400_000;
export const daysAgo = (days: number) => new Date(NOW - days * DAY).toISOString();

/** Runs `main` in-process with captured output, a fixed clock, an instant recorded sleep and no terminal. */
export async function runCli(
  argv: string[],
  options: Partial<Omit<CliIo, "stdin">> & { input?: string; onSleep?: (ms: number) => void } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const sleeps: number[] = [];
  const code = await main(argv, {
    env: options.env ?? {},
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    isTTY: options.isTTY ?? false,
    now: options.now ?? (() => NOW),
    sleep:
      options.sleep ??
      (async (ms) => {
        sleeps.push(ms);
        options.onSleep?.(ms);
      }),
  });
  return { code, stdout, stderr, sleeps };
}
