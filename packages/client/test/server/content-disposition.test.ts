// A streamed download's name and type: read from the storage answer, made safe, and sent so that nothing renders.
import { describe, expect, it } from "vitest";
import { attachment, dispositionFileName } from "../../src/content-disposition.js";
import { call, PREFIX, proxyFor, startStorage, startUpstream } from "./fake-upstream.js";

const ZIP = `${PREFIX}/repos/o/r/actions/artifacts/7/zip`;

describe("dispositionFileName", () => {
  for (const [header, name] of [
    ['attachment; filename="build.zip"', "build.zip"],
    ["attachment; filename=build.zip", "build.zip"],
    ['attachment; filename="a \\"quoted\\" \\\\ name.txt"', 'a "quoted" \\ name.txt'],
    ['attachment; FILENAME="upper.txt"', "upper.txt"],
    ["attachment; filename*=UTF-8''caf%C3%A9.txt; filename=\"cafe.txt\"", "café.txt"],
    ["attachment; filename=\"cafe.txt\"; filename*=utf-8'en'caf%C3%A9.txt", "café.txt"],
    ["attachment; filename*=ISO-8859-1''caf%E9.txt", "café.txt"],
    // note: header bytes arrive as Latin-1 characters; raw UTF-8 among them is read as UTF-8, as browsers do.
    [`attachment; filename="${Buffer.from("café.txt").toString("latin1")}"`, "café.txt"],
    ["attachment; filename*=UTF-8''bad%ZZ; filename=\"fallback.txt\"", "fallback.txt"],
    ["attachment; filename*=KOI8-R''x; filename=\"fallback.txt\"", "fallback.txt"],
    ['inline; filename="a; b.html"', "a; b.html"],
    ["attachment", undefined],
    ['attachment; filename=""', undefined],
  ] as const) {
    it(`${header} names ${JSON.stringify(name)}`, () => expect(dispositionFileName(header)).toBe(name));
  }
  it("none without a header", () => expect(dispositionFileName(null)).toBeUndefined());
});

describe("attachment", () => {
  it("a plain ASCII name is one quoted filename", () => {
    expect(attachment("build-log.zip")).toBe('attachment; filename="build-log.zip"');
  });
  it("any other name: an ASCII fallback and RFC 6266's filename*", () => {
    expect(attachment("café (1)'s.zip")).toBe(
      "attachment; filename=\"caf_ (1)'s.zip\"; filename*=UTF-8''caf%C3%A9%20%281%29%27s.zip",
    );
    expect(attachment("100%.txt")).toBe("attachment; filename=\"100_.txt\"; filename*=UTF-8''100%25.txt");
    expect(attachment("日本.zip")).toBe("attachment; filename=\"__.zip\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.zip");
  });
});

describe("a streamed download's name and type", () => {
  async function streamed(path: string, headers: Record<string, string>) {
    const storage = await startStorage((_req, res) => res.writeHead(200, headers).end("bytes"));
    const upstream = await startUpstream({ storage: `${storage.server.url}${path}?sig=s3cr3t` });
    const response = await call(proxyFor(upstream, { download: "stream" }), ZIP);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    return [response.headers.get("content-type"), response.headers.get("content-disposition")];
  }

  it("a zip by its type: application/zip, the name given .zip", async () => {
    const disposition = 'attachment; filename="logs"';
    for (const type of ["application/zip", "application/x-zip-compressed; charset=binary"]) {
      expect(await streamed("/blob/abc", { "content-type": type, "content-disposition": disposition })).toEqual([
        "application/zip",
        'attachment; filename="logs.zip"',
      ]);
    }
  });

  it("a zip by the storage URL's .zip path, whatever type storage claims", async () => {
    expect(await streamed("/blob/7.ZIP", { "content-type": "text/html" })).toEqual([
      "application/zip",
      'attachment; filename="7.ZIP"',
    ]);
  });

  it("a file: application/octet-stream; a hostile name made safe", async () => {
    const disposition = 'inline; filename="../../.bashrc"';
    expect(await streamed("/blob/x", { "content-type": "text/html", "content-disposition": disposition })).toEqual([
      "application/octet-stream",
      'attachment; filename="__.._.bashrc"',
    ]);
  });

  it("a file named by the URL's decoded last segment; a non-ASCII name with filename*", async () => {
    expect(await streamed("/blob/r%C3%A9sum%C3%A9.pdf", { "content-type": "application/pdf" })).toEqual([
      "application/octet-stream",
      "attachment; filename=\"r_sum_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
    ]);
  });

  it("no name at all: artifact-ID, with .zip for a zip and the type's extension for a file", async () => {
    expect(await streamed("/blob/", { "content-type": "application/zip" })).toEqual([
      "application/zip",
      'attachment; filename="artifact-7.zip"',
    ]);
    expect(await streamed("/blob/%20.", { "content-type": "text/html" })).toEqual([
      "application/octet-stream",
      'attachment; filename="artifact-7.html"',
    ]);
  });
});
