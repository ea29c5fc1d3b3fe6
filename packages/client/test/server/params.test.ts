// Query parameters: the spec's rules, canonical integers only, a repeated one refused, undeclared ones dropped; and
// the API version header, which a browser may set only to a version the spec names.
import { describe, expect, it } from "vitest";
import { call, PREFIX, proxyFor, startUpstream } from "./fake-upstream.js";

const LIST = `${PREFIX}/repos/o/r/actions/artifacts`;
const RUN_LIST = `${PREFIX}/repos/o/r/actions/runs/5/artifacts`;
const RUNS = `${PREFIX}/repos/o/r/actions/runs`;
const WORKFLOW_RUNS = `${PREFIX}/repos/o/r/actions/workflows/ci.yml/runs`;

describe("a query parameter that breaks a rule is 400 naming it, nothing upstream", () => {
  const cases: [string, string][] = [
    [`${LIST}?per_page=0`, "per_page"],
    [`${LIST}?per_page=101`, "per_page"],
    [`${LIST}?per_page=-5`, "per_page"],
    [`${LIST}?per_page=`, "per_page"],
    [`${LIST}?per_page=ten`, "per_page"],
    [`${LIST}?per_page=010`, "per_page"],
    [`${LIST}?per_page=+10`, "per_page"],
    [`${LIST}?per_page=10.0`, "per_page"],
    [`${LIST}?per_page=1e1`, "per_page"],
    [`${LIST}?per_page=0x10`, "per_page"],
    [`${LIST}?per_page=%2010`, "per_page"],
    [`${LIST}?page=0`, "page"],
    [`${LIST}?page=99999999999999999999`, "page"],
    [`${LIST}?name=`, "name"],
    [`${LIST}?name=a%2Fb`, "name"],
    [`${LIST}?name=a%5Cb`, "name"],
    [`${LIST}?name=a%0Ab`, "name"],
    [`${RUN_LIST}?direction=up`, "direction"],
    [`${RUN_LIST}?direction=ASC`, "direction"],
    [`${RUNS}?status=succeeded`, "status"],
    [`${RUNS}?head_sha=abc`, "head_sha"],
    [`${RUNS}?event=Push`, "event"],
    [`${RUNS}?branch=`, "branch"],
    [`${RUNS}?exclude_pull_requests=yes`, "exclude_pull_requests"],
    [`${RUNS}?check_suite_id=0`, "check_suite_id"],
    [`${PREFIX}/repos/o/r/actions/workflows/0/runs`, "workflow_id"],
    [`${PREFIX}/repos/o/r/actions/workflows/ci/runs`, "workflow_id"],
    [`${PREFIX}/repos/o/r/actions/workflows/a%2Fci.yml/runs`, "workflow_id"],
    [`${WORKFLOW_RUNS}?per_page=101`, "per_page"],
  ];
  for (const [path, field] of cases) {
    it(`${path.slice(PREFIX.length)} → ${field}`, async () => {
      const upstream = await startUpstream();
      const response = await call(proxyFor(upstream), path);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const body = await response.json();
      expect(body.errors).toEqual([{ field, code: "invalid" }]);
      expect(body.message).toMatch(new RegExp(`^Invalid ${field}: `));
      expect(upstream.requests).toEqual([]);
    });
  }

  it("names the bounds the spec states", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), `${LIST}?per_page=1000`);
    expect((await response.json()).message).toBe("Invalid per_page: must be an integer from 1 to 100");
  });
});

describe("repeated parameters are refused", () => {
  for (const query of ["per_page=10&per_page=20", "page=1&page=1", "name=a&name=b", "per_page=10&page=2&per_page=10"]) {
    it(`?${query}`, async () => {
      const upstream = await startUpstream();
      const response = await call(proxyFor(upstream), `${LIST}?${query}`);
      expect(response.status).toBe(400);
      expect((await response.json()).message).toMatch(/must be given at most once/);
      expect(upstream.requests).toEqual([]);
    });
  }
});

describe("what goes upstream", () => {
  it("only the declared parameters, in the spec's order, encoded as the client encodes them", async () => {
    const upstream = await startUpstream();
    const query = "x=1&name=my%20build+log&__code=500&page=2&per_page=10&direction=asc&access_token=abc&per_page_=1";
    const response = await call(proxyFor(upstream), `${LIST}?${query}`);
    expect(response.status).toBe(200);
    // note: `direction` is a parameter of the run list only; on the repository list it is undeclared and dropped.
    expect(upstream.requests.map((r) => r.url)).toEqual([
      "/repos/o/r/actions/artifacts?per_page=10&page=2&name=my%20build%20log",
    ]);
  });

  it("the run list forwards direction", async () => {
    const upstream = await startUpstream();
    await call(proxyFor(upstream), `${RUN_LIST}?direction=asc&per_page=100`);
    expect(upstream.requests.map((r) => r.url)).toEqual([
      "/repos/o/r/actions/runs/5/artifacts?per_page=100&direction=asc",
    ]);
  });

  it("the run listings forward their filters, booleans and a workflow by file name or id as given", async () => {
    const upstream = await startUpstream();
    const sha = "A".repeat(40);
    const query = `x=1&head_sha=${sha}&exclude_pull_requests=true&status=success&branch=feat%2Fx&event=push&page=2`;
    for (const path of [
      `${RUNS}?${query}`,
      `${WORKFLOW_RUNS}?${query}`,
      `${PREFIX}/repos/o/r/actions/workflows/42/runs`,
    ]) {
      expect((await call(proxyFor(upstream), path)).status, path).toBe(200);
    }
    const forwarded = `branch=feat%2Fx&event=push&status=success&page=2&exclude_pull_requests=true&head_sha=${sha}`;
    expect(upstream.requests.map((r) => r.url)).toEqual([
      `/repos/o/r/actions/runs?${forwarded}`,
      `/repos/o/r/actions/workflows/ci.yml/runs?${forwarded}`,
      "/repos/o/r/actions/workflows/42/runs",
    ]);
  });

  it("an operation without query parameters forwards none", async () => {
    const upstream = await startUpstream();
    await call(
      proxyFor(upstream),
      `${PREFIX}/repos/o/r/actions/artifacts/3?per_page=5&page=2&redirect=https://evil.test`,
    );
    expect(upstream.requests.map((r) => r.url)).toEqual(["/repos/o/r/actions/artifacts/3"]);
  });

  it("an undeclared parameter given twice is dropped, not refused", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), `${LIST}?x=1&x=2`);
    expect(response.status).toBe(200);
    expect(upstream.requests.map((r) => r.url)).toEqual(["/repos/o/r/actions/artifacts"]);
  });
});

describe("X-GitHub-Api-Version", () => {
  for (const version of ["2022-11-28", "2026-03-10"]) {
    it(`a version the spec allows is passed on: ${version}`, async () => {
      const upstream = await startUpstream();
      await call(proxyFor(upstream, { apiVersion: "2099-01-01" }), LIST, {
        headers: { "X-GitHub-Api-Version": version },
      });
      expect(upstream.requests[0]?.headers["x-github-api-version"]).toBe(version);
    });
  }

  it("without one, the server's apiVersion is sent", async () => {
    const upstream = await startUpstream();
    await call(proxyFor(upstream, { apiVersion: "2099-01-01" }), LIST);
    expect(upstream.requests[0]?.headers["x-github-api-version"]).toBe("2099-01-01");
  });

  for (const version of ["2099-01-01", "", "2022-11-28, 2026-03-10", "latest"]) {
    it(`another version is 400, nothing upstream: ${JSON.stringify(version)}`, async () => {
      const upstream = await startUpstream();
      const response = await call(proxyFor(upstream), LIST, { headers: { "X-GitHub-Api-Version": version } });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        message: 'Invalid X-GitHub-Api-Version: must be one of "2022-11-28", "2026-03-10"',
        errors: [{ field: "X-GitHub-Api-Version", code: "invalid" }],
      });
      expect(upstream.requests).toEqual([]);
    });
  }
});
