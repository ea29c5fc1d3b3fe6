import { type ArtifactsClient, createArtifactsClient } from "@gh-artifacts/client";
import type { CliIo } from "./io.js";
import { version } from "./version.js";

/**
 * The token from the environment: `GH_TOKEN` first, then `GITHUB_TOKEN` (the GitHub CLI's order); an empty value
 * counts as unset. `undefined` means anonymous requests (public repositories, a lower rate limit).
 */
export function tokenFrom(env: CliIo["env"]): string | undefined {
  return env.GH_TOKEN || env.GITHUB_TOKEN || undefined;
}

/**
 * The API root: `--base-url`, else `GITHUB_API_URL` (Actions sets it, GHES included), else api.github.com. The
 * client refuses a malformed one with `InvalidInputError("baseUrl")` before any request.
 */
export function baseUrlFrom(flag: string | undefined, env: CliIo["env"]): string | undefined {
  return flag || env.GITHUB_API_URL || undefined;
}

/** A client for one command. */
export function clientFor(env: CliIo["env"], baseUrlFlag: string | undefined): ArtifactsClient {
  return createArtifactsClient({
    token: tokenFrom(env),
    baseUrl: baseUrlFrom(baseUrlFlag, env),
    userAgent: `gh-artifacts-cli/${version()}`,
  });
}
