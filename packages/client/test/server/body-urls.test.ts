// Artifact URLs in JSON answers point at the handler: a browser that follows `url` or `archive_download_url` reaches
// the handler (which holds the token), not GitHub (where it has none). Every other URL stays as GitHub sent it.
import { createArtifactsFetch, createArtifactsWorld } from "@gh-artifacts/testing";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { toNodeListener } from "../../src/node/index.js";
import { artifact, startServer } from "../helpers.js";
import { type Answer, APP, call, PREFIX, proxyFor, startUpstream, TOKEN, type Upstream } from "./fake-upstream.js";

const LIST = `${PREFIX}/repos/o/r/actions/artifacts`;
const ONE = `${PREFIX}/repos/o/r/actions/artifacts/1`;

/** An artifact as GitHub spells it, its URLs under `base` (the upstream the handler is pointed at). */
const artifactAt = (base: string, id: number) =>
  artifact(id, {
    url: `${base}/repos/o/r/actions/artifacts/${id}`,
    archive_download_url: `${base}/repos/o/r/actions/artifacts/${id}/zip`,
  });

/** Answers every request with `body(baseUrl)`, a JSON text written as given (escapes and all). */
function answering(body: (base: string) => string): { answer: Answer } {
  return {
    answer: (request) =>
      new Response(body(new URL(request.url).origin), {
        headers: { "content-type": "application/json; charset=utf-8" },
      }),
  };
}

/** What the world answers at `path` to the proxy's token, asked directly: the body before the handler rewrote it. */
async function direct(upstream: Upstream, path: string) {
  const response = await fetch(`${upstream.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  return response.json();
}

/** `body` with its `url` and `archive_download_url` pointing at the handler at `APP`. */
const handlersOwn = (body: { id: number }) => ({
  ...body,
  url: `${APP}${ONE.slice(0, -1)}${body.id}`,
  archive_download_url: `${APP}${ONE.slice(0, -1)}${body.id}/zip`,
});

describe("artifact URLs in JSON answers", () => {
  it("a list page: each artifact's url and archive_download_url point at the handler, the rest is untouched", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), `${LIST}?per_page=2`);
    expect(response.status).toBe(200);
    const body = await response.json();
    const github = await direct(upstream, "/repos/o/r/actions/artifacts?per_page=2");
    expect(github.artifacts[0].url).toBe(`${upstream.url}/repos/o/r/actions/artifacts/9`);
    expect(body).toEqual({ total_count: 9, artifacts: github.artifacts.map(handlersOwn) });
  });

  it("a run listing: a run's artifacts_url points at the handler, its other URLs (no operation of ours) stay", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/workflows/ci.yml/runs`);
    const [run] = (await response.json()).workflow_runs;
    const [github] = (await direct(upstream, "/repos/o/r/actions/workflows/ci.yml/runs")).workflow_runs;
    expect(github.artifacts_url).toBe(`${upstream.url}/repos/o/r/actions/runs/42/artifacts`);
    expect(run).toEqual({ ...github, artifacts_url: `${APP}${PREFIX}/repos/o/r/actions/runs/42/artifacts` });
    expect(run.id).toBe(42);
    expect(run.url).toBe(`${upstream.url}/repos/o/r/actions/runs/42`);
    expect(run.jobs_url).toBe(`${upstream.url}/repos/o/r/actions/runs/42/jobs`);
  });

  it("a run's list page too", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), `${PREFIX}/repos/o/r/actions/runs/42/artifacts`);
    const [only] = (await response.json()).artifacts;
    expect(only.url).toBe(`${APP}${PREFIX}/repos/o/r/actions/artifacts/3`);
    expect(only.archive_download_url).toBe(`${APP}${PREFIX}/repos/o/r/actions/artifacts/3/zip`);
  });

  it("a single artifact, and Content-Length is the rewritten body's", async () => {
    const upstream = await startUpstream();
    const response = await call(proxyFor(upstream), ONE);
    const text = await response.text();
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).toEqual(handlersOwn(await direct(upstream, "/repos/o/r/actions/artifacts/1")));
  });

  it("an escaped URL (https:\\/\\/…) is rewritten too, and the token is still scrubbed from the same body", async () => {
    const upstream = await startUpstream(
      answering((base) => JSON.stringify({ ...artifactAt(base, 1), name: `echo ${TOKEN}` }).replaceAll("/", "\\/")),
    );
    const response = await call(proxyFor(upstream), ONE);
    const text = await response.text();
    expect(text).not.toContain(TOKEN);
    const body = JSON.parse(text);
    expect(body.url).toBe(`${APP}${ONE}`);
    expect(body.archive_download_url).toBe(`${APP}${ONE}/zip`);
    expect(body.name).toBe("echo [REDACTED]");
  });

  it("a URL of another host, or one that only starts like baseUrl, is left as it is", async () => {
    let base = "";
    const others = (b: string) => [
      "https://api.github.com/repos/o/r/actions/artifacts/1",
      `${b}0/repos/o/r/actions/artifacts/1`,
      `${b}.evil.test/repos/o/r/actions/artifacts/1`,
      `${b.replace("http:", "https:")}/repos/o/r/actions/artifacts/1`,
    ];
    const upstream = await startUpstream(
      answering((b) => {
        base = b;
        return JSON.stringify({ others: others(b) });
      }),
    );
    const response = await call(proxyFor(upstream), ONE);
    expect(await response.json()).toEqual({ others: others(base) });
  });

  it("a URL under baseUrl that is no route of the handler, a URL inside a longer string, and keys are left as they are", async () => {
    let base = "";
    const body = (b: string) => ({
      workflow_run: `${b}/repos/o/r/actions/runs/42`,
      repository: `${b}/repos/o/r`,
      deeper: `${b}/repos/o/r/actions/artifacts/1/zip/more`,
      dotted: `${b}/repos/o/r/actions/artifacts/1/../../secrets`,
      double: `${b}//repos/o/r/actions/artifacts/1`,
      root: `${b}/`,
      prose: `see ${b}/repos/o/r/actions/artifacts/1`,
      [`${b}/repos/o/r/actions/artifacts/1`]: "a key",
    });
    for (const spell of [JSON.stringify, (v: unknown) => JSON.stringify(v).replaceAll("/", "\\/")]) {
      const upstream = await startUpstream(
        answering((b) => {
          base = b;
          return spell(body(b));
        }),
      );
      const response = await call(proxyFor(upstream), ONE);
      expect(await response.json()).toEqual(body(base));
    }
  });

  it("the query and fragment of a rewritten URL are kept", async () => {
    const upstream = await startUpstream(
      answering((b) => JSON.stringify({ next: `${b}/repos/o/r/actions/artifacts?name=a%20b&page=2#x` })),
    );
    const response = await call(proxyFor(upstream), ONE);
    expect((await response.json()).next).toBe(`${APP}${LIST}?name=a%20b&page=2#x`);
  });

  it("pathPrefix is respected: at the root, nested, and under a baseUrl with a path (GHES)", async () => {
    const upstream = await startUpstream();
    const root = await call(proxyFor(upstream, { pathPrefix: "" }), "/repos/o/r/actions/artifacts/1");
    expect((await root.json()).url).toBe(`${APP}/repos/o/r/actions/artifacts/1`);
    const nested = await call(proxyFor(upstream, { pathPrefix: "/a/b/" }), "/a/b/repos/o/r/actions/artifacts/1");
    expect((await nested.json()).archive_download_url).toBe(`${APP}/a/b/repos/o/r/actions/artifacts/1/zip`);

    // note: a world answering at a GHES root, `/api/v3` on the fake's origin: its URLs are under that root.
    const world = createArtifactsWorld();
    world.addArtifact({ repo: "o/r", id: 1, name: "artifact-1" });
    const ghes = await startUpstream({
      answer: (request) => createArtifactsFetch(world, { baseUrl: `${new URL(request.url).origin}/api/v3` })(request),
    });
    const handler = proxyFor(ghes, { baseUrl: `${ghes.url}/api/v3` });
    expect((await (await call(handler, ONE)).json()).url).toBe(`${APP}${ONE}`);
    expect(ghes.requests.map((r) => r.url)).toEqual(["/api/v3/repos/o/r/actions/artifacts/1"]);
  });

  it("an error answer is not rewritten", async () => {
    // note: GitHub's own documentation_url is on docs.github.com; one under baseUrl shows nothing is rewritten.
    const upstream = await startUpstream({
      answer: (request) =>
        Response.json(
          { message: "Not Found", documentation_url: `${new URL(request.url).origin}/repos/o/r/actions/artifacts/1` },
          { status: 404 },
        ),
    });
    const response = await call(proxyFor(upstream), ONE);
    expect(response.status).toBe(404);
    expect((await response.json()).documentation_url).toBe(`${upstream.url}/repos/o/r/actions/artifacts/1`);
  });

  it("a page of 100 artifacts is rewritten without being parsed (no escape in it)", async () => {
    const upstream = await startUpstream();
    for (let id = 10; id <= 100; id++) upstream.world?.addArtifact({ repo: "o/r", id, name: `artifact-${id}` });
    const parse = vi.spyOn(JSON, "parse");
    const text = await (await call(proxyFor(upstream), `${LIST}?per_page=100`)).text();
    // note: only the body counts; the platform may parse small things of its own along the way.
    expect(parse.mock.calls.filter(([arg]) => String(arg).includes('"artifacts"'))).toEqual([]);
    const { artifacts } = JSON.parse(text);
    expect(artifacts).toHaveLength(100);
    // note: newest first, as GitHub lists them: the last of the page is the oldest, artifact 1.
    expect(artifacts[99].archive_download_url).toBe(`${APP}${LIST}/1/zip`);
  });

  it('a browser fetching the rewritten archive_download_url gets the handler\'s 302 to storage ("redirect")', async () => {
    const storage = "https://storage.test/blob/1.zip?sig=abc";
    const upstream = await startUpstream({ storage });
    const app = await startServer(toNodeListener(proxyFor(upstream, { download: "redirect" })));
    onTestFinished(() => app.close());
    const { archive_download_url: href } = await (await fetch(`${app.url}${ONE}`)).json();
    expect(href).toBe(`${app.url}${ONE}/zip`);
    const download = await fetch(href, { redirect: "manual" });
    expect(download.status).toBe(302);
    expect(download.headers.get("location")).toBe(storage);
    expect(upstream.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ["/repos/o/r/actions/artifacts/1", `Bearer ${TOKEN}`],
      ["/repos/o/r/actions/artifacts/1/zip", `Bearer ${TOKEN}`],
    ]);
  });
});
