import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startPrism } from "../lib/prism.mjs";

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let dir;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "prism-test-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("startPrism", () => {
  it("serves the spec on loopback with --errors, and stop() leaves no process behind", async () => {
    const prism = await startPrism();
    try {
      expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${prism.url}/repos/o/r/actions/artifacts/11`);
      expect(response.status).toBe(200);
      expect((await response.json()).name).toBe("Rails");
      expect(alive(prism.pid)).toBe(true);
    } finally {
      await prism.stop();
    }
    expect(alive(prism.pid)).toBe(false);
  });

  it("fails fast with Prism's own message when the spec cannot be loaded", async () => {
    const spec = path.join(dir, "broken.yaml");
    await writeFile(spec, "openapi: 3.0.3\npaths:\n  /x:\n    get:\n      responses: [not, a, map\n");
    const error = await startPrism({ spec, startTimeoutMs: 30_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/^Prism (failed to start|exited)/);
    // Prism's own words follow our first line: its fatal message names the file and the parse error.
    expect(error.message).toMatch(/fatal.*Error parsing .*broken\.yaml/);
  });
});
