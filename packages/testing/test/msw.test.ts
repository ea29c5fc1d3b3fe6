import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { artifactsHandlers, createArtifactsWorld, DEFAULT_BASE_URL, DEFAULT_STORAGE_URL } from "../src/index.js";
import { TOKEN } from "./helpers.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const auth = { authorization: `Bearer ${TOKEN}` };

describe("artifactsHandlers with setupServer", () => {
  it("answer GitHub's URLs by default, and the download's redirect is followed to the storage handler", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    server.use(...artifactsHandlers(world));
    const listed = await (
      await fetch(`${DEFAULT_BASE_URL}/repos/octo/hello/actions/artifacts`, { headers: auth })
    ).json();
    expect(listed.total_count).toBe(1);
    const manual = await fetch(`${DEFAULT_BASE_URL}/repos/octo/hello/actions/artifacts/${artifact.id}/zip`, {
      headers: auth,
      redirect: "manual",
    });
    expect(manual.status).toBe(302);
    expect(manual.headers.get("location")?.startsWith(`${DEFAULT_STORAGE_URL}/artifacts/${artifact.id}.zip?`)).toBe(
      true,
    );
    const bytes = new Uint8Array(await (await fetch(manual.headers.get("location") as string)).arrayBuffer());
    expect(bytes).toEqual(artifact.bytes);
  });

  it("are one per operation, so a test can put its own answer in front of one of them", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    server.use(...artifactsHandlers(world, { baseUrl: "https://api.test" }));
    server.use(
      http.delete("https://api.test/repos/:owner/:repo/actions/artifacts/:id", () =>
        HttpResponse.json({ message: "no" }, { status: 500 }),
      ),
    );
    const url = `https://api.test/repos/octo/hello/actions/artifacts/${artifact.id}`;
    expect((await fetch(url, { method: "DELETE", headers: auth })).status).toBe(500);
    expect((await fetch(url, { headers: auth })).status).toBe(200);
    expect(world.artifact(artifact.id)).toBeDefined();
  });

  it("share the world with the test: a change to it shows in the next answer", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    server.use(...artifactsHandlers(world));
    const url = `${DEFAULT_BASE_URL}/repos/octo/hello/actions/artifacts/${artifact.id}`;
    world.updateArtifact(artifact.id, { name: "renamed", expired: true });
    expect(await (await fetch(url)).json()).toMatchObject({ name: "renamed", expired: true });
    world.deleteArtifact(artifact.id);
    expect((await fetch(url)).status).toBe(404);
  });
});
