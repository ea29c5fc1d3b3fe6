import { spawn } from "node:child_process";
import type { ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";
import { createGzip, gzipSync } from "node:zlib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GitHubApiError, ResponseTooLargeError } from "../../src/errors.js";
import { ERROR_BODY_LIMIT } from "../../src/read-body.js";
import { ARTIFACT, caught, closeServers, MiB, networkClient, serveSequence } from "./network-client.js";

afterEach(closeServers);

/** Writes `chunk` for as long as the client reads (an endless body), stopping once the connection is gone. */
function endless(res: ServerResponse, chunk: Buffer) {
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once("drain", pump);
  };
  pump();
}

const spaces = (n: number) => Buffer.alloc(n, 0x20);

describe("JSON bodies are capped", () => {
  it("item 15: a body past maxResponseBytes (by Content-Length) is ResponseTooLargeError, not retried", async () => {
    const server = await serveSequence((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(2 * MiB + 2) });
      res.end(Buffer.concat([spaces(2 * MiB), Buffer.from("{}")]));
    });
    const gh = networkClient(server.url, { maxResponseBytes: MiB, retry: { retries: 3, baseDelayMs: 1 } });
    const error = await caught(() => gh.getArtifact());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limit: MiB, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it("item 15: a Content-Length past the cap is refused before the body is read", async () => {
    // note: the body never comes; only a refusal on the header alone can settle this call before the timeout.
    const server = await serveSequence((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(100 * MiB) });
      res.write("{");
    });
    const gh = networkClient(server.url, { maxResponseBytes: MiB, timeoutMs: 600_000 });
    expect(await caught(() => gh.getArtifact())).toBeInstanceOf(ResponseTooLargeError);
  });

  it("item 15: an endless chunked body is refused once it passes the cap", async () => {
    const server = await serveSequence((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      endless(res, spaces(64 * 1024));
    });
    const gh = networkClient(server.url, { maxResponseBytes: MiB });
    expect(await caught(() => gh.getArtifact())).toBeInstanceOf(ResponseTooLargeError);
  });

  it("item 15: a body of exactly maxResponseBytes is read, chunked or not", async () => {
    const body = Buffer.concat([Buffer.from(JSON.stringify(ARTIFACT)), spaces(1000)]);
    const server = await serveSequence(
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
        res.end(body);
      },
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write(body.subarray(0, 100));
        res.end(body.subarray(100));
      },
    );
    const gh = networkClient(server.url, { maxResponseBytes: body.length });
    await expect(gh.getArtifact()).resolves.toMatchObject({ id: 1 });
    await expect(gh.getArtifact()).resolves.toMatchObject({ id: 1 });
  });

  it("item 15: the cap counts bytes after decompression, not on the wire", async () => {
    const inflated = Buffer.concat([spaces(3 * MiB), Buffer.from(JSON.stringify(ARTIFACT))]);
    const gzipped = gzipSync(inflated);
    const server = await serveSequence((_req, res) => {
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": String(gzipped.length),
      });
      res.end(gzipped);
    });
    expect(gzipped.length).toBeLessThan(MiB / 10);
    expect(await caught(() => networkClient(server.url, { maxResponseBytes: MiB }).getArtifact())).toBeInstanceOf(
      ResponseTooLargeError,
    );
    await expect(networkClient(server.url, { maxResponseBytes: 4 * MiB }).getArtifact()).resolves.toMatchObject({
      id: 1,
    });
  });
});

describe("error bodies are read in part", () => {
  it("item 15: an endless error body is read to 64 KiB, the rest dropped, and the error thrown", async () => {
    const server = await serveSequence((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      endless(res, Buffer.from("upstream error\n".repeat(1000)));
    });
    const error = (await caught(() => networkClient(server.url).getArtifact())) as GitHubApiError;
    expect(error).toBeInstanceOf(GitHubApiError);
    expect(error.status).toBe(500);
    const data = String(error.response?.data);
    expect(data.startsWith("upstream error\n")).toBe(true);
    expect(data.length).toBeLessThanOrEqual(ERROR_BODY_LIMIT);
  });

  it("item 15: an error body under 64 KiB is kept whole", async () => {
    const message = "m".repeat(ERROR_BODY_LIMIT - 100);
    const server = await serveSequence((_req, res) => {
      res.writeHead(422, { "content-type": "application/json" });
      res.end(JSON.stringify({ message }));
    });
    const error = await caught(() => networkClient(server.url).getArtifact());
    expect(error).toMatchObject({ status: 422, message });
  });
});

describe("a gzip bomb", () => {
  const INFLATED = 300 * MiB;
  let bomb: Buffer;

  beforeAll(async () => {
    // note: zeros compress about a thousand to one: ~300 KiB on the wire, 300 MiB once inflated.
    const gzip = createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gzip.on("data", (part: Buffer) => parts.push(part));
    const done = new Promise((resolve) => gzip.on("end", resolve));
    const zeros = Buffer.alloc(MiB);
    for (let i = 0; i < INFLATED / MiB; i++) if (!gzip.write(zeros)) await new Promise((r) => gzip.once("drain", r));
    gzip.end();
    await done;
    bomb = Buffer.concat(parts);
  });

  it("item 15: is refused with ResponseTooLargeError, with under 100 MiB of memory growth", async () => {
    const small = gzipSync(JSON.stringify(ARTIFACT));
    const server = await serveSequence((req, res) => {
      const body = req.url === "/bomb" ? bomb : small;
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": String(body.length),
      });
      res.end(body);
    });
    expect(bomb.length).toBeLessThan(MiB);
    // note: measured in a child process of its own (peak RSS against its baseline), so nothing else in this
    // runner's heap counts; the margin is wide: the cap is 32 MiB, the limit 100 MiB, the bomb 300 MiB.
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL("./gzip-bomb-child.mjs", import.meta.url)), server.url, String(32 * MiB)],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (part) => (stdout += part));
    child.stderr.on("data", (part) => (stderr += part));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ name: "ResponseTooLargeError" });
    expect(report.growthKiB).toBeLessThan(100 * 1024);
  }, 120_000);
});
