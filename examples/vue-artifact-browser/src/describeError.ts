import {
  ArtifactExpiredError,
  ForbiddenError,
  GitHubApiError,
  NotFoundError,
  RateLimitError,
  UnauthorizedError,
} from "@gh-artifacts/client";
import { formatDateTime } from "./format.js";

/**
 * A title and an explanation for each of the client's typed errors. note: the detail may quote the server's message;
 * the templates show it as text (`{{ }}`), never as markup.
 */
export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof RateLimitError) {
    const when = error.resetAt ?? error.rateLimit.reset;
    return {
      title: "Rate limit reached",
      detail: when ? `GitHub will accept requests again at ${formatDateTime(when)}.` : "Wait a few minutes.",
    };
  }
  if (error instanceof NotFoundError)
    return { title: "Not found", detail: "This repository or artifact does not exist, or the token cannot see it." };
  if (error instanceof UnauthorizedError)
    return { title: "Not authorized", detail: "GitHub rejected the token: it is missing, wrong or expired." };
  if (error instanceof ArtifactExpiredError)
    return { title: "Artifact expired", detail: "Its retention period is over, so its archive is gone for good." };
  if (error instanceof ForbiddenError)
    return { title: "Permission denied", detail: `${error.message} (the token lacks a permission).` };
  if (error instanceof GitHubApiError) return { title: `GitHub answered ${error.status}`, detail: error.message };
  return { title: "Something went wrong", detail: error instanceof Error ? error.message : String(error) };
}

/** One line: "Permission denied. Must have admin rights … (the token lacks a permission)." */
export function errorLine(error: unknown): string {
  const { title, detail } = describeError(error);
  return `${title}. ${detail}`;
}
