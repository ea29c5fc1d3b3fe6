import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import {
  type ArtifactsClient,
  createArtifactsClient,
  InvalidInputError,
  ResponseTooLargeError,
  UnexpectedResponseError,
} from "../../src/index.js";
import { artifact } from "../helpers.js";
import { FAST_RETRY, loopback } from "./core-servers.js";

type Answer = (res: ServerResponse) => void;
const raw =
  (status: number, body: string, headers: Record<string, string> = { "content-type": "application/json" }): Answer =>
  (res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

/** Every method that promises data, called once. */
const calls: Record<string, (gh: ArtifactsClient) => Promise<unknown>> = {
  getArtifact: (gh) => gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 }),
  listArtifactsForRepo: (gh) => gh.listArtifactsForRepo({ owner: "o", repo: "r" }),
  listWorkflowRunArtifacts: (gh) => gh.listWorkflowRunArtifacts({ owner: "o", repo: "r", run_id: 2 }),
  listAllArtifactsForRepo: (gh) => gh.listAllArtifactsForRepo({ owner: "o", repo: "r" }),
};

async function expectUnexpected(answer: Answer, call: (gh: ArtifactsClient) => Promise<unknown>, reason: RegExp) {
  const server = await loopback((_req, res) => answer(res));
  // note: retries are on: an unexpected body must not be retried.
  const gh = createArtifactsClient({ baseUrl: server.url, retry: FAST_RETRY });
  const error = await call(gh).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(error).toMatchObject({ status: 200, retryable: false });
  expect((error as UnexpectedResponseError).reason).toMatch(reason);
  expect(server.requests).toHaveLength(1);
  return error as UnexpectedResponseError;
}

describe("response shape", () => {
  it("item 2: a 2xx without a body is an UnexpectedResponseError for every method, never undefined", async () => {
    for (const call of Object.values(calls)) {
      await expectUnexpected(raw(200, ""), call, /empty/);
      await expectUnexpected(raw(200, "", { "content-length": "0" }), call, /empty/);
    }
  });

  it("item 2: a body that is not JSON never surfaces a raw SyntaxError, and its text is not quoted", async () => {
    const html = "<html>Proxy login SECRET-PAGE</html>";
    for (const call of Object.values(calls)) {
      const variants: Record<string, string>[] = [
        { "content-type": "text/html" },
        { "content-length": String(html.length) },
      ];
      for (const headers of variants) {
        const error = await expectUnexpected(raw(200, html, headers), call, /not JSON/);
        expect(error).not.toBeInstanceOf(SyntaxError);
        expect(`${error.message} ${error.stack}`).not.toContain("SECRET-PAGE");
      }
    }
  });

  it("item 2: JSON null, an array or a number is not an object", async () => {
    for (const body of ["null", "[]", "42", '"text"']) {
      await expectUnexpected(raw(200, body), calls.getArtifact!, /not a JSON object/);
      await expectUnexpected(raw(200, body), calls.listArtifactsForRepo!, /not a JSON object/);
    }
  });

  it("item 2: a list whose artifacts is not an array is refused, not taken as an empty list", async () => {
    for (const artifacts of [{}, null, "x", undefined]) {
      const body = JSON.stringify({ total_count: 3, artifacts });
      for (const call of Object.values(calls).slice(1)) await expectUnexpected(raw(200, body), call, /artifacts/);
    }
  });

  it("item 2: a list whose total_count is not a number is refused", async () => {
    for (const total_count of ["3", null, undefined]) {
      const body = JSON.stringify({ total_count, artifacts: [artifact(1)] });
      await expectUnexpected(raw(200, body), calls.listWorkflowRunArtifacts!, /total_count/);
    }
  });

  it("item 2: list items and a single artifact need a numeric id", async () => {
    await expectUnexpected(
      raw(200, JSON.stringify({ total_count: 1, artifacts: [null] })),
      calls.listAllArtifactsForRepo!,
      /id/,
    );
    await expectUnexpected(raw(200, JSON.stringify({ message: "ok" })), calls.getArtifact!, /id/);
  });

  it("item 2: a well-formed answer still passes", async () => {
    const server = await loopback((_req, res) => raw(200, JSON.stringify(artifact(1)))(res));
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    await expect(gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 })).resolves.toEqual(artifact(1));
  });
});

describe("maxResponseBytes", () => {
  it("a body past maxResponseBytes is a ResponseTooLargeError (counted after decompression)", async () => {
    const big = JSON.stringify({ total_count: 1, artifacts: [artifact(1, { name: "x".repeat(5000) })] });
    const server = await loopback((_req, res) => raw(200, big)(res));
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false, maxResponseBytes: 1024 });
    await expect(gh.listArtifactsForRepo({ owner: "o", repo: "r" })).rejects.toBeInstanceOf(ResponseTooLargeError);
    const roomy = createArtifactsClient({ baseUrl: server.url, retry: false, maxResponseBytes: 10_000 });
    await expect(roomy.listArtifactsForRepo({ owner: "o", repo: "r" })).resolves.toMatchObject({ total_count: 1 });
  });

  it("is validated as an integer from 1 to 2^31-1", () => {
    for (const value of [0, -1, 1.5, 2 ** 31, Number.NaN]) {
      expect(() => createArtifactsClient({ maxResponseBytes: value })).toThrow(InvalidInputError);
    }
    expect(() => createArtifactsClient({ maxResponseBytes: 0 })).toThrow("Invalid maxResponseBytes");
  });
});
