import { describe, expect, it } from "vitest";
import { createArtifactsClient, GitHubApiError, NotFoundError } from "../../src/index.js";
import { FAST_RETRY, loopback, sendJson } from "./core-servers.js";

const ref = { owner: "o", repo: "r", artifact_id: 7 };

/** An artifact that exists until the first DELETE; `first` says how that first (successful) delete ends. */
function deletingServer(first: "500" | "drop") {
  let exists = true;
  return loopback((req, res) => {
    if (req.method !== "DELETE") return sendJson(res, 405, { message: "Method Not Allowed" });
    if (!exists) return sendJson(res, 404, { message: "Not Found" });
    exists = false;
    if (first === "500") return sendJson(res, 500, { message: "Server Error" });
    // the artifact is gone, but the answer never arrives
    req.socket.destroy();
  });
}

describe("DELETE retried", () => {
  it("item 3: a retry's 404 after a 5xx whose attempt did delete means done", async () => {
    const server = await deletingServer("500");
    const gh = createArtifactsClient({ baseUrl: server.url, retry: FAST_RETRY });
    await expect(gh.deleteArtifact(ref)).resolves.toBeUndefined();
    expect(server.requests.map((r) => r.method)).toEqual(["DELETE", "DELETE"]);
  });

  it("item 3: a retry's 404 after a dropped connection whose attempt did delete means done", async () => {
    const server = await deletingServer("drop");
    const gh = createArtifactsClient({ baseUrl: server.url, retry: FAST_RETRY });
    await expect(gh.deleteArtifact(ref)).resolves.toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });

  it("item 3: a 404 on the first attempt stays a NotFoundError", async () => {
    const server = await loopback((_req, res) => sendJson(res, 404, { message: "Not Found" }));
    const gh = createArtifactsClient({ baseUrl: server.url, retry: FAST_RETRY });
    await expect(gh.deleteArtifact(ref)).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(1);
  });

  it("item 3: a GET's 404 after a retry stays a NotFoundError (only DELETE is idempotent this way)", async () => {
    let calls = 0;
    const server = await loopback((_req, res) =>
      sendJson(res, calls++ === 0 ? 502 : 404, { message: calls === 1 ? "Bad Gateway" : "Not Found" }),
    );
    const gh = createArtifactsClient({ baseUrl: server.url, retry: FAST_RETRY });
    await expect(gh.getArtifact(ref)).rejects.toBeInstanceOf(NotFoundError);
    expect(server.requests).toHaveLength(2);
  });

  it("item 3: without retries a 5xx is the error it is", async () => {
    const server = await deletingServer("500");
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    const error = await gh.deleteArtifact(ref).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error).toMatchObject({ status: 500 });
  });
});
