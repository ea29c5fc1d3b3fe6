// Every operation, every response the spec declares, through the real client against Prism: static
// mode (the spec's examples) and dynamic mode (data generated from the schemas, several seeds).
import { type GitHubApiError, RateLimitError, UnexpectedResponseError } from "@gh-artifacts/client";
import { declaredResponses } from "@gh-artifacts/scripts/spec";
import { describe, expect, inject, it } from "vitest";
import { cases, failure, one, preferFor, repo } from "./cases.js";
import { contractClient } from "./helpers.js";

describe("coverage", () => {
  it("has a case for every operation and every response the spec declares", () => {
    expect(Object.keys(cases).sort()).toEqual(declaredResponses());
  });
});

for (const mode of inject("prismModes")) {
  const label = mode.kind === "static" ? "static examples" : `dynamic data, seed ${mode.seed}`;
  describe(`against Prism (${label})`, () => {
    for (const [key, run] of Object.entries(cases)) {
      const status = key.split(" ")[1] as string;
      it(`${key}`, async () => {
        const prefer = preferFor(status);
        const { gh, violations, requests } = contractClient(mode.url, prefer ? { prefer } : {});
        await run(gh, mode.kind);
        expect(requests).toHaveLength(1);
        expect(violations).toEqual([]);
      });
    }

    it("maps a secondary rate limit answered with 403 to RateLimitError", async () => {
      const { gh, violations } = contractClient(mode.url, { prefer: "code=403, example=rate_limited" });
      const error = await failure(() => gh.getArtifact(one));
      expect(violations).toEqual([]);
      expect((error as GitHubApiError).status).toBe(403);
      if (mode.kind === "static") {
        expect(error).toBeInstanceOf(RateLimitError);
        // A secondary limit without Retry-After asks for at least a minute (GitHub's advice), counted from `Date`.
        expect((error as RateLimitError).retryAfter).toBeGreaterThanOrEqual(60);
        expect(Number.isNaN((error as RateLimitError).resetAt?.getTime())).toBe(false);
      }
    });

    it("reads public data without a token", async () => {
      const { gh, violations } = contractClient(mode.url, { token: undefined });
      const list = await gh.listArtifactsForRepo(repo);
      expect(Array.isArray(list.artifacts)).toBe(true);
      expect(violations).toEqual([]);
    });

    it("stops paging with UnexpectedResponseError when the server ignores page (Prism always links page 2)", async () => {
      const { gh, violations } = contractClient(mode.url);
      // note: Prism answers every page with the same example (static) or fresh random data (dynamic), and its
      // Link example always points at page 2: a real server that did this would make a naive pager loop forever.
      // note: generated data has a random total_count, which would plan thousands of pages, so listAll runs on
      // the examples only.
      if (mode.kind === "static") {
        const error = await failure(() => gh.listAllArtifactsForRepo({ ...repo, per_page: 100 }));
        expect(error).toBeInstanceOf(UnexpectedResponseError);
        expect((error as Error).message).toMatch(/page 2 repeats only artifacts already seen/);
      }
      const iterated: number[] = [];
      const error = await failure(async () => {
        for await (const artifact of gh.iterateWorkflowRunArtifacts({ ...repo, run_id: 1, per_page: 100 })) {
          iterated.push(artifact.id);
        }
      });
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      // Page 1 was yielded before the repetition showed.
      if (mode.kind === "static") expect(iterated).toEqual([11, 13]);
      expect(violations).toEqual([]);
    });
  });
}
