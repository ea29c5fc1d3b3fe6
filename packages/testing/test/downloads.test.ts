import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { createArtifactsWorld } from "../src/index.js";
import { fake, one, STORAGE, TOKEN } from "./helpers.js";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const html = new TextEncoder().encode("<!doctype html><script>alert(1)</script>");

describe("downloads", () => {
  it("answer 302 to a signed storage URL, which serves the zip whose SHA-256 is the digest", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build", files: { "a.txt": "hello" } });
    const { call, fetch } = fake(world);
    const redirect = await call(`${one(artifact.id)}/zip`);
    expect(redirect.status).toBe(302);
    const location = new URL(redirect.headers.get("location") as string);
    expect(`${location.origin}${location.pathname}`).toBe(`${STORAGE}/artifacts/${artifact.id}.zip`);
    expect([...location.searchParams.keys()]).toEqual(["sv", "se", "sp", "sig"]);
    const blob = await fetch(location);
    expect(blob.status).toBe(200);
    expect(blob.headers.get("content-type")).toBe("application/zip");
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect(blob.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(`sha256:${sha256(bytes)}`).toBe(artifact.digest);
    expect(new TextDecoder().decode(unzipSync(bytes)["a.txt"])).toBe("hello");
  });

  it("serve a single file under its own name with its own Content-Type, its digest its own SHA-256", async () => {
    const world = createArtifactsWorld();
    const report = world.addArtifact({
      repo: "octo/hello",
      name: "report.html",
      kind: "file",
      bytes: html,
      contentType: "text/html",
    });
    const { call, fetch } = fake(world);
    const location = (await call(`${one(report.id)}/zip`)).headers.get("location") as string;
    expect(new URL(location).pathname).toBe(`/artifacts/${report.id}/report.html`);
    const blob = await fetch(location);
    expect(blob.headers.get("content-type")).toBe("text/html");
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(html);
    expect(report.digest).toBe(`sha256:${sha256(html)}`);
    expect(report.bytes.byteLength).toBe(html.byteLength);
  });

  it("storage refuses a request carrying Authorization (400): the token must not reach it", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    const { call, fetch } = fake(world);
    const location = (await call(`${one(artifact.id)}/zip`)).headers.get("location") as string;
    const leaked = await fetch(location, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(leaked.status).toBe(400);
    expect(await leaked.text()).toContain("Authorization");
    expect(world.requests.at(-1)).toMatchObject({ host: "storage", authorization: "token", status: 400 });
  });

  it("the signed URL expires with the world's clock (403 after its minute), and a changed signature is refused", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    const { call, fetch } = fake(world);
    const location = new URL((await call(`${one(artifact.id)}/zip`)).headers.get("location") as string);
    world.clock.advance(60_000);
    expect((await fetch(location)).status).toBe(200);
    world.clock.advance(1);
    const late = await fetch(location);
    expect(late.status).toBe(403);
    expect(await late.text()).toMatch(/^AuthenticationFailed: .*expired/);
    world.clock.advance(-1);
    const forged = new URL(location);
    forged.searchParams.set("se", new Date(world.clock.now() + 3_600_000).toISOString());
    expect((await fetch(forged)).status).toBe(403);
    const unsigned = new URL(location);
    unsigned.search = "";
    expect((await fetch(unsigned)).status).toBe(403);
  });

  it("signedUrlTtlMs sets the URL's lifetime", async () => {
    const world = createArtifactsWorld({ behaviours: { signedUrlTtlMs: 1000 } });
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    const { call, fetch } = fake(world);
    const location = (await call(`${one(artifact.id)}/zip`)).headers.get("location") as string;
    world.clock.advance(1001);
    expect((await fetch(location)).status).toBe(403);
  });

  it("answer 410 for an expired artifact, whether expired by hand or by the clock passing expires_at", async () => {
    const world = createArtifactsWorld();
    const gone = world.addArtifact({ repo: "octo/hello", name: "old", expired: true });
    const soon = world.addArtifact({ repo: "octo/hello", name: "soon", retentionDays: 1 });
    const { call } = fake(world);
    const expired = await call(`${one(gone.id)}/zip`);
    expect(expired.status).toBe(410);
    expect((await expired.json()).message).toBe("Artifact has expired");
    expect((await call(`${one(soon.id)}/zip`)).status).toBe(302);
    expect((await (await call(one(soon.id))).json()).expired).toBe(false);
    world.clock.advance(86_400_000);
    expect((await call(`${one(soon.id)}/zip`)).status).toBe(410);
    const listed = await (await call(one(soon.id))).json();
    expect(listed).toMatchObject({ expired: true, expires_at: "2026-01-16T12:00:00Z" });
  });

  it("a storage URL of an artifact deleted since is 404", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    const { call, fetch } = fake(world);
    const location = (await call(`${one(artifact.id)}/zip`)).headers.get("location") as string;
    world.deleteArtifact(artifact.id);
    expect((await fetch(location)).status).toBe(404);
  });

  it("only `zip` is an archive format", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    const { call } = fake(world);
    expect((await call(`${one(artifact.id)}/tar`)).status).toBe(404);
  });

  it("createArtifactsFetch follows the 302 as fetch does, dropping Authorization on the hop to storage", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    const { fetch } = fake(world);
    const response = await fetch(`https://api.github.test${one(artifact.id)}/zip`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(artifact.bytes);
    expect(world.requests.map((r) => [r.host, r.authorization, r.status])).toEqual([
      ["api", "token", 302],
      ["storage", "none", 200],
    ]);
  });

  it("storage sends no CORS header and refuses every preflight, as GitHub's storage may", async () => {
    const world = createArtifactsWorld();
    const artifact = world.addArtifact({ repo: "octo/hello", name: "build" });
    const { call, fetch } = fake(world);
    const location = (await call(`${one(artifact.id)}/zip`)).headers.get("location") as string;
    const preflight = await fetch(location, { method: "OPTIONS" });
    expect(preflight.status).toBe(403);
    const blob = await fetch(location);
    expect([...blob.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);
    const head = await fetch(location, { method: "HEAD" });
    expect([head.status, head.headers.get("content-length"), await head.text()]).toEqual([
      200,
      String(artifact.bytes.byteLength),
      "",
    ]);
  });
});
