import { afterEach, describe, expect, it } from "vitest";
import { GitHubApiError, RateLimitError } from "../../src/errors.js";
import { caught, closeServers, networkClient, sendJson, serveSequence } from "./network-client.js";

afterEach(closeServers);

const VALIDATION = {
  message: "Validation Failed",
  errors: [{ resource: "Artifact", field: "name", code: "invalid" }],
  documentation_url: "https://docs.github.com/rest/actions/artifacts",
};

describe("GitHubApiError.response", () => {
  it("item 12: a 422's errors[] and x-github-request-id reach the caller in error.response and toJSON", async () => {
    const server = await serveSequence(sendJson(422, VALIDATION, { "x-github-request-id": "C0DE:1234" }));
    const error = (await caught(() => networkClient(server.url).getArtifact())) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.response).toEqual({
      status: 422,
      url: `${server.url}/repos/o/r/actions/artifacts/1`,
      headers: expect.objectContaining({
        "x-github-request-id": "C0DE:1234",
        "content-type": "application/json; charset=utf-8",
      }),
      data: VALIDATION,
    });
    expect(error.requestId).toBe("C0DE:1234");
    expect(JSON.parse(JSON.stringify(error)).response).toMatchObject({
      status: 422,
      data: { errors: VALIDATION.errors },
      headers: { "x-github-request-id": "C0DE:1234" },
    });
  });

  it("item 12: response.url and url keep origin and path, not the query", async () => {
    const server = await serveSequence(sendJson(500, { message: "oops" }));
    const error = (await caught(() => networkClient(server.url).listArtifactsForRepo({ page: 7 }))) as GitHubApiError;
    expect(error.url).toBe(`${server.url}/repos/o/r/actions/artifacts`);
    expect(error.response?.url).toBe(`${server.url}/repos/o/r/actions/artifacts`);
  });

  it("item 12: a body that is not JSON is kept as its text", async () => {
    const server = await serveSequence((_req, res) => {
      res.writeHead(502, "Bad Gateway", { "content-type": "text/html" });
      res.end("<html>upstream down</html>");
    });
    const error = (await caught(() => networkClient(server.url).getArtifact())) as GitHubApiError;
    expect(error.message).toBe("502 Bad Gateway");
    expect(error.response?.data).toBe("<html>upstream down</html>");
  });

  it("item 12: an empty error body gives data undefined and the status line as message", async () => {
    const server = await serveSequence((_req, res) => {
      res.writeHead(404, "Not Found", { "content-length": "0" });
      res.end();
    });
    const error = (await caught(() => networkClient(server.url).getArtifact())) as GitHubApiError;
    expect(error).toMatchObject({ status: 404, message: "404 Not Found" });
    expect(error.response).toMatchObject({ status: 404, headers: { "content-length": "0" } });
    expect(error.response?.data).toBeUndefined();
  });

  it("item 12: RateLimitError keeps retryAfter and resetAt beside the response", async () => {
    const server = await serveSequence(sendJson(429, { message: "slow down" }, { "retry-after": "120" }));
    const before = Date.now();
    const error = (await caught(() => networkClient(server.url, { retry: true }).getArtifact())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfter).toBe(120);
    expect(error.resetAt?.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect(error.response).toMatchObject({ status: 429, headers: { "retry-after": "120" } });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ retryAfter: 120, response: { status: 429 } });
  });
});
