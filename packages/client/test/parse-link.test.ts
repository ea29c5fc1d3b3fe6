import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextPageFromLink } from "../src/paginate.js";
import { parseLink } from "../src/parse-link.js";
import { rewriteLink } from "../src/server/rewrite-link.js";

const OWN = new URL("https://app.test/api/github/repos/o/r/actions/artifacts?per_page=2");
const UPSTREAM = "https://api.github.com/repos/o/r/actions/artifacts";
const rewrite = (link: string) => rewriteLink(link, OWN, ["per_page", "page"], UPSTREAM);
const own = (query: string) => `<https://app.test/api/github/repos/o/r/actions/artifacts?${query}>`;

describe("parseLink", () => {
  it("reads GitHub's header: every entry in order, with its relation types", () => {
    const link =
      '<https://api.github.com/repositories/1/actions/artifacts?page=1>; rel="prev", ' +
      '<https://api.github.com/repositories/1/actions/artifacts?page=3>; rel="next", ' +
      '<https://api.github.com/repositories/1/actions/artifacts?page=9>; rel="last", ' +
      '<https://api.github.com/repositories/1/actions/artifacts?page=1>; rel="first"';
    expect(parseLink(link)).toEqual([
      ["https://api.github.com/repositories/1/actions/artifacts?page=1", ["prev"]],
      ["https://api.github.com/repositories/1/actions/artifacts?page=3", ["next"]],
      ["https://api.github.com/repositories/1/actions/artifacts?page=9", ["last"]],
      ["https://api.github.com/repositories/1/actions/artifacts?page=1", ["first"]],
    ]);
  });

  it("rel quoted or not, around any whitespace, names and types in any case, several types at once", () => {
    expect(parseLink("<a>; rel=next")).toEqual([["a", ["next"]]]);
    expect(parseLink('<a>;REL = "Next"')).toEqual([["a", ["next"]]]);
    expect(parseLink('<a> ;\trel=\t"next  LAST"')).toEqual([["a", ["next", "last"]]]);
    expect(parseLink('<a>; title=x; rel="prev next"; type=y')).toEqual([["a", ["prev", "next"]]]);
  });

  it("an unquoted rel is one token: it ends at whitespace or ';'", () => {
    expect(parseLink("<a>; rel=next last")).toEqual([["a", ["next"]]]);
    expect(parseLink("<a>; rel=next;title=x")).toEqual([["a", ["next"]]]);
  });

  it("the first rel counts; a parameter that only ends in 'rel' is not rel", () => {
    expect(parseLink('<a>; rel="prev"; rel="next"')).toEqual([["a", ["prev"]]]);
    expect(parseLink("<a>; norel=next; rel-x=next")).toEqual([["a", []]]);
  });

  it("commas inside <> belong to the URL; a comma outside ends the entry's parameters", () => {
    expect(parseLink('<https://x/?a=1,2&page=2>; rel="next"')).toEqual([["https://x/?a=1,2&page=2", ["next"]]]);
    expect(parseLink('<a>; title="x, y"; rel="next"')).toEqual([["a", []]]);
  });

  it("text outside <…> is skipped; an entry without rel has no types; garbage is no entry", () => {
    expect(parseLink('junk <a>, ; rel="next", <b>; rel=""')).toEqual([
      ["a", []],
      ["b", []],
    ]);
    expect(parseLink("garbage")).toEqual([]);
    expect(parseLink("")).toEqual([]);
    expect(parseLink("<<<a>; rel=next")).toEqual([["a", ["next"]]]);
    expect(parseLink("<".repeat(10_000))).toEqual([]);
  });

  it("a URL that would not parse is still an entry (its callers skip it)", () => {
    expect(parseLink('<http://[bad>; rel="next"')).toEqual([["http://[bad", ["next"]]]);
  });

  it("property: whatever GitHub's grammar allows comes back as written, types lower-cased", () => {
    const type = fc.stringMatching(/^[A-Za-z][A-Za-z0-9.-]{0,8}$/);
    const ows = fc.constantFrom("", " ", "  ", "\t");
    const param = fc.tuple(fc.stringMatching(/^[a-qs-z][a-z-]{0,5}$/), fc.stringMatching(/^[A-Za-z0-9/.:-]{0,8}$/));
    const entry = fc.record({
      url: fc.stringMatching(/^[^<>]{0,30}$/),
      types: fc.array(type, { minLength: 1, maxLength: 3 }),
      quoted: fc.boolean(),
      before: fc.array(param, { maxLength: 2 }),
      after: fc.array(param, { maxLength: 2 }),
      space: ows,
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 5 }), ows, (entries, sep) => {
        const header = entries
          .map(({ url, types, quoted, before, after, space }) => {
            const rel = quoted ? `"${types.join(" ")}"` : (types[0] as string);
            const params = [
              ...before.map(([n, v]) => `${n}=${v}`),
              `rel${space}=${space}${rel}`,
              ...after.map(([n, v]) => `${n}="${v}"`),
            ];
            return `<${url}>${params.map((p) => `${space};${space}${p}`).join("")}`;
          })
          .join(`${sep},${sep}`);
        const expected = entries.map(({ url, types, quoted }) => [
          url,
          (quoted ? types : types.slice(0, 1)).map((t) => t.toLowerCase()),
        ]);
        expect(parseLink(header)).toEqual(expected);
      }),
    );
  });
});

// The two readers of Link used to split it each its own way; these are the cases where they disagreed, each now
// read one way by both.
describe("nextPageFromLink and the proxy's rewriteLink read a Link the same way", () => {
  it("relation types are case-insensitive: NEXT is next, and the proxy passes it on lower-cased", () => {
    const link = '<https://x/?page=2>; rel="NEXT"';
    expect(nextPageFromLink(link)).toBe(2);
    expect(rewrite(link)).toBe(`${own("page=2")}; rel="next"`);
  });

  it("an unquoted rel is one token: `rel=next last` is next only", () => {
    const link = "<https://x/?page=2>; rel=next last";
    expect(nextPageFromLink(link)).toBe(2);
    expect(rewrite(link)).toBe(`${own("page=2")}; rel="next"`);
  });

  it("a type that starts with next is not next: the proxy passes it as it is instead of cutting it to next", () => {
    const link = '<https://x/?page=2>; rel="next-page"';
    expect(nextPageFromLink(link)).toBeUndefined();
    expect(rewrite(link)).toBe(`${own("page=2")}; rel="next-page"`);
  });

  it("parameters end at a comma, not at the next '<': two URLs without a comma between are one entry", () => {
    const link = '<https://x/?page=1>; rel="prev" <https://x/?page=2>; rel="next"';
    expect(nextPageFromLink(link)).toBeUndefined();
    expect(rewrite(link)).toBe(`${own("page=1")}; rel="prev"`);
  });

  it("a comma inside a quoted value ends the parameters too (GitHub quotes none)", () => {
    const link = '<https://x/?page=2>; title="a, b"; rel="next"';
    expect(nextPageFromLink(link)).toBeUndefined();
    expect(rewrite(link)).toBeUndefined();
  });

  it("a next whose URL does not parse is skipped by both: the next one that parses counts", () => {
    const link = '<http://[bad>; rel="next", <https://x/?page=3>; rel="next"';
    expect(nextPageFromLink(link)).toBe(3);
    expect(rewrite(link)).toBe(`${own("page=3")}; rel="next"`);
  });

  it("the proxy passes only registered relation types: an extension URI goes, next stays", () => {
    const link = '<https://x/?page=2>; rel="https://example.com/rel/x NEXT"';
    expect(nextPageFromLink(link)).toBe(2);
    expect(rewrite(link)).toBe(`${own("page=2")}; rel="next"`);
  });

  it("property: behind the proxy a browser reads the same next page as a direct client, for any header", () => {
    const url = fc.constantFrom(
      "https://x/?page=2",
      "https://x/?page=07",
      "https://x/?page=-1",
      "https://x/?a=1,2&page=4",
      "https://x/",
      "?page=3",
      "http://[bad",
    );
    const type = fc.constantFrom("next", "NEXT", "Next", "prev", "last", "next-page", "https://e.test/next");
    const param = fc.oneof(
      type.map((t) => `rel=${t}`),
      fc.array(type, { minLength: 1, maxLength: 3 }).map((t) => `rel="${t.join(" ")}"`),
      fc.constantFrom('title="a, b"', 'title="x; rel=next"', "REL = next last", "norel=next", "rel", 'rel="next'),
    );
    const entry = fc
      .tuple(url, fc.array(param, { maxLength: 3 }), fc.constantFrom("", " "))
      .map(([target, params, ows]) => `<${target}>${params.map((p) => `${ows};${ows}${p}`).join("")}`);
    const noise = fc.constantFrom("<", ">", ",", ";", '"', " ", "rel=next", "junk");
    const header = fc
      .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: entry }, noise), fc.constantFrom(", ", ",", " ", "")))
      .map((parts) => parts.map(([part, sep]) => part + sep).join(""));
    fc.assert(
      fc.property(header, (link) => {
        const direct = nextPageFromLink(link);
        expect(direct === undefined || (Number.isSafeInteger(direct) && direct > 0)).toBe(true);
        const rewritten = rewrite(link);
        expect(nextPageFromLink(rewritten)).toBe(direct);
        // note: whatever the upstream header held, every URL the browser gets is the handler's own.
        for (const [target] of parseLink(rewritten ?? ""))
          expect(target.startsWith(OWN.origin + OWN.pathname)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
