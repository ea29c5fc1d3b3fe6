import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createArtifactsClient, createEtagCache, GitHubApiError } from "../src/index.js";
import { json, observedClient } from "./helpers.js";

const TOKEN = "ghp_TopSecretToken1234567890abcdefABCDEF";

function expectNoToken(value: unknown) {
  const views = [
    String(value),
    JSON.stringify(value),
    inspect(value, { depth: 10, showHidden: true, getters: true }),
    value instanceof Error ? (value.stack ?? "") : "",
    value instanceof Error ? value.message : "",
  ];
  for (const view of views) expect(view).not.toContain(TOKEN);
}

describe("the token never leaks", () => {
  it("is not visible on the client object", () => {
    const gh = createArtifactsClient({ token: TOKEN, cache: createEtagCache() });
    expectNoToken(gh);
    expectNoToken(Object.getOwnPropertyNames(gh).map((k) => inspect((gh as never)[k], { showHidden: true })));
  });

  it("is redacted when the server echoes it in an error body", async () => {
    const { gh } = observedClient(
      (request) =>
        json(
          {
            message: `Bad credentials for ${request.headers.get("authorization")}`,
            documentation_url: `https://docs.github.com/?t=${TOKEN}`,
          },
          { status: 401, statusText: TOKEN },
        ),
      { token: TOKEN },
    );
    const error = await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as Error).message).toContain("[REDACTED]");
    expectNoToken(error);
  });

  it("is dropped with the query when it ends up in the request URL", async () => {
    const { gh } = observedClient(() => json({ message: "Server Error" }, { status: 500 }), { token: TOKEN });
    const error = await gh.listArtifactsForRepo({ owner: "o", repo: "r", name: TOKEN }).catch((e: unknown) => e);
    // note: error URLs keep origin and path only; the query (where the name went) is dropped.
    expect((error as GitHubApiError).url).toBe("https://api.github.test/repos/o/r/actions/artifacts");
    expectNoToken(error);
  });

  it("stays out of a shared cache store's keys and entries", async () => {
    const store = new Map<string, unknown>();
    const { gh } = observedClient(() => json({ id: 1 }, { headers: { etag: '"a"' } }), {
      token: TOKEN,
      cache: createEtagCache({ get: (k) => store.get(k) as never, set: (k, v) => store.set(k, v) }),
    });
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 });
    expect(store.size).toBe(1);
    expectNoToken([...store.entries()]);
  });
});
