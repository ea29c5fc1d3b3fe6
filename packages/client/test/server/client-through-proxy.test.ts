// The real client, with no token, through the handler mounted on node:http: what a browser app does with
// `createArtifactsClient({ baseUrl: "/api/github" })`.
import type { ArtifactsWorld } from "@gh-artifacts/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  createArtifactsClient,
  createEtagCache,
  downloadArtifact,
  ForbiddenError,
  getArtifactDownloadUrl,
  NotFoundError,
} from "../../src/index.js";
import { toNodeListener } from "../../src/node/index.js";
import type { ArtifactsProxyOptions } from "../../src/server/index.js";
import { readAll, startServer, toArray } from "../helpers.js";
import { PREFIX, proxyFor, startUpstream, TOKEN } from "./fake-upstream.js";

const repo = { owner: "o", repo: "r" };

/**
 * The fake GitHub (its storage host refuses any Authorization with 400, as GitHub's does) and the handler on its
 * own port; a client pointed at it. `BYTES`: artifact 1's zip; `storage`: what the storage host was asked.
 */
async function world(options: ArtifactsProxyOptions = {}, clientOptions: { maxResponseBytes?: number } = {}) {
  const upstream = await startUpstream();
  const fake = upstream.world as ArtifactsWorld;
  const BYTES = Buffer.from(fake.artifact(1)?.bytes ?? []);
  const storage = {
    url: upstream.storageUrl,
    get requests() {
      return fake.requests.filter((r) => r.host === "storage");
    },
  };
  const app = await startServer(toNodeListener(proxyFor(upstream, options)));
  onTestFinished(() => app.close());
  const sent: Request[] = [];
  const gh = createArtifactsClient({
    baseUrl: `${app.url}${PREFIX}`,
    retry: false,
    ...clientOptions,
    fetch: (request) => {
      sent.push(request.clone());
      return globalThis.fetch(request);
    },
  });
  return { gh, upstream, storage, sent, BYTES };
}

describe("the client through the handler", () => {
  it("lists, gets, and sends no token of its own", async () => {
    const { gh, upstream, sent } = await world();
    const list = await gh.listArtifactsForRepo({ ...repo, per_page: 2 });
    expect(list.artifacts.map((a) => a.id)).toEqual([9, 8]);
    expect((await gh.getArtifact({ ...repo, artifact_id: 5 })).id).toBe(5);
    expect(sent.every((r) => r.headers.get("authorization") === null)).toBe(true);
    expect(upstream.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("paginates by the rewritten Link: every page request goes to the handler", async () => {
    const { gh, upstream, sent } = await world();
    const ids = (await toArray(gh.iterateArtifactsForRepo({ ...repo, per_page: 2 }))).map((a) => a.id);
    expect(ids).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(sent.map((r) => new URL(r.url).pathname)).toEqual(
      Array.from({ length: 5 }, () => `${PREFIX}/repos/o/r/actions/artifacts`),
    );
    expect(upstream.requests.map((r) => r.url)).toEqual(
      [1, 2, 3, 4, 5].map((page) => `/repos/o/r/actions/artifacts?per_page=2&page=${page}`),
    );
    expect((await gh.listAllArtifactsForRepo({ ...repo, per_page: 2 })).map((a) => a.id)).toEqual(ids);
  });

  it("revalidates with the ETag: the second call is a 304 through the handler, served from the client's cache", async () => {
    const { gh, upstream } = await world();
    const cached = createArtifactsClient({ baseUrl: gh.baseUrl, retry: false, cache: createEtagCache() });
    const first = await cached.listArtifactsForRepo({ ...repo, per_page: 2 });
    const second = await cached.listArtifactsForRepo({ ...repo, per_page: 2 });
    expect(second).toEqual(first);
    expect(upstream.requests.map((r) => r.headers["if-none-match"])).toEqual([
      undefined,
      expect.stringMatching(/^W\//),
    ]);
  });

  it("maps the handler's refusals and GitHub's errors to the typed errors", async () => {
    const { gh, upstream } = await world();
    await expect(gh.deleteArtifact({ ...repo, artifact_id: 1 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 }).then(() => "ok")).resolves.toBe("ok");
    expect(upstream.requests.some((r) => r.method === "DELETE")).toBe(false);
    const missing = createArtifactsClient({ baseUrl: gh.baseUrl.replace(PREFIX, "/elsewhere"), retry: false });
    await expect(missing.getArtifact({ ...repo, artifact_id: 1 })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("deletes when authorize allows it", async () => {
    const { gh, upstream } = await world({ authorize: () => true });
    await gh.deleteArtifact({ ...repo, artifact_id: 4 });
    expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["DELETE /repos/o/r/actions/artifacts/4"]);
  });

  it("downloads by following the handler's 302 to storage, with no credential", async () => {
    const { gh, storage, BYTES } = await world();
    const url = await getArtifactDownloadUrl(gh, { ...repo, artifact_id: 1 });
    expect(url.href.startsWith(`${storage.url}/artifacts/1.zip?`)).toBe(true);
    const download = await downloadArtifact(gh, { ...repo, artifact_id: 1 });
    expect((await readAll(download.body)).equals(BYTES)).toBe(true);
    expect(storage.requests.map((r) => [r.authorization, r.status])).toEqual([["none", 200]]);
  });

  it('downloads through a handler in "stream" mode: the answer is the archive, streamed, not read as an API body', async () => {
    // note: an API answer larger than maxResponseBytes is refused; the archive must not be held to that limit.
    const { gh, storage, BYTES } = await world({ download: "stream" }, { maxResponseBytes: 16 });
    const download = await downloadArtifact(gh, { ...repo, artifact_id: 1 });
    expect(download.url.href).toBe(`${gh.baseUrl}/repos/o/r/actions/artifacts/1/zip`);
    expect(download.size).toBe(BYTES.length);
    expect((await readAll(download.body)).equals(BYTES)).toBe(true);
    expect(storage.requests.map((r) => [r.authorization, r.status])).toEqual([["none", 200]]);
  });

  it('getArtifactDownloadUrl behind a "stream" handler is the handler\'s own download URL', async () => {
    const { gh } = await world({ download: "stream" });
    const url = await getArtifactDownloadUrl(gh, { ...repo, artifact_id: 1 });
    expect(url.href).toBe(`${gh.baseUrl}/repos/o/r/actions/artifacts/1/zip`);
  });
});
