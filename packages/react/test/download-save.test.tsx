import { InvalidInputError } from "@gh-artifacts/client";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { type DownloadArtifactRequest, useDownloadArtifact } from "../src/index.js";
import type { ServedAs } from "./helpers/fakeGitHub.js";
import { Providers, repoRef, setup } from "./helpers/render.js";

const ZIP = "application/zip";
const BYTES = "application/octet-stream";
/** The first bytes of a zip (a local file header), as a wheel's are. */
const PK = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
const HTML = new TextEncoder().encode("<script>window.__artifactScriptRan = true</script><h1>Report</h1>");

function renderSaving(baseUrl?: string, save = true) {
  // note: fake `setTimeout` only, for the object URL's revoke timer; the archive is complete before the download.
  if (save) vi.useFakeTimers({ toFake: ["setTimeout"] });
  const ctx = setup({ count: 2, baseUrl });
  const wrapper = ({ children }: { children: ReactNode }) => <Providers {...ctx}>{children}</Providers>;
  return { ...ctx, ...renderHook(() => useDownloadArtifact({ save }), { wrapper }) };
}

/** What was offered to the user: each `<a download>` clicked, with the Blob behind its object URL (if any). */
function captureSaves() {
  const saved: { download: string; href: string; blob: Blob | undefined }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, "createObjectURL").mockImplementation((blob) => {
    const url = `blob:saved-${blobs.size + 1}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ download: this.download, href: this.href, blob: blobs.get(this.href) });
  });
  return saved;
}

describe("useDownloadArtifact saves each artifact under its own safe name, as bytes", () => {
  it.each<[string, Partial<DownloadArtifactRequest>, ServedAs, Uint8Array, string, string]>([
    ["a zip under its name, with .zip added", { name: "build" }, { type: ZIP }, PK, "build.zip", ZIP],
    [
      "an HTML file under its own name, as bytes rather than text/html (a text/html Blob URL would render)",
      { name: "report.html" },
      { type: "text/html; charset=utf-8", blob: "report.html" },
      HTML,
      "report.html",
      BYTES,
    ],
    [
      "a PDF under its own name",
      { name: "manual.pdf" },
      { type: "application/pdf", blob: "manual.pdf" },
      HTML,
      "manual.pdf",
      BYTES,
    ],
    [
      "a wheel (zip bytes, octet-stream) as the file it is, not renamed .whl.zip",
      { name: "app-1.2.0-py3-none-any.whl" },
      { type: BYTES, blob: "app-1.2.0-py3-none-any.whl" },
      PK,
      "app-1.2.0-py3-none-any.whl",
      BYTES,
    ],
    ["a zip named .git as _git.zip, never a hidden name", { name: ".git" }, { type: ZIP }, PK, "_git.zip", ZIP],
    [
      "a name with a path as one plain file name",
      { name: "../../.ssh/authorized_keys" },
      { type: BYTES, blob: "blob" },
      HTML,
      "__.._.ssh_authorized_keys",
      BYTES,
    ],
    [
      "without a name, the storage URL's last segment",
      {},
      { type: "text/html", blob: "report.html" },
      HTML,
      "report.html",
      BYTES,
    ],
    [
      "a filename of the caller's, made safe too",
      { name: "report.html", filename: "../Report 2026.html" },
      { type: "text/html", blob: "x" },
      HTML,
      "__Report 2026.html",
      BYTES,
    ],
    [
      "an unusable filename as the download's own name",
      { name: "report.html", filename: ".. " },
      { type: "text/html", blob: "x" },
      HTML,
      "report.html",
      BYTES,
    ],
  ])("%s", async (_, request, servedAs, bytes, name, type) => {
    const saved = captureSaves();
    const { github, result } = renderSaving();
    const archive = github.archive(1, bytes.byteLength, servedAs);
    archive.write(bytes);
    archive.close();
    const blob = await act(() => result.current.download({ ...repoRef, artifact_id: 1, ...request }));
    expect(result.current.status).toBe("success");
    expect(blob?.type).toBe(type);
    expect(new Uint8Array(await (blob as Blob).arrayBuffer())).toEqual(bytes);
    expect(saved).toEqual([{ download: name, href: "blob:saved-1", blob }]);
    expect(result.current.downloaded).toEqual({
      kind: type === ZIP ? "zip" : "file",
      contentType: servedAs.type,
      fileName: name,
    });
  });

  it("tells what the download is before its end, and forgets it when the next one starts", async () => {
    const { github, result } = renderSaving(undefined, false);
    const release = github.hold("GET");
    const report = github.archive(1, HTML.byteLength, { type: "text/html", blob: "report.html" });
    let done: Promise<Blob | undefined> | undefined;
    act(() => {
      done = result.current.download({ ...repoRef, artifact_id: 1, name: "report.html" });
    });
    await waitFor(() => expect(github.requests).toHaveLength(1));
    expect(result.current.downloaded).toBeNull();
    // note: neither the type nor the URL says zip, so the kind is read from the first bytes.
    act(() => {
      release();
      report.write(HTML);
    });
    await waitFor(() => expect(result.current.downloaded).not.toBeNull());
    expect(result.current.status).toBe("downloading");
    expect(result.current.downloaded).toEqual({ kind: "file", contentType: "text/html", fileName: "report.html" });
    act(() => report.close());
    await act(() => done);
    expect(result.current.status).toBe("success");

    act(() => void result.current.download({ ...repoRef, artifact_id: 42 }));
    expect(result.current.downloaded).toBeNull();
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.downloaded).toBeNull();
  });
});

describe("useDownloadArtifact's navigate: the browser's own download, no fetch", () => {
  it("clicks an <a download> on the client's download URL; nothing is fetched and the status stays idle", () => {
    const saved = captureSaves();
    const { github, result } = renderSaving();
    act(() => result.current.navigate({ ...repoRef, artifact_id: 7 }));
    expect(saved).toEqual([
      { download: "", href: "https://api.github.com/repos/octo/hello/actions/artifacts/7/zip", blob: undefined },
    ]);
    expect(github.requests).toEqual([]);
    expect(URL.createObjectURL).not.toHaveBeenCalled();
    expect(result.current.status).toBe("idle");
  });

  it("points at the proxy when the client's baseUrl is one, each segment encoded", () => {
    const saved = captureSaves();
    const { result } = renderSaving("http://127.0.0.1:8080/api/github");
    act(() => result.current.navigate({ owner: "o?x", repo: "r#1/2", artifact_id: 9 }));
    expect(saved.map((s) => s.href)).toEqual([
      "http://127.0.0.1:8080/api/github/repos/o%3Fx/r%231%2F2/actions/artifacts/9/zip",
    ]);
  });

  it.each([
    ["../Report.html", "__Report.html"],
    ["...", "artifact-7"],
  ])("asks for the filename %j made safe: %j", (filename, download) => {
    const saved = captureSaves();
    const { result } = renderSaving();
    act(() => result.current.navigate({ ...repoRef, artifact_id: 7, filename }));
    expect(saved.map((s) => s.download)).toEqual([download]);
  });

  it.each([
    ["owner", { owner: ".." }],
    ["owner", { owner: "" }],
    ["repo", { repo: "." }],
    ["repo", { repo: 5 }],
    ["artifact_id", { artifact_id: 0 }],
    ["artifact_id", { artifact_id: 1.5 }],
    ["artifact_id", { artifact_id: "7" }],
  ])("refuses a bad %s (%j) with InvalidInputError before clicking anything", (field, bad) => {
    const saved = captureSaves();
    const { github, result } = renderSaving();
    const request = { ...repoRef, artifact_id: 7, ...bad } as Parameters<typeof result.current.navigate>[0];
    let thrown: unknown;
    try {
      result.current.navigate(request);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect(thrown).toMatchObject({ field });
    expect(saved).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});
