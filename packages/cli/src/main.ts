import { parseArgs } from "node:util";
import { clientFor, tokenFrom } from "./client.js";
import { colourFor } from "./colour.js";
import type { Command, Context } from "./context.js";
import { download } from "./download.js";
import { formatError } from "./format-error.js";
import { type CliIo, type Output, terminals } from "./io.js";
import { list } from "./list.js";
import { prune } from "./prune.js";
import { usage } from "./usage.js";
import { UsageError } from "./usage-error.js";
import { version } from "./version.js";

export const COMMANDS: Record<string, Command> = { list, download, prune, usage };

export const mainHelp = `Usage: gh-artifacts <command> OWNER/REPO [flags]

Commands:
  list       list a repository's artifacts (or one run's), with sizes, ages, expiry and totals
  download   download one artifact (by --id, or the newest by --name --latest), digest verified
  prune      delete artifacts by a retention policy (keep the newest N per name and branch, older than a duration),
             in one repository or many (OWNER/REPO… or --repos FILE)
  usage      where the storage goes across many repositories: bytes, expiry and GB-hours left per repository,
             artifact name or branch, within the rate-limit budget

Run gh-artifacts <command> --help for its flags.

Environment:
  GH_TOKEN, GITHUB_TOKEN   the token (GH_TOKEN first); without one, requests are anonymous
  GITHUB_API_URL           the REST API root when --base-url is not given (Actions sets it; GHES works)
  NO_COLOR                 no colour when set to a non-empty value (no-color.org)
`;

// note: shared by every command, so `--base-url` and `--help` work in any position.
const COMMON = { "base-url": { type: "string" }, help: { type: "boolean", short: "h" } } as const;

/** A writer that masks the token, a last guard: no message the CLI builds should hold it in the first place. */
function masked(output: Output, token: string | undefined): Output {
  if (!token) return output;
  return { write: (text: string) => output.write(text.split(token).join("[REDACTED]")) };
}

/** `node:util` `parseArgs`'s errors, in this CLI's words. */
function usageErrorFrom(error: unknown, command: string): UsageError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? "a flag";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return new UsageError(flag, `is not a flag of ${command}`);
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    if (message.includes("does not take an argument")) return new UsageError(flag, "takes no value");
    if (message.includes("ambiguous")) {
      return new UsageError(flag, `needs a value (one starting with "-" is written ${flag}=-VALUE)`);
    }
    return new UsageError(flag, "needs a value");
  }
  return new UsageError(command, message);
}

/**
 * Runs the CLI on `argv` (without the node and script paths) and resolves to the exit code: 0 success, 1 a failed
 * request or deletion, 2 a bad command line. Never throws and never prints a stack: every error is one line.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const tty = terminals(io.isTTY);
  const token = tokenFrom(io.env);
  // note: the host of the API root in use names where a network error happened when the error itself does not.
  let apiHost: string | undefined;
  const context: Context = {
    env: io.env,
    stdout: masked(io.stdout, token),
    stderr: masked(io.stderr, token),
    stdin: io.stdin,
    terminals: tty,
    colour: { stdout: colourFor(tty.stdout, io.env), stderr: colourFor(tty.stderr, io.env) },
    now: io.now ?? Date.now,
    signal: io.signal,
    client: (baseUrl, options) => {
      const gh = clientFor(io.env, baseUrl, options?.cacheDir);
      apiHost = new URL(gh.baseUrl).host;
      return gh;
    },
  };
  const [name, ...rest] = argv;
  const fail = (error: unknown, code: number) => {
    const { red } = context.colour.stderr;
    const more = error instanceof UsageError ? ` (see gh-artifacts ${command ? `${name} ` : ""}--help)` : "";
    context.stderr.write(`${red("gh-artifacts: error:")} ${formatError(error, apiHost)}${more}\n`);
    return code;
  };
  const command = name === undefined ? undefined : COMMANDS[name];

  if (name === "--version" || name === "-v") {
    context.stdout.write(`${version()}\n`);
    return 0;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" && rest[0] ? COMMANDS[rest[0]] : undefined;
    context.stdout.write(topic?.help ?? mainHelp);
    return 0;
  }
  if (!command) {
    if (name === undefined) {
      context.stderr.write(mainHelp);
      return 2;
    }
    return fail(new UsageError(JSON.stringify(name), `is not a command (${Object.keys(COMMANDS).join(", ")})`), 2);
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...COMMON, ...command.options }, allowPositionals: true });
  } catch (error) {
    return fail(usageErrorFrom(error, name!), 2);
  }
  if (parsed.values.help) {
    context.stdout.write(command.help);
    return 0;
  }
  if (parsed.positionals.length > 1 && !command.manyRepositories) {
    return fail(new UsageError(JSON.stringify(parsed.positionals[1]), "is one argument too many (only OWNER/REPO)"), 2);
  }
  try {
    return await command.run(parsed.positionals, parsed.values, context);
  } catch (error) {
    // note: client input errors (`InvalidInputError`) are thrown before any request, like our own usage errors.
    const usage = error instanceof UsageError || (error instanceof Error && error.name === "InvalidInputError");
    return fail(error, usage ? 2 : 1);
  }
}
