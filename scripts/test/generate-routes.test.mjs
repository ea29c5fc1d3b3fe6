import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDrift } from "../check-drift.mjs";
import { apiVersions, outPath, renderRoutes, routeTable } from "../generate-routes.mjs";

const param = (where = "path") => ({ in: where, required: where === "path", schema: { type: "string" } });
const op = (method, path, parameters) => ({ method, path, parameters });

describe("routeTable", () => {
  it("splits each template and lists the operation's query parameters", () => {
    const table = routeTable({
      "a/list": op("GET", "/repos/{owner}/things", { owner: param(), page: param("query"), "X-V": param("header") }),
    });
    expect(table).toEqual([
      {
        operationId: "a/list",
        method: "GET",
        path: "/repos/{owner}/things",
        segments: ["repos", "{owner}", "things"],
        query: ["page"],
      },
    ]);
  });

  it("allows one template under two methods", () => {
    const item = { id: param() };
    expect(() => routeTable({ get: op("GET", "/x/{id}", item), del: op("DELETE", "/x/{id}", item) })).not.toThrow();
  });

  it("refuses two templates one request path could match", () => {
    expect(() =>
      routeTable({ a: op("GET", "/x/{id}/y", { id: param() }), b: op("GET", "/x/z/{name}", { name: param() }) }),
    ).toThrow(/can match the same request path/);
  });

  it("refuses a template parameter the operation does not declare in the path", () => {
    expect(() => routeTable({ a: op("GET", "/x/{id}", {}) })).toThrow(/\{id\} is not a path parameter/);
    expect(() => routeTable({ a: op("GET", "/x/{id}", { id: param("query") }) })).toThrow(/not a path parameter/);
  });

  it("refuses literal segments an encoding could spell another way, or none at all", () => {
    for (const path of ["/x/a b", "/x/%2F", "/x/..", "/x//y", "/x/a{id}", "x/y"]) {
      expect(() => routeTable({ a: op("GET", path, { id: param() }) }), path).toThrow();
    }
  });

  it("refuses a method the proxy would not know", () => {
    expect(() => routeTable({ a: op("TRACE", "/x", {}) })).toThrow(/unexpected method/);
  });
});

describe("apiVersions", () => {
  it("takes the versions every operation accepts, and the default", () => {
    const header = (values, fallback) => ({
      "X-GitHub-Api-Version": { in: "header", schema: { enum: values, default: fallback } },
    });
    expect(
      apiVersions({
        a: op("GET", "/a", header(["2022-11-28", "2026-03-10"], "2022-11-28")),
        b: op("GET", "/b", header(["2022-11-28"])),
      }),
    ).toEqual({ values: ["2022-11-28"], fallback: "2022-11-28" });
  });
});

describe("the committed table", () => {
  it("is what the generator writes from spec/artifacts.yaml (pnpm check:drift fails otherwise)", async () => {
    expect(await readFile(outPath, "utf8")).toBe(await renderRoutes());
  });

  it("lets the proxy forward both REST API versions, 2022-11-28 by default", async () => {
    const text = await renderRoutes();
    expect(text).toContain('export const apiVersions = ["2022-11-28", "2026-03-10"] as const;');
    expect(text).toContain('export const defaultApiVersion = "2022-11-28";');
  });

  it("holds the operations of the spec, and only those", async () => {
    const text = await renderRoutes();
    const ids = [...text.matchAll(/operationId: "([^"]+)"/g)].map((m) => m[1]).sort();
    expect(ids).toEqual([
      "actions/delete-artifact",
      "actions/download-artifact",
      "actions/get-artifact",
      "actions/list-artifacts-for-repo",
      "actions/list-workflow-run-artifacts",
      "actions/list-workflow-runs",
      "actions/list-workflow-runs-for-repo",
    ]);
  });

  it("lets the proxy forward the run listings' filters, and no other query parameter", async () => {
    const text = await renderRoutes();
    const filters =
      '["actor", "branch", "event", "status", "per_page", "page", "created", "exclude_pull_requests", "check_suite_id", "head_sha"]';
    expect(text).toContain(
      `path: "/repos/{owner}/{repo}/actions/runs",\n    segments: ["repos", "{owner}", "{repo}", "actions", "runs"],\n    query: ${filters},`,
    );
    expect(text).toContain(`path: "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",`);
    expect(text.match(new RegExp(`query: ${filters.replace(/[[\]]/g, "\\$&")}`, "g"))).toHaveLength(2);
  });
});

describe("check:drift", () => {
  it("names a routes table edited by hand", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "gh-artifacts-routes-"));
    try {
      const edited = path.join(dir, "routes.ts");
      await writeFile(edited, (await renderRoutes()).replace('"GET"', '"POST"'));
      const { drifted } = await checkDrift({ routesPath: edited });
      expect(drifted).toEqual([expect.stringMatching(/routes\.ts$/)]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
