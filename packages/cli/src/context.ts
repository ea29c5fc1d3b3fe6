import type { ArtifactsClient } from "@gh-artifacts/client";
import type { Colour } from "./colour.js";
import type { CliIo, Output, Terminals } from "./io.js";

/** What a command runs with: `main` builds it once from `CliIo`. */
export interface Context {
  env: CliIo["env"];
  /** Writes to stdout with the token masked. */
  stdout: Output;
  /** Writes to stderr with the token masked. */
  stderr: Output;
  stdin: NodeJS.ReadableStream;
  terminals: Terminals;
  colour: { stdout: Colour; stderr: Colour };
  now(): number;
  /** Aborted when the user asks the CLI to stop (Ctrl-C): long commands end cleanly and say what they did. */
  signal: AbortSignal | undefined;
  /**
   * A client for the API root `--base-url` names (else `GITHUB_API_URL`, else api.github.com); with `cacheDir`, its
   * ETags are kept in that folder. A malformed root is a `UsageError` naming where it came from.
   */
  client(baseUrl: string | undefined, options?: { cacheDir?: string | undefined }): ArtifactsClient;
}

/** A command's parsed flags, as `node:util` `parseArgs` returns them. */
export type Flags = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One subcommand: its flags for `parseArgs`, its help text, and what it does. */
export interface Command {
  /** `parseArgs` option definitions (every flag is a long one). */
  options: Record<string, { type: "string" | "boolean"; short?: string }>;
  /** The full `--help` text. */
  help: string;
  /** `true` when it takes several `OWNER/REPO` arguments; otherwise one at most. Default: `false`. */
  manyRepositories?: boolean;
  /** Runs with the positional arguments (`OWNER/REPO`…) and the flags; resolves to the exit code. */
  run(args: readonly string[], flags: Flags, context: Context): Promise<number>;
}

/** A string flag's value, or `undefined`. */
export const stringFlag = (flags: Flags, name: string): string | undefined => {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
};
