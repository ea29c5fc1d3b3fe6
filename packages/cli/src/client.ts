import { type ArtifactsClient, createArtifactsClient, createEtagCache, InvalidInputError } from "@gh-artifacts/client";
import { createFileStore } from "@gh-artifacts/client/node";
import type { CliIo } from "./io.js";
import { UsageError } from "./usage-error.js";
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

/**
 * A client for one command; with `cacheDir`, conditional requests whose ETags outlive the process (a rerun of an
 * unchanged listing is answered with 304s, which GitHub does not count against the rate limit). A malformed API
 * root is a `UsageError` naming where it came from: `--base-url` or `GITHUB_API_URL`.
 */
export function clientFor(
  env: CliIo["env"],
  baseUrlFlag: string | undefined,
  cacheDir?: string | undefined,
): ArtifactsClient {
  try {
    return createArtifactsClient({
      token: tokenFrom(env),
      baseUrl: baseUrlFrom(baseUrlFlag, env),
      userAgent: `gh-artifacts-cli/${version()}`,
      cache: cacheDir === undefined ? undefined : createEtagCache(createFileStore(cacheDir)),
    });
  } catch (error) {
    if (error instanceof InvalidInputError && error.field === "baseUrl") {
      throw new UsageError(baseUrlFlag ? "--base-url" : "GITHUB_API_URL", error.rule);
    }
    throw error;
  }
}
