// "Mock GitHub": the API root the demo app talks to, and its storage host. The answers, their state and GitHub's
// behaviours come from @gh-artifacts/testing (`startFakeGitHub` over a world: the demo repository, scenario owners);
// this file adds what the demo and the contract tests want on top: every API request is also sent to Prism (mocking
// spec/artifacts.yaml) with the status the world chose, so Prism checks the request against the spec, and any
// `sl-violations` it reports are kept; and a record of the requests for the end-to-end tests.
import { startFakeGitHub } from "@gh-artifacts/testing/node";

const FORWARDED = ["accept", "authorization", "x-github-api-version", "user-agent"];

/**
 * @param {{ prismUrl: string, world: import("@gh-artifacts/testing").ArtifactsWorld, host?: string, port?: number,
 *   storagePort?: number, token?: string }} options
 *   `token`: the one the app's server sends, so `requests` can tell it from another (it is never stored).
 */
export async function startMockGitHub({ prismUrl, world, host = "127.0.0.1", port = 0, storagePort = 0, token }) {
  /**
   * Every API request received, for tests: `{ method, path, authorization, headers, at }`; `authorization` is
   * `"token"` when it was `Bearer <token>`, `"other"` for any other value and `"none"` without one; `headers` are
   * the lower-case names (values are not kept: they may hold secrets); `at` is when it arrived (ms since the epoch).
   */
  const requests = [];
  /** What storage received: `{ method, path, authorization, headers }`, `authorization` whether one was sent. */
  const storageRequests = [];
  /** Prism's `sl-violations` of each request (`METHOD /path: …`): any entry means a request broke the spec. */
  const violations = [];
  let apiOrigin = "";

  async function check(request, status) {
    const url = new URL(request.url);
    const headers = Object.fromEntries(
      FORWARDED.filter((h) => request.headers.has(h)).map((h) => [h, request.headers.get(h)]),
    );
    // note: a 304 is the conditional form of the operation's 200, which is what Prism knows.
    headers.prefer = `code=${status === 304 ? 200 : status}`;
    const answer = await fetch(`${prismUrl}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      redirect: "manual",
    });
    await answer.body?.cancel();
    const violation = answer.headers.get("sl-violations");
    if (violation) violations.push(`${request.method} ${url.pathname}: ${violation}`);
    else if (answer.status !== (status === 304 ? 200 : status)) {
      violations.push(
        `${request.method} ${url.pathname}: the spec has no ${status} answer here (Prism: ${answer.status})`,
      );
    }
  }

  async function fromPrism(request) {
    const url = new URL(request.url);
    const headers = Object.fromEntries(
      [...FORWARDED, "prefer"].filter((h) => request.headers.has(h)).map((h) => [h, request.headers.get(h)]),
    );
    const answer = await fetch(`${prismUrl}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      redirect: "manual",
    });
    const out = new Headers({ "access-control-allow-origin": "*" });
    for (const [name, value] of answer.headers) {
      if (!/^(connection|keep-alive|transfer-encoding|content-length|content-encoding)$/i.test(name))
        out.set(name, value);
    }
    return new Response(await answer.arrayBuffer(), { status: answer.status, headers: out });
  }

  const fake = await startFakeGitHub({
    world,
    host,
    port,
    storagePort,
    intercept: async (request, next) => {
      const url = new URL(request.url);
      const sent = request.headers.get("authorization");
      const headers = [...request.headers.keys()];
      if (url.origin !== apiOrigin) {
        storageRequests.push({ method: request.method, path: url.pathname, authorization: sent !== null, headers });
        return next(request);
      }
      requests.push({
        method: request.method,
        path: url.pathname,
        authorization: sent === null ? "none" : token && sent === `Bearer ${token}` ? "token" : "other",
        headers,
        at: Date.now(),
      });
      // note: a caller's own `Prefer` (e.g. curl -H "Prefer: code=429") gets Prism's answer, from the spec's examples.
      if (request.headers.has("prefer")) return fromPrism(request);
      const response = await next(request);
      if (request.method !== "OPTIONS") {
        await check(request, response.status).catch((error) => {
          violations.push(`${request.method} ${url.pathname}: Prism could not be asked: ${error.message}`);
        });
      }
      return response;
    },
  });
  apiOrigin = new URL(fake.url).origin;
  return { url: fake.url, storageUrl: fake.storageUrl, requests, storageRequests, violations, stop: fake.stop };
}
