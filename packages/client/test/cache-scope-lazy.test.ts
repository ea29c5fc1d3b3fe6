import { describe, expect, it, vi } from "vitest";
import * as fingerprintModule from "../src/fingerprint.js";
import { createArtifactsClient } from "../src/index.js";

vi.mock("../src/fingerprint.js", async (importOriginal) => {
  const original = await importOriginal<typeof fingerprintModule>();
  return { ...original, fingerprint: vi.fn(original.fingerprint) };
});

describe("the default cacheScope of a string token", () => {
  it("is computed when first read, once, and not for a client that never reads it", () => {
    const fingerprint = vi.mocked(fingerprintModule.fingerprint);
    fingerprint.mockClear();
    const gh = createArtifactsClient({ token: "ghp_lazy" });
    expect(fingerprint).not.toHaveBeenCalled();
    const scope = gh.cacheScope;
    expect(scope).toBe(fingerprintModule.sha256Hex("gh-artifacts/token:ghp_lazy").slice(0, 16));
    expect(gh.cacheScope).toBe(scope);
    expect(fingerprint).toHaveBeenCalledTimes(1);
  });
});
