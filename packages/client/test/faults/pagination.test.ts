import { describe, expect, it } from "vitest";
import { createArtifactsClient, UnexpectedResponseError } from "../../src/index.js";
import { MAX_EMPTY_PAGES } from "../../src/paginate.js";
import { artifact, toArray } from "../helpers.js";
import { loopback, sendJson, urlOf } from "./core-servers.js";

/** A list endpoint: `pages[n - 1]` holds the ids of page n, `next(n)` the page its Link points to. */
function listServer(pageIds: (page: number) => number[], next: (page: number) => number | undefined, total: number) {
  return loopback((req, res) => {
    const url = urlOf(req);
    const page = Number(url.searchParams.get("page") ?? "1");
    const headers: Record<string, string> = {};
    const target = next(page);
    if (target !== undefined) {
      url.searchParams.set("page", String(target));
      headers.link = `<http://api.invalid${url.pathname}${url.search}>; rel="next"`;
    }
    sendJson(res, 200, { total_count: total, artifacts: pageIds(page).map((id) => artifact(id)) }, headers);
  });
}

const params = { owner: "o", repo: "r", per_page: 2 };
const ids = (list: { id: number }[]) => list.map((a) => a.id);

describe("pagination faults", () => {
  it("item 4: a server that ignores `page` (the same page again and again) stops with a clear error", async () => {
    const server = await listServer(
      () => [1, 2],
      (page) => page + 1,
      10,
    );
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    const error = await toArray(gh.iterateArtifactsForRepo(params)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/page 2 repeats only artifacts already seen/);
    expect(server.requests).toHaveLength(2);
  });

  it("item 4: listAll with a planned page count stops on repeated pages too", async () => {
    const server = await listServer(
      () => [1, 2],
      (page) => page + 1,
      20,
    );
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    await expect(gh.listAllArtifactsForRepo({ ...params, concurrency: 4 })).rejects.toThrow(/repeats only/);
  });

  it("item 4: a Link rel=next pointing back to a page already fetched is an error, not a silent end", async () => {
    const server = await listServer(
      (page) => [page * 2 - 1, page * 2],
      (page) => (page === 2 ? 1 : page + 1),
      6,
    );
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    await expect(toArray(gh.iterateArtifactsForRepo(params))).rejects.toThrow(/page 2 links back to page 1/);
  });

  it("item 4: an empty page that still links rel=next is followed", async () => {
    const server = await listServer(
      (page) => (page === 1 ? [1, 2] : page === 2 ? [] : page === 3 ? [3] : []),
      (page) => (page < 3 ? page + 1 : undefined),
      3,
    );
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    expect(ids(await toArray(gh.iterateArtifactsForRepo(params)))).toEqual([1, 2, 3]);
    expect(ids(await gh.listAllArtifactsForRepo(params))).toEqual([1, 2, 3]);
  });

  it(`item 4: more than MAX_EMPTY_PAGES (${MAX_EMPTY_PAGES}) empty pages in a row that link further are an error`, async () => {
    const server = await listServer(
      (page) => (page === 1 ? [1, 2] : []),
      (page) => page + 1,
      2,
    );
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    await expect(toArray(gh.iterateArtifactsForRepo(params))).rejects.toThrow(/empty pages in a row/);
    expect(server.requests).toHaveLength(1 + MAX_EMPTY_PAGES + 1);
  });

  it("item 4: 40 pages on one caller signal, 16 in flight, raise no MaxListenersExceededWarning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const server = await listServer(
        (page) => [page],
        (page) => (page < 40 ? page + 1 : undefined),
        40,
      );
      const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
      const signal = new AbortController().signal;
      const one = { owner: "o", repo: "r", per_page: 1, signal };
      expect(await toArray(gh.iterateArtifactsForRepo(one))).toHaveLength(40);
      expect(await gh.listAllArtifactsForRepo({ ...one, concurrency: 16 })).toHaveLength(40);
      for (let i = 0; i < 40; i++)
        await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1, signal }).catch(() => 0);
      // note: warnings are emitted on a later tick; one turn of the event loop delivers any that are pending.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  });
});
