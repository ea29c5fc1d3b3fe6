// The shapes of GitHub's answers: its JSON errors, its CORS and rate-limit headers.

/** GitHub's own messages for the statuses the fake sends. */
export const MESSAGES: Record<number, string> = {
  401: "Bad credentials",
  403: "Resource not accessible by personal access token",
  404: "Not Found",
  410: "Artifact has expired",
};

const DOCS = "https://docs.github.com/rest/actions/artifacts";
const RATE_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";

/** The headers GitHub's API lets a browser read (its `Access-Control-Expose-Headers`). */
const EXPOSED =
  "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, " +
  "X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, " +
  "X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset";

/** CORS as GitHub's API answers it: any origin may read, no credentials mode. */
export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers": EXPOSED,
};

/** GitHub's answer to a preflight. */
export const PREFLIGHT_HEADERS: Record<string, string> = {
  ...CORS_HEADERS,
  "access-control-allow-methods": "GET, POST, PATCH, PUT, DELETE",
  "access-control-allow-headers":
    "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Accept-Encoding, " +
    "X-GitHub-OTP, X-Requested-With, User-Agent, GraphQL-Features, X-Github-Next-Global-ID, X-GitHub-Api-Version",
  "access-control-max-age": "86400",
};

/** GitHub's error body: `{ message, documentation_url, status }`. */
export function errorBody(status: number, message: string, docs = DOCS): string {
  return JSON.stringify({ message, documentation_url: docs, status: String(status) });
}

export const RATE_LIMIT_DOCS = RATE_DOCS;
