/** Where the CLI writes: `process.stdout` / `process.stderr`, or anything with `write(text)` in tests. */
export interface Output {
  write(text: string): unknown;
}

/** Which of the standard streams are a terminal. */
export interface Terminals {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
}

/** Everything `main` reads from and writes to, so tests run the CLI in-process. */
export interface CliIo {
  /** The environment: `GITHUB_TOKEN`/`GH_TOKEN`, `GITHUB_API_URL`, `NO_COLOR`, `TERM`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Results: tables, JSON, the plan and the outcome of a prune. */
  stdout: Output;
  /** Errors, prompts and progress. */
  stderr: Output;
  /** Read for the answer to `prune`'s question (only when it is a terminal). */
  stdin: NodeJS.ReadableStream;
  /** Whether the streams are terminals; `true`/`false` sets all three. Prompts and progress need one, colour too. */
  isTTY: boolean | Terminals;
  /** The current time in ms (ages, expiry, the prune cutoff). Default: `Date.now`. */
  now?: (() => number) | undefined;
  /** Aborted to stop a long command cleanly (the bin aborts it on the first Ctrl-C). Default: none. */
  signal?: AbortSignal | undefined;
}

/** `isTTY` as three booleans. */
export function terminals(isTTY: CliIo["isTTY"]): Terminals {
  return typeof isTTY === "boolean" ? { stdin: isTTY, stdout: isTTY, stderr: isTTY } : isTTY;
}
