// The allowlist: only the spec's five operations reach GitHub; every other path or method is answered by the
// handler itself, and the fake GitHub sees nothing.
import { createArtifactsFetch, createArtifactsWorld } from "@gh-artifacts/testing";
import { describe, expect, it } from "vitest";
import { createArtifactsProxy } from "../../src/server/index.js";
import { call, PREFIX, proxyFor, startUpstream, TOKEN } from "./fake-upstream.js";

async function refused(path: string, init: RequestInit = {}) {
  const upstream = await startUpstream();
  const response = await call(proxyFor(upstream), path, init);
  const body = await response.json();
  expect(upstream.requests).toEqual([]);
  expect(typeof body.message).toBe("string");
  return { status: response.status, body, headers: response.headers };
}

describe("paths the spec does not declare are 404, nothing upstream", () => {
  for (const path of [
    "/user",
    "/repos/o/r/actions/secrets",
    "/repos/o/r/actions/secrets/NPM_TOKEN",
    "/repos/o/r/actions/artifacts/1/zip/extra",
    "/repos/o/r/actions/runs/1",
    "/repos/o/r",
    "/repos/o/r/actions/artifacts/",
    "/repos/o/r/actions//artifacts",
    "//repos/o/r/actions/artifacts",
    "/repos//r/actions/artifacts",
    "/repos/o/r/actions%2Fartifacts",
    "/repos/o/r/actions%2fartifacts/1",
    "/repos/o/r/Actions/artifacts",
    "/repos/o/r/actions/artifacts%00",
    "/repos/o/r/actions/artifacts/%E0%A4%A",
    "/repos/o/r/actions/artifacts/%2e",
    "/repos/o/r/actions/artifacts/1/%2e%2e",
    "/repos/o/r/actions/artifacts/.%2E/1",
    "/repos/o/r/actions/artifacts/x/../../secrets",
  ]) {
    it(`${path}`, async () => {
      const { status, body } = await refused(`${PREFIX}${path}`);
      expect(status).toBe(404);
      expect(body).toEqual({ message: "Not Found" });
    });
  }
});

describe("pathPrefix", () => {
  for (const path of [
    "/repos/o/r/actions/artifacts",
    "/api/repos/o/r/actions/artifacts",
    "/api/githubx/repos/o/r/actions/artifacts",
    "/api/github",
    "/api%2Fgithub/repos/o/r/actions/artifacts",
    "/API/github/repos/o/r/actions/artifacts",
  ]) {
    it(`a request outside the prefix is 404: ${path}`, async () => {
      expect((await refused(path)).status).toBe(404);
    });
  }

  it("a trailing slash in the option means the same mount point", async () => {
    const upstream = await startUpstream();
    const handler = createArtifactsProxy({ token: TOKEN, baseUrl: upstream.url, pathPrefix: "/api/github/" });
    expect((await call(handler, "/api/github/repos/o/r/actions/artifacts")).status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual(["/repos/o/r/actions/artifacts"]);
  });

  it('"" mounts the handler at the root', async () => {
    const upstream = await startUpstream();
    const handler = createArtifactsProxy({ token: TOKEN, baseUrl: upstream.url });
    expect((await call(handler, "/repos/o/r/actions/artifacts/7")).status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual(["/repos/o/r/actions/artifacts/7"]);
  });

  it("keeps GHES's API path in front of the operation's", async () => {
    // note: the same world answering at a GHES root, `/api/v3` on the fake's origin.
    const world = createArtifactsWorld();
    world.addArtifact({ repo: "o/r", id: 7, name: "artifact-7" });
    const upstream = await startUpstream({
      answer: (request) => createArtifactsFetch(world, { baseUrl: `${new URL(request.url).origin}/api/v3` })(request),
    });
    const handler = proxyFor(upstream, { baseUrl: `${upstream.url}/api/v3/` });
    expect((await call(handler, `${PREFIX}/repos/o/r/actions/artifacts/7`)).status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual(["/api/v3/repos/o/r/actions/artifacts/7"]);
  });
});

describe("methods the spec does not declare for a path are 405 with Allow", () => {
  const cases: [string, string, string][] = [
    ["POST", "/repos/o/r/actions/artifacts", "GET"],
    ["PUT", "/repos/o/r/actions/artifacts/1", "GET, DELETE"],
    ["PATCH", "/repos/o/r/actions/artifacts/1", "GET, DELETE"],
    ["DELETE", "/repos/o/r/actions/artifacts", "GET"],
    ["DELETE", "/repos/o/r/actions/artifacts/1/zip", "GET"],
    ["POST", "/repos/o/r/actions/runs/1/artifacts", "GET"],
    ["HEAD", "/repos/o/r/actions/artifacts/1", "GET, DELETE"],
    ["OPTIONS", "/repos/o/r/actions/artifacts/1", "GET, DELETE"],
  ];
  for (const [method, path, allow] of cases) {
    it(`${method} ${path}`, async () => {
      const upstream = await startUpstream();
      const response = await call(proxyFor(upstream), `${PREFIX}${path}`, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      // note: no CORS headers: a preflight from another origin fails, so its request is never sent.
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(upstream.requests).toEqual([]);
    });
  }

  it("an unknown path with another method is still 404", async () => {
    expect((await refused(`${PREFIX}/user`, { method: "POST" })).status).toBe(404);
  });
});

describe("path parameters are checked by the client's rules: 400 naming the field, nothing upstream", () => {
  const cases: [string, string][] = [
    ["/repos/o/r/actions/artifacts/abc", "artifact_id"],
    ["/repos/o/r/actions/artifacts/0", "artifact_id"],
    ["/repos/o/r/actions/artifacts/-1", "artifact_id"],
    ["/repos/o/r/actions/artifacts/01", "artifact_id"],
    ["/repos/o/r/actions/artifacts/1e3", "artifact_id"],
    ["/repos/o/r/actions/artifacts/1.0", "artifact_id"],
    ["/repos/o/r/actions/artifacts/%201", "artifact_id"],
    ["/repos/o/r/actions/artifacts/%2B1", "artifact_id"],
    ["/repos/o/r/actions/artifacts/99999999999999999999", "artifact_id"],
    ["/repos/o/r/actions/artifacts/9007199254740992", "artifact_id"],
    ["/repos/o/r/actions/artifacts/1%2F2", "artifact_id"],
    ["/repos/o/r/actions/runs/x/artifacts", "run_id"],
    ["/repos/o/r/actions/artifacts/1/tar", "archive_format"],
    ["/repos/o/r/actions/artifacts/1/ZIP", "archive_format"],
    ["/repos/o/r/actions/artifacts/1/zip%2F..", "archive_format"],
    ["/repos/o%2Fx/r/actions/artifacts", "owner"],
    ["/repos/o%2fx/r/actions/artifacts", "owner"],
    ["/repos/o%5Cx/r/actions/artifacts", "owner"],
    ["/repos/-o/r/actions/artifacts", "owner"],
    ["/repos/%C3%A9/r/actions/artifacts", "owner"],
    ["/repos/o/r%2F..%2F..%2Fuser/actions/artifacts", "repo"],
    ["/repos/o/..%2F/actions/artifacts", "repo"],
    ["/repos/o/%2E%2E%2F/actions/artifacts", "repo"],
    ["/repos/o/r%00/actions/artifacts", "repo"],
    ["/repos/o/r%20x/actions/artifacts", "repo"],
  ];
  for (const [path, field] of cases) {
    it(`${path} → ${field}`, async () => {
      const { status, body } = await refused(`${PREFIX}${path}`);
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ field, code: "invalid" }]);
      expect(body.message).toMatch(new RegExp(`^Invalid ${field}: `));
    });
  }

  it("the largest safe integer is a valid id", async () => {
    const upstream = await startUpstream();
    upstream.world?.addArtifact({ repo: "o/r", id: Number.MAX_SAFE_INTEGER, name: "largest" });
    const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/artifacts/9007199254740991`);
    expect(response.status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual(["/repos/o/r/actions/artifacts/9007199254740991"]);
  });

  it("each parameter is decoded once and encoded once on the way up", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), `${PREFIX}/repos/oct-o/my.repo_%2D1/actions/artifacts`);
    expect(response.status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual(["/repos/oct-o/my.repo_-1/actions/artifacts"]);
  });
});
