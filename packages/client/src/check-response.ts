import type { Artifact, ArtifactList } from "@gh-artifacts/types";
import { UnexpectedResponseError } from "./errors.js";

// note: only what the methods and the paginator rely on is checked (cheap on every call); the reasons never quote
// the body, which may hold anything a proxy put there.

const fail = (status: number, reason: string): never => {
  throw new UnexpectedResponseError(status, reason);
};

const isArtifact = (value: unknown) => typeof (value as Artifact | null)?.id === "number";

function parseObject(text: unknown, status: number): Record<string, unknown> {
  if (typeof text !== "string" || !text) return fail(status, "the body is empty");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(status, "the body is not JSON");
  }
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(status, "the body is not a JSON object");
}

/** The artifact in a 2xx body, or `UnexpectedResponseError`. */
export function artifactFrom(text: unknown, status: number): Artifact {
  const value = parseObject(text, status);
  return isArtifact(value) ? (value as unknown as Artifact) : fail(status, "id is not a number");
}

/** The artifact list in a 2xx body, or `UnexpectedResponseError`. */
export function listFrom(text: unknown, status: number): ArtifactList {
  const value = parseObject(text, status);
  if (typeof value.total_count !== "number") fail(status, "total_count is not a number");
  if (!Array.isArray(value.artifacts)) fail(status, "artifacts is not an array");
  if (!(value.artifacts as unknown[]).every(isArtifact)) fail(status, "an artifact has no numeric id");
  return value as unknown as ArtifactList;
}
