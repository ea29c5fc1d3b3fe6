import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { onTestFinished, vi } from "vitest";
import type { CliIo } from "../src/io.js";
import { main } from "../src/main.js";

/** What a run of the CLI printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** With fake timers: every pause between two deletions, in ms, in order. */
  sleeps: number[];
}

/** Fixed "now" of the tests: ages and cutoffs are counted from it. */
export const NOW = Date.parse("2024-06-01T12:00:00Z");
export const DAY = 86_400_000;
export const daysAgo = (days: number) => new Date(NOW - days * DAY).toISOString();

/** A fresh folder under the system's temporary one for the current test, removed (whatever is in it) when it ends. */
export async function tempDir(prefix = "gh-artifacts-cli-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A line `prune` prints as a deletion's outcome is known (on stdout, or on stderr with --json), maybe coloured. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape that starts a colour is what this skips
const OUTCOME = /^(?:\u001b\[\d+m)?(?:deleted|already gone|failed)(?:\u001b\[\d+m)? +#\d+/m;

/**
 * Runs `main` in-process with captured output, a fixed clock for the CLI and no terminal.
 *
 * With fake timers on (`vi.useFakeTimers`), each pause between two deletions passes at once: the pause is the first
 * timer armed after an outcome line is printed (within a repository, or between two repositories), so its delay is
 * read there and the fake clock moved by exactly that much once it is armed; `sleeps` records each delay.
 */
export async function runCli(
  argv: string[],
  options: Partial<Omit<CliIo, "stdin">> & { input?: string; onSleep?: (ms: number) => void } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const sleeps: number[] = [];
  const fake = vi.isFakeTimers();
  const setTimer = globalThis.setTimeout;
  let watching = false;
  if (fake) {
    // note: the fake timer is armed as usual; only its delay is read, and the clock moved past it.
    globalThis.setTimeout = ((handler: () => void, ms?: number, ...rest: unknown[]) => {
      const timer = setTimer(handler, ms, ...rest);
      if (watching) {
        watching = false;
        const delay = ms ?? 0;
        sleeps.push(delay);
        options.onSleep?.(delay);
        queueMicrotask(() => vi.advanceTimersByTime(delay));
      }
      return timer;
    }) as typeof setTimeout;
  }
  const passPause = (text: string) => {
    if (fake && OUTCOME.test(text)) watching = true;
  };
  try {
    const code = await main(argv, {
      env: options.env ?? {},
      stdout: {
        write: (text: string) => {
          stdout += text;
          passPause(text);
        },
      },
      stderr: {
        write: (text: string) => {
          stderr += text;
          passPause(text);
        },
      },
      stdin: Readable.from(options.input === undefined ? [] : [options.input]),
      isTTY: options.isTTY ?? false,
      now: options.now ?? (() => NOW),
      signal: options.signal,
    });
    return { code, stdout, stderr, sleeps };
  } finally {
    globalThis.setTimeout = setTimer;
  }
}
