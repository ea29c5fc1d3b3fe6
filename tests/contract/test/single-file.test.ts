// Single-file artifacts (`actions/upload-artifact` with `archive: false`) and a hostile name, downloaded with the real
// client, directly and through the server proxy in both `download` modes, from the demo repository of `pnpm start`:
// its mock GitHub (@gh-artifacts/testing) sends every API request to Prism (static mode) too, which checks it against
// the spec, and its storage serves each file with its own Content-Type (a wheel as octet-stream, an HTML report as
// text/html, a PDF) and sends no CORS header.
import { createHash } from "node:crypto";
import { type ArtifactKind, downloadArtifact } from "@gh-artifacts/client";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { type DemoApi, SPECIAL, startDemoApi } from "../../../scripts/lib/local-world.mjs";
import { repo } from "./cases.js";
import { contractClient, TOKEN } from "./helpers.js";
import { PREFIX, proxiedClient } from "./proxy-helpers.js";

const staticMode = inject("prismModes").find((m) => m.kind === "static")!;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let demo: DemoApi;
beforeEach(async () => {
  demo = await startDemoApi({ prismUrl: staticMode.url, token: TOKEN });
});
afterEach(async () => {
  await demo.stop();
});

/** The demo artifact named `name` (these names are unique in the repository). */
function demoArtifact(name: string) {
  const found = demo.artifacts.find((a) => a.name === name);
  if (!found) throw new Error(`no demo artifact ${name}`);
  return found;
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer());
}

const CASES: [name: string, kind: ArtifactKind, fileName: string][] = [
  [SPECIAL.wheel, "file", "app-1.2.0-py3-none-any.whl"],
  [SPECIAL.report, "file", "report.html"],
  [SPECIAL.manual, "file", "manual.pdf"],
  [SPECIAL.hidden, "zip", "_git.zip"],
];

describe("single-file artifacts with the client, against the demo repository on Prism", () => {
  it.each(CASES)("%s: kind %s, saved as %s, its bytes the digest", async (name, kind, fileName) => {
    const { gh } = contractClient(demo.apiUrl);
    // note: the artifact as the API lists it, as an app would have it.
    const listed = (await gh.listAllArtifactsForRepo(repo)).find((a) => a.name === name);
    expect(listed?.id).toBe(demoArtifact(name).id);
    const id = listed?.id as number;
    const download = await downloadArtifact(gh, { ...repo, artifact_id: id, name: listed?.name });
    expect(download.kind).toBe(kind);
    expect(download.fileName).toBe(fileName);
    expect(download.contentType).toBe(demo.typeOf(id));
    const bytes = await readAll(download.body);
    expect(`sha256:${sha256(bytes)}`).toBe(demoArtifact(name).digest);
    expect(download.size).toBe(bytes.byteLength);
    // The token went to the API only; storage served the file at its own path.
    expect(demo.storageRequests.filter((r) => r.method === "GET").map((r) => [r.path, r.authorization])).toEqual([
      [demo.storagePathOf(id), false],
    ]);
    expect(demo.apiViolations).toEqual([]);
  });

  it.each(CASES.filter(([, kind]) => kind === "file"))(
    "%s without its name from a listing: the storage URL's name",
    async (name, _kind, fileName) => {
      const { gh } = contractClient(demo.apiUrl);
      const download = await downloadArtifact(gh, { ...repo, artifact_id: demoArtifact(name).id });
      expect(download.kind).toBe("file");
      expect(download.fileName).toBe(fileName);
      await download.body.cancel();
      expect(demo.apiViolations).toEqual([]);
    },
  );
});

describe("single-file artifacts through the server proxy, against the demo repository on Prism", () => {
  it.each(CASES.flatMap((c) => [[...c, "stream"] as const, [...c, "redirect"] as const]))(
    "%s: kind %s, saved as %s, its bytes the digest (download: %s)",
    async (name, kind, fileName, mode) => {
      const client = await proxiedClient(demo.apiUrl, { download: mode });
      const { id, digest } = demoArtifact(name);
      const download = await downloadArtifact(client.gh, { ...repo, artifact_id: id, name });
      expect(download.kind).toBe(kind);
      expect(download.fileName).toBe(fileName);
      const bytes = await readAll(download.body);
      expect(`sha256:${sha256(bytes)}`).toBe(digest);
      const path = `/repos/${repo.owner}/${repo.repo}/actions/artifacts/${id}/zip`;
      const storagePath = demo.storagePathOf(id) as string;
      if (mode === "stream") {
        // The handler fetched the file itself: GitHub with its token, storage with none; the client only the handler.
        expect(client.requests).toEqual([`GET ${PREFIX}${path}`]);
        expect(client.upstream.map((r) => r.split("?")[0])).toEqual([`GET ${path}`, `GET ${storagePath}`]);
        expect(client.authorization).toEqual({ browser: [null], upstream: [`Bearer ${TOKEN}`, null] });
        expect(download.url.pathname).toBe(`${PREFIX}${path}`);
      } else {
        // The handler answered with the signed storage URL; the client fetched it, without a token.
        expect(client.upstream).toEqual([`GET ${path}`]);
        expect(client.requests.map((r) => r.split("?")[0])).toEqual([`GET ${PREFIX}${path}`, `GET ${storagePath}`]);
        expect(client.authorization).toEqual({ browser: [null, null], upstream: [`Bearer ${TOKEN}`] });
      }
      expect(client.received.join("\n")).not.toContain(TOKEN);
      expect(demo.storageRequests.every((r) => !r.authorization)).toBe(true);
      expect(demo.apiViolations).toEqual([]);
    },
  );
});
