import { operationParameters } from "@gh-artifacts/types";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { downloadArtifact, getArtifactDownloadUrl, InvalidInputError } from "../src/index.js";
import { artifact, json, observedClient } from "./helpers.js";

const login = fc
  .array(fc.stringMatching(/^[A-Za-z0-9]{1,6}$/), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join("-"))
  .filter((s) => s.length <= 39);
const repoName = fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/).filter((s) => s !== "." && s !== "..");
// biome-ignore lint/suspicious/noControlCharactersInRegex: the rule under test forbids control characters
const artifactName = fc.string({ minLength: 1 }).filter((s) => !/[/\\\u0000-\u001f\u007f]/.test(s));
const id = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });

const badOwner = fc.oneof(
  fc.constant(""),
  fc.constant("-lead"),
  fc.constant("trail-"),
  fc.constant("dou--ble"),
  fc.constant("a".repeat(40)),
  login.map((s) => `${s}/x`),
  login.map((s) => `${s}_`),
  fc.constant(42 as unknown as string),
);
const badRepo = fc.oneof(
  fc.constant(""),
  fc.constant("."),
  fc.constant(".."),
  fc.constant("a".repeat(101)),
  repoName.map((s) => `${s}/x`),
  repoName.map((s) => `${s} x`),
  repoName.map((s) => `${s}?`),
);
const badId = fc.oneof(
  fc.integer({ max: 0 }),
  fc.double({ noInteger: true }),
  fc.constant(Number.MAX_SAFE_INTEGER + 1),
  fc.constant(Number.NaN),
  fc.constant("1" as unknown as number),
);
const perPageSpec = operationParameters["actions/list-artifacts-for-repo"].parameters.per_page.schema;
const badPerPage = fc.oneof(
  fc.integer({ max: perPageSpec.minimum - 1 }),
  fc.integer({ min: perPageSpec.maximum + 1 }),
  fc.double({ noInteger: true }),
);
const badPage = fc.oneof(fc.integer({ max: 0 }), fc.double({ noInteger: true }));
const badName = fc.oneof(
  fc.constant(""),
  fc.tuple(fc.string(), fc.constantFrom("/", "\\", "\n", "\u0000", "\u007f"), fc.string()).map((p) => p.join("")),
);
const badDirection = fc.string().filter((s) => s !== "asc" && s !== "desc");

type Method = "listArtifactsForRepo" | "listWorkflowRunArtifacts" | "getArtifact" | "deleteArtifact";

function client() {
  return observedClient((request) =>
    request.url.includes("/artifacts/") && !request.url.endsWith("/artifacts")
      ? request.method === "DELETE"
        ? new Response(null, { status: 204 })
        : json(artifact(1))
      : json({ total_count: 0, artifacts: [] }),
  );
}

/** Calls `method` with `params` and checks it throws InvalidInputError for `field` without sending anything. */
async function expectRejected(method: Method, params: Record<string, unknown>, field: string) {
  const { gh, fetch } = client();
  const error = await (gh[method] as (p: unknown) => Promise<unknown>)(params).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  expect((error as InvalidInputError).field).toBe(field);
  expect((error as InvalidInputError).message).toContain(field);
  expect((error as InvalidInputError).rule.length).toBeGreaterThan(0);
  expect(fetch).not.toHaveBeenCalled();
}

const valid = { owner: "octo-org", repo: "octo-repo", artifact_id: 1, run_id: 1 };

describe("input checks: no request leaves on bad input", () => {
  const methods: Method[] = ["listArtifactsForRepo", "listWorkflowRunArtifacts", "getArtifact", "deleteArtifact"];

  it("rejects a bad owner in every method", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), badOwner, (method, owner) =>
        expectRejected(method, { ...valid, owner }, "owner"),
      ),
    );
  });

  it("rejects a bad repo in every method", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), badRepo, (method, repo) =>
        expectRejected(method, { ...valid, repo }, "repo"),
      ),
    );
  });

  it("rejects a bad artifact_id / run_id", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Method>("getArtifact", "deleteArtifact"), badId, (method, artifact_id) =>
        expectRejected(method, { ...valid, artifact_id }, "artifact_id"),
      ),
    );
    await fc.assert(
      fc.asyncProperty(badId, (run_id) => expectRejected("listWorkflowRunArtifacts", { ...valid, run_id }, "run_id")),
    );
  });

  it("rejects per_page outside the spec's bounds, page < 1, a bad name and a bad direction", async () => {
    const lists = fc.constantFrom<Method>("listArtifactsForRepo", "listWorkflowRunArtifacts");
    await fc.assert(
      fc.asyncProperty(lists, badPerPage, (m, per_page) => expectRejected(m, { ...valid, per_page }, "per_page")),
    );
    await fc.assert(fc.asyncProperty(lists, badPage, (m, page) => expectRejected(m, { ...valid, page }, "page")));
    await fc.assert(fc.asyncProperty(lists, badName, (m, name) => expectRejected(m, { ...valid, name }, "name")));
    await fc.assert(
      fc.asyncProperty(badDirection, (direction) =>
        expectRejected("listWorkflowRunArtifacts", { ...valid, direction }, "direction"),
      ),
    );
  });

  it("names the field and the rule in the message", async () => {
    const { gh } = client();
    await expect(gh.listArtifactsForRepo({ owner: "o", repo: "r", per_page: 101 })).rejects.toThrow(
      "Invalid per_page: must be an integer from 1 to 100",
    );
    await expect(gh.getArtifact({ owner: "o", repo: "r" } as never)).rejects.toThrow(
      "Invalid artifact_id: is required",
    );
  });

  it("checks the download and pagination methods too", async () => {
    const { gh, fetch } = client();
    await expect(getArtifactDownloadUrl(gh, { owner: "o", repo: "..", artifact_id: 1 })).rejects.toThrow(
      InvalidInputError,
    );
    await expect(downloadArtifact(gh, { owner: "o", repo: "r", artifact_id: 0 })).rejects.toThrow(InvalidInputError);
    expect(() => gh.iterateArtifactsForRepo({ owner: "-o", repo: "r" })).toThrow(InvalidInputError);
    expect(() => gh.iterateArtifactsForRepo({ owner: "o", repo: "r", concurrency: 0 })).toThrow(/concurrency/);
    await expect(gh.listAllWorkflowRunArtifacts({ owner: "o", repo: "r", run_id: -1 })).rejects.toThrow(/run_id/);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("input checks: valid input passes", () => {
  it("sends exactly one request with the values encoded in the URL", async () => {
    await fc.assert(
      fc.asyncProperty(
        login,
        repoName,
        fc.option(artifactName, { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: undefined }),
        async (owner, repo, name, per_page, page) => {
          const { gh, fetch, requests } = client();
          await gh.listArtifactsForRepo({ owner, repo, name, per_page, page });
          expect(fetch).toHaveBeenCalledTimes(1);
          const url = new URL(requests[0]!.url);
          expect(url.pathname).toBe(`/repos/${owner}/${repo}/actions/artifacts`);
          expect(url.searchParams.get("name") ?? undefined).toBe(name);
          expect(url.searchParams.get("per_page") ?? undefined).toBe(per_page?.toString());
          expect(url.searchParams.get("page") ?? undefined).toBe(page?.toString());
        },
      ),
    );
  });

  it("accepts any safe positive id", async () => {
    await fc.assert(
      fc.asyncProperty(login, repoName, id, async (owner, repo, artifact_id) => {
        const { gh, fetch } = client();
        await gh.getArtifact({ owner, repo, artifact_id });
        expect(fetch).toHaveBeenCalledTimes(1);
      }),
    );
  });
});
