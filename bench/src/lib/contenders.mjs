/**
 * How each contender is set up against the loopback API, so every scenario builds them the same way: same token,
 * same GitHub headers, same keep-alive connections (Node's fetch keeps connections alive by default).
 */
import { createArtifactsClient } from "@gh-artifacts/client";
import { Octokit } from "@octokit/rest";
import createClient from "openapi-fetch";

export const TOKEN = "ghp_benchmarkTokenThatIsNotReal0000000000";
export const OWNER = "octo-org";
export const REPO = "octo-repo";

/** The headers our client and Octokit send: the raw contenders send the same, to compare like with like. */
export const GITHUB_HEADERS = {
  accept: "application/vnd.github+json",
  authorization: `Bearer ${TOKEN}`,
  "x-github-api-version": "2022-11-28",
  "user-agent": "gh-artifacts-bench",
};

export function ours(apiUrl, options = {}) {
  return createArtifactsClient({ baseUrl: apiUrl, token: TOKEN, ...options });
}

export function octokit(apiUrl) {
  return new Octokit({ baseUrl: apiUrl, auth: TOKEN, userAgent: "gh-artifacts-bench" });
}

export function openapiFetch(apiUrl) {
  return createClient({ baseUrl: apiUrl, headers: GITHUB_HEADERS });
}
