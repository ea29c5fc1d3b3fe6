import { type ArtifactsClient, createArtifactsClient } from "@gh-artifacts/client";
import type { Artifact } from "@gh-artifacts/types";
import { expect } from "vitest";

export const OWNER = "octo-org";
export const REPO = "octo-docs";
export const TOKEN = "ghp_contractTestToken0000000000000000000";

export interface ContractClient {
  gh: ArtifactsClient;
  /** `sl-violations` headers Prism sent back: any entry means the request broke the spec. */
  violations: string[];
  /** Every request that left the client, as `METHOD /path?query`. */
  requests: string[];
}

export interface ContractClientOptions {
  /** Prism's `Prefer` header, e.g. `code=404` or `code=403, example=rate_limited`. Default: none. */
  prefer?: string;
  /** Default: a fake token. */
  token?: string | undefined;
  /** Rewrites each request before it is sent; lets a test break the client on purpose. */
  tamper?: (request: Request) => Request;
}

/**
 * The real client, pointed at Prism, through a fetch that records what crossed the wire and refuses
 * anything but loopback: a contract test can never reach the internet.
 */
export function contractClient(baseUrl: string, options: ContractClientOptions = {}): ContractClient {
  const violations: string[] = [];
  const requests: string[] = [];
  const fetch = async (input: Request) => {
    let request = input;
    const url = new URL(request.url);
    if (url.hostname !== "127.0.0.1") throw new Error(`contract tests stay on loopback; refused ${url.origin}`);
    if (options.prefer) {
      const headers = new Headers(request.headers);
      headers.set("Prefer", options.prefer);
      request = new Request(request, { headers });
    }
    if (options.tamper) request = options.tamper(request);
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const response = await globalThis.fetch(request);
    const violation = response.headers.get("sl-violations");
    if (violation) violations.push(`${request.method} ${url.pathname}: ${violation}`);
    return response;
  };
  const token = "token" in options ? options.token : TOKEN;
  return { gh: createArtifactsClient({ baseUrl, token, fetch, retry: false }), violations, requests };
}

/** What any artifact must look like, whatever data Prism generated for it. */
export function expectArtifact(artifact: Artifact) {
  expect(Number.isInteger(artifact.id)).toBe(true);
  expect(typeof artifact.node_id).toBe("string");
  expect(typeof artifact.name).toBe("string");
  expect(Number.isInteger(artifact.size_in_bytes)).toBe(true);
  expect(typeof artifact.url).toBe("string");
  expect(typeof artifact.archive_download_url).toBe("string");
  expect(typeof artifact.expired).toBe("boolean");
  for (const field of ["created_at", "expires_at", "updated_at"] as const) {
    expect(artifact[field] === null || typeof artifact[field] === "string", field).toBe(true);
  }
  // note: GHES descriptions have no `digest`, so the generated `Artifact` may lack it; checked whenever it is sent.
  const { digest } = artifact as Artifact & { digest?: unknown };
  if (digest != null) expect(typeof digest).toBe("string");
  if (artifact.workflow_run != null) expect(typeof artifact.workflow_run).toBe("object");
}
