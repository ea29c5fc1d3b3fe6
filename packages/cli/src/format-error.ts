import {
  ArtifactExpiredError,
  DigestMismatchError,
  ForbiddenError,
  GitHubApiError,
  InvalidInputError,
  NotFoundError,
  RateLimitError,
  UnauthorizedError,
} from "@gh-artifacts/client";
import { printable } from "./format.js";
import { UsageError } from "./usage-error.js";

/** What a network failure's `cause` may carry (Node's undici errors, and the system errors beneath them). */
interface NetworkCause {
  code?: unknown;
  message?: unknown;
  hostname?: unknown;
  address?: unknown;
  port?: unknown;
  cause?: unknown;
}

/** A host name, address or port as a system error gives it: nothing but the characters those are made of. */
const HOST_PART = /^[\w.:[\]-]{1,253}$/;

/**
 * The host a network error was about, from the system error beneath it (`hostname` of a failed lookup, `address` and
 * `port` of a refused connection), else `fallback` (the API root's host). Never a URL: no path, query or token.
 */
function hostOf(cause: NetworkCause, fallback: string | undefined): string | undefined {
  for (let c: NetworkCause | undefined = cause, depth = 0; c && depth < 3; c = c.cause as NetworkCause, depth++) {
    if (typeof c.hostname === "string" && HOST_PART.test(c.hostname)) return c.hostname;
    if (typeof c.address === "string" && HOST_PART.test(c.address)) {
      const host = c.address.includes(":") ? `[${c.address}]` : c.address;
      return typeof c.port === "number" ? `${host}:${c.port}` : host;
    }
  }
  return fallback;
}

/** A hint for the GitHub errors people meet most, on the same line. */
function hint(error: GitHubApiError): string {
  if (error instanceof UnauthorizedError) return " (check GITHUB_TOKEN or GH_TOKEN)";
  if (error instanceof RateLimitError) {
    return error.resetAt ? ` (rate limited until ${error.resetAt.toISOString()})` : " (rate limited)";
  }
  if (error instanceof ForbiddenError) {
    return error.method === "DELETE"
      ? " (the token may lack a permission: deleting needs actions: write)"
      : " (the token may lack a permission: reading artifacts needs actions: read, and access to the repository)";
  }
  if (error instanceof NotFoundError) return " (no such repository or artifact, or the token cannot see it)";
  if (error instanceof ArtifactExpiredError) return " (the artifact expired: its archive is gone)";
  return "";
}

/**
 * Any error as one line, without a stack. The client's errors never hold the token (it redacts them), and nothing
 * here reads the environment, so no token can reach this text; `main` still masks it as a last guard. A network
 * error names its host (`host`: the API root's, when the error does not say).
 */
export function formatError(error: unknown, host?: string): string {
  let text: string;
  if (error instanceof UsageError) text = error.message;
  else if (error instanceof GitHubApiError) {
    const where = error.method && error.url ? ` for ${error.method} ${error.url}` : "";
    text = `GitHub answered ${error.status}${where}: ${error.message}${hint(error)}`;
  } else if (error instanceof InvalidInputError) text = error.message;
  else if (error instanceof DigestMismatchError) text = `${error.message} (the file was not kept)`;
  else if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    text = `${error.name === "TimeoutError" ? "timed out" : "aborted"}: ${error.message}`;
  } else if (error instanceof TypeError && error.cause && typeof error.cause === "object") {
    const cause = error.cause as NetworkCause;
    const where = hostOf(cause, host);
    text = `network error${where ? ` reaching ${where}` : ""}: ${String(cause.code ?? cause.message ?? error.message)}`;
  } else if (error instanceof Error) text = error.message;
  else text = String(error);
  // note: one line whatever the message holds (GitHub's messages, file system errors), and no escape sequences.
  return printable(text.replace(/\s*\n\s*/g, " "));
}
