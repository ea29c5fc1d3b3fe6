import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ArtifactsWorld, artifactsHandlers, createArtifactsRequestHandler } from "../src/index.js";
import { startFakeGitHub } from "../src/node/index.js";
import { declaredStatuses, OPERATION_IDS, operationOf, specProblems } from "./spec-validator.js";
import { TOKEN, tourSteps, tourWorld } from "./tour.js";

const API = "https://api.github.test";
const STORAGE = "https://storage.github.test";

type Send = (request: Request) => Promise<Response>;

/** Runs the tour through `send` (built on the API root `api`), checking each answer; returns what it covered. */
async function tour(world: ArtifactsWorld, api: string, send: Send) {
  const covered = new Set<string>();
  let etag = "";
  for (const step of tourSteps()) {
    const undo = step.setup?.(world);
    const headers = new Headers(step.headers);
    if (headers.get("if-none-match") === "FROM_FIRST") headers.set("if-none-match", etag);
    const token = step.token === undefined ? TOKEN : step.token;
    if (token !== null) headers.set("authorization", `Bearer ${token}`);
    const response = await send(
      new Request(`${api}${step.path}`, { method: step.method, headers, redirect: "manual" }),
    );
    undo?.();
    if (step.name === "list, first page") etag = response.headers.get("etag") ?? "";
    const path = step.path.split("?")[0] as string;
    expect.soft(response.status, step.name).toBe(step.status);
    expect.soft(await specProblems(step.method, path, response), step.name).toEqual([]);
    // note: the rate-limit headers GitHub sends with every answer, the spec's headers of each response.
    expect.soft(response.headers.get("x-ratelimit-remaining"), step.name).toMatch(/^\d+$/);
    covered.add(`${operationOf(step.method, path).operationId} ${response.status === 304 ? 200 : response.status}`);
    await response.body?.cancel();
  }
  return covered;
}

/** Every `operationId status` the spec declares. */
const declared = OPERATION_IDS.flatMap((id) => declaredStatuses(id).map((status) => `${id} ${status}`)).sort();

describe("every answer of a full tour conforms to spec/artifacts.yaml", () => {
  it("through the request handler, covering every status of every operation", async () => {
    const world = tourWorld();
    const handle = createArtifactsRequestHandler(world, { baseUrl: API, storageUrl: STORAGE });
    const covered = await tour(world, API, handle);
    expect([...covered].sort()).toEqual(declared);
  });

  it("through node:http (startFakeGitHub)", async () => {
    const world = tourWorld();
    const fake = await startFakeGitHub({ world });
    try {
      const covered = await tour(world, fake.url, (request) => fetch(request));
      expect([...covered].sort()).toEqual(declared);
    } finally {
      await fake.stop();
    }
  });

  describe("through MSW (setupServer)", () => {
    const server = setupServer();
    beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
    afterEach(() => server.resetHandlers());
    afterAll(() => server.close());

    it("answers the same", async () => {
      const world = tourWorld();
      server.use(...artifactsHandlers(world, { baseUrl: API, storageUrl: STORAGE }));
      const covered = await tour(world, API, (request) => fetch(request));
      expect([...covered].sort()).toEqual(declared);
    });
  });
});

describe("the spec check is not blind", () => {
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

  it("reports an undeclared status, a body off its schema, a bad header and a body where none belongs", async () => {
    const path = "/repos/o/r/actions/artifacts";
    expect(await specProblems("GET", path, json({}, 418))).toEqual([
      "actions/list-artifacts-for-repo: status 418 is not declared",
    ]);
    const missing = await specProblems("GET", path, json({ total_count: 1, artifacts: [{ id: 1 }] }));
    expect(missing.join("\n")).toContain("must have required property 'node_id'");
    const header = new Response(null, { status: 302, headers: { location: "not a url", "x-ratelimit-used": "1.5" } });
    expect(await specProblems("GET", `${path}/1/zip`, header)).toEqual([
      "header Location: not a URI: not a url",
      "header x-ratelimit-used: not an integer: 1.5",
    ]);
    expect(await specProblems("GET", `${path}/1/zip`, new Response("{}", { status: 302 }))).toEqual([
      "actions/download-artifact 302: a body where the spec has none",
    ]);
  });
});
