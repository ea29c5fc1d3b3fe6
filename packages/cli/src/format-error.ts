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

/** What a network failure's `cause` may carry (Node's undici errors). */
interface NetworkCause {
  code?: unknown;
  message?: unknown;
}

/** A hint for the GitHub errors people meet most, on the same line. */
function hint(error: GitHubApiError): string {
  if (error instanceof UnauthorizedError) return " (check GITHUB_TOKEN or GH_TOKEN)";
  if (error instanceof RateLimitError) {
    return error.resetAt ? ` (rate limited until ${error.resetAt.toISOString()})` : " (rate limited)";
  }
  if (error instanceof ForbiddenError) return " (the token may lack a permission: deleting needs actions: write)";
  if (error instanceof NotFoundError) return " (no such repository or artifact, or the token cannot see it)";
  if (error instanceof ArtifactExpiredError) return " (the artifact expired: its archive is gone)";
  return "";
}

/**
 * Any error as one line, without a stack. The client's errors never hold the token (it redacts them), and nothing
 * here reads the environment, so no token can reach this text; `main` still masks it as a last guard.
 */
export function formatError(error: unknown): string {
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
    text = `network error: ${String(cause.code ?? cause.message ?? error.message)}`;
  } else if (error instanceof Error) text = error.message;
  else text = String(error);
  // note: one line whatever the message holds (GitHub's messages, file system errors), and no escape sequences.
  return printable(text.replace(/\s*\n\s*/g, " "));
}
