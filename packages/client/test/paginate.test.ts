import type { Artifact } from "@gh-artifacts/types";
import { describe, expect, it } from "vitest";
import { UnexpectedResponseError } from "../src/index.js";
import { type FetchPage, nextPageFromLink, paginate } from "../src/paginate.js";
import { artifact, json, observedClient, toArray } from "./helpers.js";

interface FakeOptions {
  /** Called before each page is served; may mutate `items`. */
  beforeServe?: (page: number, items: Artifact[]) => void;
  /** Overrides the total_count sent; `null` omits it. */
  totalCount?: (items: Artifact[]) => number | null;
}

/** A stateful list endpoint: pages of `items`, newest first, with GitHub's Link header. */
function fakeList(count: number, options: FakeOptions = {}) {
  const items = Array.from({ length: count }, (_, i) => artifact(count - i));
  const served: number[] = [];
  const handler = (request: Request) => {
    const url = new URL(request.url);
    const page = Number(url.searchParams.get("page") ?? "1");
    const perPage = Number(url.searchParams.get("per_page") ?? "30");
    served.push(page);
    options.beforeServe?.(page, items);
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {};
    if (page < last) {
      url.searchParams.set("page", String(page + 1));
      headers.link = `<${url.href}>; rel="next", <${url.href}>; rel="last"`;
    }
    const total = options.totalCount ? options.totalCount(items) : items.length;
    return json(total === null ? { artifacts: slice } : { total_count: total, artifacts: slice }, { headers });
  };
  return { items, served, handler };
}

const ids = (artifacts: Artifact[]) => artifacts.map((a) => a.id);
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);

describe("nextPageFromLink", () => {
  it("reads rel=next among other relations", () => {
    const link =
      '<https://x/?page=1>; rel="prev", <https://x/?per_page=5&page=3>; rel="next", <https://x/?page=9>; rel="last"';
    expect(nextPageFromLink(link)).toBe(3);
    expect(nextPageFromLink('<https://x/?page=9>; rel="last"')).toBeUndefined();
    expect(nextPageFromLink(null)).toBeUndefined();
  });
});

describe("iterators", () => {
  it("follow Link rel=next one page at a time, with per_page 100 by default", async () => {
    const fake = fakeList(250);
    const { gh, requests } = observedClient(fake.handler);
    const all = await toArray(gh.iterateArtifactsForRepo({ owner: "o", repo: "r" }));
    expect(ids(all)).toEqual(range(250, 1));
    expect(fake.served).toEqual([1, 2, 3]);
    expect(new URL(requests[0]!.url).searchParams.get("per_page")).toBe("100");
  });

  it("stop requesting when the caller breaks early", async () => {
    const fake = fakeList(250);
    const { gh } = observedClient(fake.handler);
    for await (const a of gh.iterateWorkflowRunArtifacts({ owner: "o", repo: "r", run_id: 9, per_page: 10 })) {
      if (a.id === 245) break;
    }
    expect(fake.served).toEqual([1]);
  });
});

/** Wraps a handler to record the most requests it ever had in flight at once (each held for one turn). */
function concurrencyProbe(handler: (request: Request) => Response | Promise<Response>) {
  let inFlight = 0;
  const probe = {
    peak: 0,
    async handler(request: Request) {
      inFlight++;
      probe.peak = Math.max(probe.peak, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return handler(request);
    },
  };
  return probe;
}

describe("listAll*", () => {
  it("plans pages from total_count and fetches them concurrently, in order", async () => {
    const fake = fakeList(1000);
    const probe = concurrencyProbe(fake.handler);
    const { gh } = observedClient(probe.handler);
    const all = await gh.listAllArtifactsForRepo({ owner: "o", repo: "r" });
    expect(ids(all)).toEqual(range(1000, 1));
    expect(fake.served.slice().sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(probe.peak).toBe(4);
  });

  it("requests the planned pages as soon as page 1 is read, before its first artifact is handed on", async () => {
    const fake = fakeList(500);
    const { gh } = observedClient(fake.handler);
    const iterator = gh.iterateArtifactsForRepo({ owner: "o", repo: "r", concurrency: 4 });
    await iterator.next();
    expect(fake.served).toEqual([1, 2, 3, 4, 5]);
    await iterator.return();
  });

  it("requests the next planned page when a page arrives, not once the caller has read it", async () => {
    const fake = fakeList(500);
    const { gh } = observedClient(fake.handler);
    const iterator = gh.iterateArtifactsForRepo({ owner: "o", repo: "r", concurrency: 2 });
    for (let i = 0; i < 101; i++) await iterator.next();
    // note: the caller holds the first artifact of page 2; page 4 is already on its way, page 5 not yet.
    expect(fake.served).toEqual([1, 2, 3, 4]);
    await iterator.return();
  });

  it("respects a given concurrency", async () => {
    const fake = fakeList(500);
    const probe = concurrencyProbe(fake.handler);
    const { gh } = observedClient(probe.handler);
    await gh.listAllWorkflowRunArtifacts({ owner: "o", repo: "r", run_id: 1, concurrency: 2 });
    expect(probe.peak).toBe(2);
  });

  it("drops duplicates when new artifacts push items onto later pages", async () => {
    let next = 10_000;
    const fake = fakeList(250, {
      // two new artifacts appear (newest first) after page 1 was served
      beforeServe: (page, items) => {
        if (page === 2) items.unshift(artifact(next++), artifact(next++));
      },
    });
    const { gh } = observedClient(fake.handler);
    const all = await gh.listAllArtifactsForRepo({ owner: "o", repo: "r", concurrency: 1 });
    const seen = ids(all);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of range(250, 1)) expect(seen).toContain(id);
  });

  it("refuses a page without total_count (GitHub always sends it) instead of guessing", async () => {
    const fake = fakeList(230, { totalCount: () => null });
    const { gh } = observedClient(fake.handler);
    await expect(gh.listAllArtifactsForRepo({ owner: "o", repo: "r" })).rejects.toThrow(UnexpectedResponseError);
    expect(fake.served).toEqual([1]);
  });

  it("paginate itself falls back to Link when a page source gives no total_count", async () => {
    const served: number[] = [];
    const fetchPage: FetchPage = async (page) => {
      served.push(page);
      return {
        items: [artifact(10 - page)],
        total_count: undefined,
        next: page < 3 ? page + 1 : undefined,
        status: 200,
      };
    };
    const all = await toArray(paginate(fetchPage, { perPage: 1, concurrency: 4, signal: undefined }));
    expect(ids(all)).toEqual([9, 8, 7]);
    expect(served).toEqual([1, 2, 3]);
  });

  it("follows Link past the computed page count when total_count is too small", async () => {
    const fake = fakeList(450, { totalCount: () => 150 });
    const { gh } = observedClient(fake.handler);
    const all = await gh.listAllArtifactsForRepo({ owner: "o", repo: "r" });
    expect(ids(all)).toEqual(range(450, 1));
    expect(fake.served).toEqual([1, 2, 3, 4, 5]);
  });

  it("stops the plan at a short page before the expected end (total_count too large)", async () => {
    const fake = fakeList(150, { totalCount: () => 900 });
    const { gh } = observedClient(fake.handler);
    const all = await gh.listAllArtifactsForRepo({ owner: "o", repo: "r", concurrency: 2 });
    expect(ids(all)).toEqual(range(150, 1));
    expect(Math.max(...fake.served)).toBeLessThanOrEqual(3);
  });

  it("returns [] for an empty list with one request", async () => {
    const fake = fakeList(0);
    const { gh } = observedClient(fake.handler);
    await expect(gh.listAllArtifactsForRepo({ owner: "o", repo: "r" })).resolves.toEqual([]);
    expect(fake.served).toEqual([1]);
  });

  it("rejects with the typed error of a failing page", async () => {
    const fake = fakeList(300);
    const { gh } = observedClient((request) =>
      new URL(request.url).searchParams.get("page") === "2"
        ? json({ message: "Not Found" }, { status: 404 })
        : fake.handler(request),
    );
    await expect(gh.listAllArtifactsForRepo({ owner: "o", repo: "r" })).rejects.toMatchObject({ status: 404 });
  });
});
