import type { ArtifactsWorld } from "./artifacts-world.js";
import { bodyStream } from "./body-stream.js";
import { signatureProblem, storagePathOf } from "./signed-url.js";
import { internalsOf } from "./world-internals.js";

const PATH = /^\/artifacts\/(?<id>\d+)(?:\.zip|\/[^/]*)$/;

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

/**
 * The answer of the storage host: the artifact's bytes at its signed URL, as a blob store sends them.
 * note: no CORS header on any answer, and 403 to every preflight: whether GitHub's real storage host answers CORS for
 * an arbitrary origin cannot be known, so a browser path that needs it must fail here, not in production.
 */
export function answerStorage(world: ArtifactsWorld, request: Request, path: string): Response {
  const state = internalsOf(world);
  if (request.method === "OPTIONS") {
    return text(403, "CORS not enabled or no matching rule found for this request.\n");
  }
  // note: a signed URL needs no credentials; a request carrying the GitHub token here is a leak, refused as Azure
  // refuses a SAS request with an Authorization header.
  if (request.headers.has("authorization")) {
    return text(400, "Storage refuses requests with an Authorization header: the GitHub token must not reach it.\n");
  }
  if (request.method !== "GET" && request.method !== "HEAD")
    return text(405, "The resource doesn't support the method.\n");
  const id = PATH.exec(path)?.groups?.id;
  const artifact = id === undefined ? undefined : world.artifact(Number(id));
  if (!artifact || storagePathOf(artifact) !== path || world.isExpired(artifact)) {
    return text(404, "BlobNotFound: The specified blob does not exist.\n");
  }
  const problem = signatureProblem(path, new URL(request.url).searchParams, world.clock.now(), state.secret);
  if (problem) return text(403, `AuthenticationFailed: ${problem}\n`);
  const headers = {
    "content-type": artifact.contentType,
    "content-length": String(artifact.bytes.byteLength),
    "cache-control": "no-store",
    "x-ms-blob-type": "BlockBlob",
  };
  if (request.method === "HEAD") return new Response(null, { status: 200, headers });
  return new Response(bodyStream(artifact.bytes, world.behaviours(artifact.repo).storage), { status: 200, headers });
}
