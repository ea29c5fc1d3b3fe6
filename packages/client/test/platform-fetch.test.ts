// The client without a `fetch` option: the platform's fetch gets each attempt's signal as `init`.
import { afterEach, describe, expect, it, vi } from "vitest";
import { createArtifactsClient } from "../src/index.js";
import { startServer, type TestServer } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

/** A server that reads the request and never answers it. */
const silent = () => startServer(() => undefined);

describe("the platform's fetch", () => {
  it("aborts a silent attempt after timeoutMs with a TimeoutError", async () => {
    server = await silent();
    // note: only the timers are fake, and the clock moves only once the server holds the request: with a real
    // 50 ms timer a loaded machine fired it before the request arrived (6 failures in 27 runs).
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false, timeoutMs: 5_000 });
    const error = gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 }).catch((e: unknown) => e);
    await expect.poll(() => server!.requests.length).toBe(1);
    vi.advanceTimersByTime(4_999);
    expect(await Promise.race([error, Promise.resolve("pending")])).toBe("pending");
    vi.advanceTimersByTime(1);
    expect(await error).toMatchObject({ name: "TimeoutError" });
    expect(server.requests).toHaveLength(1);
  });

  it("stops at once when the caller aborts, with the caller's reason", async () => {
    server = await silent();
    const gh = createArtifactsClient({ baseUrl: server.url, retry: false });
    const controller = new AbortController();
    const pending = gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1, signal: controller.signal });
    await expect.poll(() => server!.requests.length).toBe(1);
    controller.abort(new Error("user went away"));
    await expect(pending).rejects.toThrow("user went away");
  });
});
