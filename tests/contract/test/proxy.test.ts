// Every operation and every response the spec declares, through the handler of @gh-artifacts/client/server
// (mounted with toNodeListener) in front of Prism: the client holds no token, the handler holds it, and each case
// ends in the same typed outcome as without the handler.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { UnexpectedResponseError } from "@gh-artifacts/client";
import { describe, expect, inject, it } from "vitest";
import { cases, failure, one, preferFor, repo } from "./cases.js";
import { TOKEN } from "./helpers.js";
import { PREFIX, proxiedClient } from "./proxy-helpers.js";

for (const mode of inject("prismModes")) {
  const label = mode.kind === "static" ? "static examples" : `dynamic data, seed ${mode.seed}`;
  describe(`through the handler against Prism (${label})`, () => {
    for (const [key, run] of Object.entries(cases)) {
      const status = key.split(" ")[1] as string;
      it(`${key}`, async () => {
        const client = await proxiedClient(mode.url, { prefer: preferFor(status) });
        await run(client.gh, mode.kind);
        expect(client.requests).toHaveLength(1);
        expect(client.upstream).toHaveLength(1);
        expect(client.requests[0]?.replace(PREFIX, "")).toBe(client.upstream[0]);
        expect(client.authorization).toEqual({ browser: [null], upstream: [`Bearer ${TOKEN}`] });
        expect(client.received.join("\n")).not.toContain(TOKEN);
        expect(client.violations).toEqual([]);
      });
    }
  });
}

describe("through the handler against Prism (static examples)", () => {
  const staticMode = inject("prismModes").find((m) => m.kind === "static")!;

  it("follows Prism's Link through the handler: page 2 is asked of the handler, which asks Prism", async () => {
    const client = await proxiedClient(staticMode.url);
    // note: Prism's example Link always points at page 2 with the same artifacts, so the pager stops there.
    const error = await failure(async () => {
      for await (const _ of client.gh.iterateArtifactsForRepo({ ...repo, per_page: 100 })) {
        // reading every page
      }
    });
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(client.requests.map((r) => r.split("?")[0])).toEqual([
      `GET ${PREFIX}/repos/${repo.owner}/${repo.repo}/actions/artifacts`,
      `GET ${PREFIX}/repos/${repo.owner}/${repo.repo}/actions/artifacts`,
    ]);
    expect(client.upstream).toEqual([
      `GET /repos/${repo.owner}/${repo.repo}/actions/artifacts?per_page=100&page=1`,
      `GET /repos/${repo.owner}/${repo.repo}/actions/artifacts?per_page=100&page=2`,
    ]);
    expect(client.violations).toEqual([]);
  });

  it("by default refuses the delete itself: ForbiddenError, and Prism sees nothing", async () => {
    const client = await proxiedClient(staticMode.url, { authorize: undefined });
    const error = await failure(() => client.gh.deleteArtifact(one));
    expect(error).toMatchObject({ name: "ForbiddenError", status: 403, message: "This operation is not allowed" });
    expect(client.upstream).toEqual([]);
  });

  it("without a token for the user: UnauthorizedError, and Prism sees nothing", async () => {
    const client = await proxiedClient(staticMode.url, { token: () => undefined });
    const error = await failure(() => client.gh.getArtifact(one));
    expect(error).toMatchObject({ name: "UnauthorizedError", status: 401 });
    expect(client.upstream).toEqual([]);
  });

  it("Prism down: a retryable 502 from the handler", async () => {
    const gone = createServer();
    await new Promise<void>((resolve) => gone.listen(0, "127.0.0.1", resolve));
    const { port } = gone.address() as AddressInfo;
    await new Promise((resolve) => gone.close(resolve));
    const client = await proxiedClient(`http://127.0.0.1:${port}`);
    const error = await failure(() => client.gh.getArtifact(one));
    expect(error).toMatchObject({ name: "GitHubApiError", status: 502, retryable: true });
    expect((error as Error).message).toBe("GitHub could not be reached");
  });
});
