import { describe, expect, it } from "vitest";
import { createArtifactsWorld } from "../src/index.js";
import { startFakeGitHub } from "../src/node/index.js";
import { TOKEN } from "./helpers.js";

describe("startFakeGitHub", () => {
  it("serves the API and storage on two loopback origins from one world", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    const fake = await startFakeGitHub({ world });
    try {
      expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(new URL(fake.storageUrl).origin).not.toBe(new URL(fake.url).origin);
      const auth = { authorization: `Bearer ${TOKEN}` };
      const listed = await (await fetch(`${fake.url}/repos/octo/hello/actions/artifacts`, { headers: auth })).json();
      expect(listed.artifacts[0].url).toBe(`${fake.url}/repos/octo/hello/actions/artifacts/${artifact.id}`);
      const redirect = await fetch(listed.artifacts[0].archive_download_url, { headers: auth, redirect: "manual" });
      const location = redirect.headers.get("location") as string;
      expect(location.startsWith(`${fake.storageUrl}/artifacts/${artifact.id}.zip?`)).toBe(true);
      // note: fetch drops Authorization on the hop to the other origin, so storage answers.
      const followed = await fetch(listed.artifacts[0].archive_download_url, { headers: auth });
      expect(new Uint8Array(await followed.arrayBuffer())).toEqual(artifact.bytes);
      const deleted = await fetch(listed.artifacts[0].url, { method: "DELETE", headers: auth });
      expect(deleted.status).toBe(204);
      expect(world.artifact(artifact.id)).toBeUndefined();
      expect(world.requests.map((r) => `${r.host} ${r.method} ${r.status}`)).toEqual([
        "api GET 200",
        "api GET 302",
        "api GET 302",
        "storage GET 200",
        "api DELETE 204",
      ]);
    } finally {
      await fake.stop();
    }
  });

  it("answers HEAD without a body, and stops both servers on stop()", async () => {
    const world = createArtifactsWorld();
    world.addArtifact({ repo: "o/r", name: "a" });
    const fake = await startFakeGitHub({ world, intercept: (request, next) => next(request) });
    const head = await fetch(`${fake.url}/repos/o/r/actions/artifacts`, { method: "HEAD" });
    expect([head.status, head.headers.get("content-type"), await head.text()]).toEqual([
      200,
      "application/json; charset=utf-8",
      "",
    ]);
    await fake.stop();
    await expect(fetch(`${fake.url}/repos/o/r/actions/artifacts`)).rejects.toThrow(TypeError);
    await expect(fetch(fake.storageUrl)).rejects.toThrow(TypeError);
  });

  it("a handler that throws answers 500 with its message, and the server goes on", async () => {
    const world = createArtifactsWorld();
    let broken = true;
    const fake = await startFakeGitHub({
      world,
      intercept: (request, next) => {
        if (broken) throw new Error("boom");
        return next(request);
      },
    });
    try {
      const failed = await fetch(`${fake.url}/repos/o/r/actions/artifacts`);
      expect([failed.status, (await failed.json()).message]).toEqual([500, "The fake GitHub failed: boom"]);
      broken = false;
      expect((await fetch(`${fake.url}/repos/o/r/actions/artifacts`)).status).toBe(404);
    } finally {
      await fake.stop();
    }
  });
});
