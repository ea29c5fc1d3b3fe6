import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createArtifactsClient, InvalidInputError, UnverifiableDigestError } from "../../src/index.js";
import { downloadArtifactToFile } from "../../src/node/index.js";
import { type DownloadFake, startDownloadFake } from "../download-fake.js";
import { makeZip, sha256 } from "../node/zip-fixtures.js";

const ref = { owner: "o", repo: "r", artifact_id: 1 };

let dir: string;
let fake: DownloadFake | undefined;
let zip: Buffer;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gh-artifacts-digest-"));
  zip = await makeZip({ "report.txt": "hello" });
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function setup(digest: string | null) {
  fake = await startDownloadFake({ body: zip, digest });
  return createArtifactsClient({ baseUrl: fake.url, retry: false });
}

describe("digests fail closed", () => {
  it.each([
    ["an unknown algorithm", `sha512:${"ab".repeat(64)}`, "unsupported digest algorithm", true],
    ["no algorithm", "ab".repeat(32), "unsupported digest algorithm", false],
    ["a short sha256", "sha256:abc123", "malformed sha256 digest", true],
    ["a sha256 that is not hex", `sha256:${"zz".repeat(32)}`, "malformed sha256 digest", false],
    ["an empty digest", "", "unsupported digest algorithm", false],
  ])(
    "item 17: %s is UnverifiableDigestError before any byte is fetched, and no file",
    async (_, digest, reason, kept) => {
      const gh = await setup(digest);
      const error = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnverifiableDigestError);
      // Only a digest-shaped value (`algorithm:hex`) is kept on the error.
      expect(error).toMatchObject({ digest: kept ? digest : null, reason: expect.stringContaining(reason) });
      expect(fake!.storage).toHaveLength(0);
      expect(await readdir(dir)).toEqual([]);
    },
  );

  it("item 7/17: a digest that echoes the token keeps it off the error (fields, message, inspect)", async () => {
    const token = "ghp_EchoedBackByTheServer0123456789abcdef";
    fake = await startDownloadFake({ body: zip, digest: `sha256:${token}` });
    const gh = createArtifactsClient({ baseUrl: fake.url, retry: false, token });
    const error = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnverifiableDigestError);
    expect((error as UnverifiableDigestError).digest).toBeNull();
    expect(inspect(error, { showHidden: true, depth: 5 })).not.toContain(token);
    expect(JSON.stringify(error)).not.toContain(token);
  });

  it("item 17: an upper-case sha256 digest is checked like a lower-case one", async () => {
    const gh = await setup(`SHA256:${sha256(zip).toUpperCase()}`);
    const result = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip") });
    expect(result.verified).toBe(true);
  });

  it("item 17: requireDigest makes a missing digest an UnverifiableDigestError, and nothing is fetched", async () => {
    const gh = await setup(null);
    const error = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip"), requireDigest: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnverifiableDigestError);
    expect(error).toMatchObject({ digest: null, reason: "the artifact has no digest" });
    expect(fake!.storage).toHaveLength(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it("item 17: requireDigest with a good digest downloads and verifies", async () => {
    const gh = await setup(`sha256:${sha256(zip)}`);
    const result = await downloadArtifactToFile(gh, { ...ref, path: join(dir, "a.zip"), requireDigest: true });
    expect(result).toMatchObject({ verified: true, sha256: sha256(zip) });
  });

  it("item 17: requireDigest with verifyDigest: false is an InvalidInputError before any request", async () => {
    const gh = await setup(null);
    const error = await downloadArtifactToFile(gh, {
      ...ref,
      path: join(dir, "a.zip"),
      requireDigest: true,
      verifyDigest: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ field: "requireDigest" });
    expect(fake!.api).toHaveLength(0);
  });
});

describe("temporary names", () => {
  it("item 17: a legal 230-character file name works (the temporary name stays short)", async () => {
    const gh = await setup(`sha256:${sha256(zip)}`);
    const name = `${"a".repeat(226)}.zip`;
    const result = await downloadArtifactToFile(gh, { ...ref, path: join(dir, name) });
    expect(result.verified).toBe(true);
    expect(await readdir(dir)).toEqual([name]);
  });
});
