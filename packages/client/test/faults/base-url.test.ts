import { describe, expect, it } from "vitest";
import { createArtifactsClient, InvalidInputError, rawClient } from "../../src/index.js";
import { artifact, json, observedClient, simulateBrowser } from "../helpers.js";
import { loopback, sendJson } from "./core-servers.js";

const ref = { owner: "o", repo: "r", artifact_id: 1 };

function refused(baseUrl: string) {
  try {
    createArtifactsClient({ baseUrl });
  } catch (error) {
    return error as InvalidInputError;
  }
  throw new Error(`accepted ${baseUrl}`);
}

describe("baseUrl compared as a parsed URL", () => {
  it("item 6: case, default port and trailing slashes do not drop the token", async () => {
    for (const baseUrl of ["https://API.github.com", "https://api.github.com:443/", "HTTPS://Api.GitHub.com//"]) {
      const { gh, requests } = observedClient(() => json(artifact(1)), { baseUrl, token: "ghp_t" });
      expect(gh.baseUrl).toBe("https://api.github.com");
      await gh.getArtifact(ref);
      expect(requests[0]!.url).toBe("https://api.github.com/repos/o/r/actions/artifacts/1");
      expect(requests[0]!.headers.get("authorization")).toBe("Bearer ghp_t");
    }
  });

  it("item 6: dot segments and a GHES prefix are normalized, over loopback", async () => {
    const server = await loopback((_req, res) => sendJson(res, 200, artifact(1)));
    const port = new URL(server.url).port;
    const gh = createArtifactsClient({
      baseUrl: `HTTP://127.0.0.1:${port}/api/x/../v3/./`,
      token: "ghp_t",
      retry: false,
    });
    expect(gh.baseUrl).toBe(`http://127.0.0.1:${port}/api/v3`);
    await gh.getArtifact(ref);
    expect(server.requests[0]!.url).toBe("/api/v3/repos/o/r/actions/artifacts/1");
    expect(server.requests[0]!.headers.authorization).toBe("Bearer ghp_t");
  });

  it("item 6: raw with a per-request baseUrl spelled differently keeps the token; another host never gets it", async () => {
    const { gh, requests } = observedClient(() => json(artifact(1)), { token: "ghp_t" });
    const path = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}" as const;
    const params = { path: { owner: "o", repo: "r", artifact_id: 1 } };
    await rawClient(gh).GET(path, { baseUrl: "https://API.GITHUB.TEST:443", params });
    await rawClient(gh).GET(path, { baseUrl: "https://api.github.test.evil.test", params });
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer ghp_t");
    expect(requests[1]!.headers.has("authorization")).toBe(false);
  });

  it("item 6: user info is refused, and the error does not repeat it", () => {
    const error = refused("https://user:hunter2@api.github.com");
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.field).toBe("baseUrl");
    expect(error.message).not.toContain("hunter2");
    expect(refused("https://token@api.github.com").field).toBe("baseUrl");
  });

  it("item 6: a query or a fragment (even empty) is refused", () => {
    for (const baseUrl of [
      "https://api.github.com/?per_page=1",
      "https://api.github.com#x",
      "https://api.github.com?",
      "https://api.github.com/#",
    ]) {
      expect(refused(baseUrl).rule).toMatch(/query or fragment/);
    }
  });

  it("item 6: outside browsers a relative baseUrl is an InvalidInputError", () => {
    expect(refused("/api/github").field).toBe("baseUrl");
    expect(refused("api/github").rule).toMatch(/relative only in browsers/);
  });

  it("item 6: in a browser a relative baseUrl resolves against the page", async () => {
    simulateBrowser("https://app.example/ui/index.html");
    const { gh, requests } = observedClient(() => json(artifact(1)), { baseUrl: "/api/github/", token: "ghp_t" });
    expect(gh.baseUrl).toBe("https://app.example/api/github");
    await gh.getArtifact(ref);
    expect(requests[0]!.url).toBe("https://app.example/api/github/repos/o/r/actions/artifacts/1");
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer ghp_t");
    expect(createArtifactsClient({ baseUrl: "gh" }).baseUrl).toBe("https://app.example/ui/gh");
    expect(refused(null as never).field).toBe("baseUrl");
  });
});
