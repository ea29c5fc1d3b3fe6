import {
  ArtifactExpiredError,
  ForbiddenError,
  GitHubApiError,
  type GitHubApiErrorInit,
  NotFoundError,
  RateLimitError,
  UnauthorizedError,
} from "../errors.js";
import { isRateLimited, messageOf, parseErrorBody, rateLimitWait, readRateLimit } from "../rate-limit.js";
import { type Redact, redactAlso, redactValue, safeUrl } from "../redact.js";
import { tokensSent } from "./retry.js";

/**
 * The one place an HTTP error response becomes a typed error. Everything taken from the answer is redacted: the
 * client's tokens (`redact`) and every token the call sent for this answer (a token function's, see `tokensSent`).
 */
export function errorFromResponse(
  response: Response,
  body: unknown,
  clientRedact: Redact,
  request: { method: string; url: string },
): GitHubApiError {
  const redact = redactAlso(clientRedact, tokensSent(response));
  const data = redactValue(parseErrorBody(body), redact);
  const fields: { documentation_url?: unknown } = data && typeof data === "object" ? data : {};
  const { status, headers } = response;
  const ghMessage = messageOf(data);
  const plainHeaders: Record<string, string> = {};
  for (const [name, value] of headers) plainHeaders[name] = redact(value);
  const url = safeUrl(response.url || request.url, redact);
  const rateLimit = readRateLimit(headers);
  // note: the only text among the rate-limit fields; a server may echo anything there.
  rateLimit.resource &&= redact(rateLimit.resource);
  const init: GitHubApiErrorInit = {
    status,
    message: ghMessage ?? (redact(`${status} ${response.statusText}`.trim()) || `HTTP ${status}`),
    documentation_url: typeof fields.documentation_url === "string" ? fields.documentation_url : undefined,
    requestId: plainHeaders["x-github-request-id"],
    rateLimit,
    method: request.method,
    url: safeUrl(request.url, redact),
    response: { status, url, headers: plainHeaders, data },
  };
  if (isRateLimited(status, headers, ghMessage)) {
    const { retryAfter, resetAt } = rateLimitWait(headers, Date.now());
    return new RateLimitError({ ...init, retryAfter, resetAt });
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
