import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fingerprint, sha256Hex } from "../src/fingerprint.js";

const nodeSha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("sha256Hex", () => {
  it("matches node:crypto at the padding boundaries", () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const text = "a".repeat(length);
      expect(sha256Hex(text)).toBe(nodeSha256(text));
    }
  });

  it("matches node:crypto for any Unicode string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (text) => sha256Hex(text) === nodeSha256(text)),
      { numRuns: 500 },
    );
  });

  it("matches node:crypto for long binary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 100, maxLength: 1500 }), (text) => {
        expect(sha256Hex(text)).toBe(nodeSha256(text));
      }),
      { numRuns: 60 },
    );
    // note: CPU-bound, not waiting on anything: on a loaded machine it may take several times its usual second.
  }, 60_000);
});

describe("fingerprint", () => {
  it("is 16 hex of SHA-256 over the domain-prefixed token, stable and distinct per token", () => {
    expect(fingerprint("ghp_a")).toBe(nodeSha256("gh-artifacts/token:ghp_a").slice(0, 16));
    expect(fingerprint("ghp_a")).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint("ghp_a")).toBe(fingerprint("ghp_a"));
    expect(fingerprint("ghp_a")).not.toBe(fingerprint("ghp_b"));
  });
});
