import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/index.js";
import { createFileStore, readScanState, writeScanState } from "../../src/node/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "file-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ENTRY = {
  etag: '"abc"',
  body: '{"total_count":0,"artifacts":[]}',
  headers: { "content-type": "application/json" },
};
const KEY = "scope-1 https://api.github.com/repos/o/r/actions/artifacts?per_page=100&page=1";

describe("createFileStore", () => {
  it("keeps entries across stores of the same folder, one owner-only file per key named by its hash", async () => {
    const folder = join(dir, "cache");
    await createFileStore(folder).set(KEY, ENTRY);
    expect(await createFileStore(folder).get(KEY)).toEqual(ENTRY);
    expect(await createFileStore(folder).get(`${KEY}x`)).toBeUndefined();
    const files = await readdir(folder);
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.json$/)]);
    expect((await stat(join(folder, files[0]!))).mode & 0o777).toBe(0o600);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
  });

  it("reads a damaged file, or one holding another key, as no entry", async () => {
    const store = createFileStore(dir);
    await store.set(KEY, ENTRY);
    const [file] = await readdir(dir);
    await writeFile(join(dir, file!), "{ not json");
    expect(await store.get(KEY)).toBeUndefined();
    await writeFile(join(dir, file!), JSON.stringify({ key: "another", entry: ENTRY }));
    expect(await store.get(KEY)).toBeUndefined();
  });

  it("skips entries past maxEntryBytes, and leaves no temporary file behind", async () => {
    const store = createFileStore(dir, { maxEntryBytes: 100 });
    await store.set(KEY, { ...ENTRY, body: "x".repeat(200) });
    expect(await store.get(KEY)).toBeUndefined();
    await createFileStore(dir).set(KEY, ENTRY);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses an empty folder name or a bad limit", () => {
    expect(() => createFileStore("")).toThrow(InvalidInputError);
    expect(() => createFileStore(dir, { maxEntryBytes: 0 })).toThrow("maxEntryBytes");
  });
});

describe("readScanState / writeScanState", () => {
  const state = {
    version: 1 as const,
    baseUrl: "https://api.github.com",
    repositories: {
      "o/r": {
        listedAt: "2024-06-01T00:00:00.000Z",
        artifacts: [
          {
            id: 1,
            name: "build",
            size_in_bytes: 10,
            expired: false,
            created_at: "2024-05-01T00:00:00Z",
            expires_at: null,
            workflow_run: { head_branch: "main" },
          },
        ],
      },
    },
  };

  it("writes the state as JSON, owner-only, and reads it back; no file reads as undefined", async () => {
    const file = join(dir, "nested", "state.json");
    expect(await readScanState(file)).toBeUndefined();
    await writeScanState(file, state);
    expect(await readScanState(file)).toEqual(state);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("refuses a file that is not JSON, or not a state", async () => {
    const file = join(dir, "state.json");
    await writeFile(file, "nope");
    await expect(readScanState(file)).rejects.toThrow(`Invalid state: ${file} is not JSON`);
    await writeFile(
      file,
      JSON.stringify({ ...state, repositories: { "not a repo": { listedAt: "", artifacts: [] } } }),
    );
    await expect(readScanState(file)).rejects.toThrow("has a key that is not OWNER/REPO");
    await expect(writeScanState(file, { ...state, version: 2 } as never)).rejects.toThrow(InvalidInputError);
    expect(JSON.parse(await readFile(file, "utf8")).version).toBe(1);
  });
});
