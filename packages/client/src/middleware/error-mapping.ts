import type { Middleware } from "openapi-fetch";
import {
  ArtifactExpiredError,
  ForbiddenError,
  GitHubApiError,
  type GitHubApiErrorInit,
  NotFoundError,
  RateLimitError,
  UnauthorizedError,
} from "../errors.js";
import { isRateLimited, readRateLimit, retryAfterMs } from "../rate-limit.js";
import type { Redact } from "../redact.js";

/** GitHub's error body, from openapi-fetch's `error` (parsed JSON, or the text when it was not JSON). */
function parseBody(raw: unknown): { message?: unknown; documentation_url?: unknown } {
  let body = raw;
  if (typeof raw === "string") {
    try {
      body = JSON.parse(raw);
    } catch {
      return {};
    }
  }
  return body && typeof body === "object" ? body : {};
}

/** The one place an HTTP error response becomes a typed error. */
export function errorFromResponse(
  response: Response,
  body: unknown,
  redact: Redact,
  request: { method: string; url: string },
): GitHubApiError {
  const parsed = parseBody(body);
  const { status, headers } = response;
  const ghMessage = typeof parsed.message === "string" ? parsed.message : undefined;
  const init: GitHubApiErrorInit = {
    status,
    message: redact(ghMessage ?? (`${status} ${response.statusText}`.trim() || `HTTP ${status}`)),
    documentation_url: typeof parsed.documentation_url === "string" ? redact(parsed.documentation_url) : undefined,
    requestId: headers.get("x-github-request-id") ?? undefined,
    rateLimit: readRateLimit(headers),
    method: request.method,
    url: redact(request.url),
  };
  if (isRateLimited(status, headers, ghMessage)) {
    const now = Date.now();
    const after = retryAfterMs(headers, now);
    return new RateLimitError({
      ...init,
      retryAfter: after === undefined ? undefined : Math.ceil(after / 1000),
      resetAt: after === undefined ? init.rateLimit?.reset : new Date(now + after),
    });
  }
  switch (status) {
    case 401:
      return new UnauthorizedError(init);
    case 403:
      return new ForbiddenError(init);
    case 404:
      return new NotFoundError(init);
    case 410:
      return new ArtifactExpiredError(init);
    default:
      return new GitHubApiError(init);
  }
}

/**
 * Throws the typed error for any status ≥ 400.
 * note: the methods pass this per request (`middleware: [...]`) rather than registering it with `use()`, so `raw`
 * keeps openapi-fetch's contract of never throwing on an HTTP error.
 */
export function createErrorMapping(redact: Redact): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.status < 400) return undefined;
      const text = await response.clone().text();
      throw errorFromResponse(response, text, redact, request);
    },
  };
}
