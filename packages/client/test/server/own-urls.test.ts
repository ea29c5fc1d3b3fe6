import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isRoutePath, matchRoute } from "../../src/server/match-route.js";
import { ownUrls } from "../../src/server/own-urls.js";

const BASE = "https://ghes.test/api/v3";
const OWN = "https://app.test/api/github";
const urls = ownUrls(BASE, OWN);

/** `value` with every string value (not key) passed through `urls.value`: what the parsing path does. */
function walk(value: unknown): unknown {
  if (typeof value === "string") return urls.value(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
}

describe("ownUrls", () => {
  it("a URL of a route under baseUrl points at the handler; anything else stays", () => {
    expect(urls.value(`${BASE}/repos/o/r/actions/artifacts/1/zip`)).toBe(`${OWN}/repos/o/r/actions/artifacts/1/zip`);
    expect(urls.value(`${BASE}/repos/o/r/actions/runs/2/artifacts?page=2`)).toBe(
      `${OWN}/repos/o/r/actions/runs/2/artifacts?page=2`,
    );
    for (const other of [
      `${BASE}/repos/o/r/actions/runs/2`,
      `${BASE}/repos/o/r/actions/artifacts/1/%2E%2E`,
      `${BASE}s/repos/o/r/actions/artifacts/1`,
      `https://ghes.test/repos/o/r/actions/artifacts/1`,
      `x${BASE}/repos/o/r/actions/artifacts/1`,
      BASE,
    ]) {
      expect(urls.value(other), other).toBe(other);
    }
  });

  it("property: the text search (no escapes) and the parse-and-walk agree on every JSON value", () => {
    const piece = fc.constantFrom(
      BASE,
      `${BASE}/`,
      "/repos/o/r/actions/artifacts",
      "/repos/o/r/actions/runs/42/artifacts",
      "/1",
      "/zip",
      "/..",
      "/",
      "?page=2",
      "#x",
      " ",
      ":",
      ",",
      "}",
      "x",
    );
    const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(""));
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        text,
        fc.integer(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(text, tie("value"), { maxKeys: 4 }),
      ),
    }));
    fc.assert(
      fc.property(value, fc.constantFrom(0, 2), (json, indent) => {
        const spelled = JSON.stringify(json, null, indent);
        expect(spelled).not.toContain("\\");
        expect(JSON.parse(urls.literal(spelled))).toEqual(walk(json));
      }),
      { numRuns: 500 },
    );
  });
});

describe("isRoutePath", () => {
  it("property: the same answer as matchRoute, with or without segments to decode", () => {
    const segment = fc.constantFrom(
      ...["repos", "o", "r", "actions", "artifacts", "runs", "42", "zip", "", ".", "..", "...", ".x", " ", "\n"],
      ...["%2E", "%2e%2E", "%ZZ", "%", "%41", "a%2Fb", "Repos", "artifacts?x", "x#y"],
    );
    const path = fc
      .tuple(fc.boolean(), fc.array(segment, { maxLength: 8 }))
      .map(([lead, parts]) => (lead ? "/" : "") + parts.join("/"));
    // note: GitHub's own shapes, each bent one way or another, so that matches are not rare.
    const near = fc
      .tuple(
        fc.constantFrom(
          "/repos/o/r/actions/artifacts",
          "/repos/o/r/actions/artifacts/1",
          "/repos/o/r/actions/artifacts/1/zip",
          "/repos/o/r/actions/runs/42/artifacts",
        ),
        fc.nat(40),
        segment,
      )
      .map(([template, at, bent]) => {
        const parts = template.split("/");
        parts[1 + (at % (parts.length - 1))] = bent;
        return parts.join("/");
      });
    fc.assert(
      fc.property(fc.oneof(path, near), (p) => {
        expect(isRoutePath(p), p).toBe(matchRoute(p, "GET").kind !== "not-found");
      }),
      { numRuns: 2000 },
    );
  });
});
