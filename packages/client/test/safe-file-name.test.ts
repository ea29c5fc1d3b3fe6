import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { artifactFileName, InvalidInputError, safeFileName } from "../src/index.js";

const bytes = (text: string) => new TextEncoder().encode(text).byteLength;

/** Every rule a returned name keeps, whatever the input. */
function expectSafe(name: string) {
  expect(name).not.toBe("");
  expect(name).not.toMatch(/^\./u);
  expect(name).not.toMatch(/[/\\<>:"|?*]/u);
  expect(name).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
  expect(name).not.toMatch(/[. ]$/u);
  expect(name).not.toMatch(/^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(?:[ .].*)?$/iu);
  expect(bytes(name)).toBeLessThanOrEqual(200);
  // note: no lone surrogate half.
  expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u);
}

describe("safeFileName: the hostile names", () => {
  // Each name an artifact (or a storage host's Content-Disposition) could carry, and what it must become.
  const table: Array<[string, string]> = [
    [".git", "_git"],
    [".ssh", "_ssh"],
    [".npmrc", "_npmrc"],
    ["..", "fallback.zip"],
    [".", "fallback.zip"],
    ["...", "fallback.zip"],
    ["", "fallback.zip"],
    ["   ", "fallback.zip"],
    ["../../etc/passwd", "__.._etc_passwd"],
    ["..\\..\\Windows\\win.ini", "__.._Windows_win.ini"],
    ["/etc/passwd", "_etc_passwd"],
    ["C:\\evil", "C__evil"],
    ["dist/app", "dist_app"],
    ["a\u0000b", "a_b"],
    ["report\nSet-Cookie: x=1", "report_Set-Cookie_ x=1"],
    ["line\u2028break", "line_break"],
    ["invoice\u202Efdp.exe", "invoice_fdp.exe"],
    ["zero\u200Bwidth", "zero_width"],
    ["CON", "_CON"],
    ["nul.txt", "_nul.txt"],
    ["com1.zip", "_com1.zip"],
    ["LPT9", "_LPT9"],
    ["COM¹", "_COM¹"],
    ["CONIN$", "_CONIN$"],
    ["console", "console"],
    ["trailing.", "trailing"],
    ["trailing ", "trailing"],
    ["name. . .", "name"],
    ['a<b>c:d"e|f?g*h', "a_b_c_d_e_f_g_h"],
    ["app-1.2.0.whl", "app-1.2.0.whl"],
    ["report.html", "report.html"],
    ["build output", "build output"],
    ["données-é", "données-é"],
    ["\uD800lone", "_lone"],
  ];
  it.each(table)("%j becomes %j", (name, expected) => {
    const safe = safeFileName(name, "fallback.zip");
    expect(safe).toBe(expected);
    expectSafe(safe);
  });

  it("cuts a long name to 200 UTF-8 bytes on a character boundary, keeping its extension", () => {
    const long = `${"é".repeat(150)}.tar.gz`;
    const safe = safeFileName(long, "x");
    expect(bytes(safe)).toBeLessThanOrEqual(200);
    expect(safe.endsWith(".gz")).toBe(true);
    expect(safe.startsWith("é")).toBe(true);
    expectSafe(safe);
    const emoji = safeFileName(`${"😀".repeat(80)}.whl`, "x");
    expect(emoji).toBe(`${"😀".repeat(49)}.whl`);
  });

  it("NFC-normalises, so a decomposed name and its composed twin are one file", () => {
    expect(safeFileName("e\u0301t\u00e9", "x")).toBe("\u00e9t\u00e9");
  });

  it("gives the fallback for what is not a string", () => {
    expect(safeFileName(undefined, "artifact-1")).toBe("artifact-1");
    expect(safeFileName(42, "artifact-1")).toBe("artifact-1");
    expect(safeFileName(null, "artifact-1")).toBe("artifact-1");
  });

  it("refuses a fallback that is not itself safe, naming it", () => {
    for (const fallback of ["", ".git", "a/b", "..", "CON"]) {
      expect(() => safeFileName("x", fallback)).toThrow(InvalidInputError);
      expect(() => safeFileName("x", fallback)).toThrow(/fallback/);
    }
  });
});

describe("safeFileName: properties over arbitrary strings", () => {
  const anyName = fc.oneof(
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.string({ unit: "grapheme", maxLength: 120 }),
    fc
      .array(fc.constantFrom(".", "/", "\\", " ", "\u0000", "\u202E", "CON", "a", "é", "😀", ".zip", "\uDC00"), {
        maxLength: 80,
      })
      .map((parts) => parts.join("")),
  );

  it("always returns a safe name, or the fallback", () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const safe = safeFileName(name, "artifact-7.zip");
        expectSafe(safe);
      }),
      { numRuns: 2000 },
    );
  });

  it("is idempotent: a safe name is returned as it is", () => {
    fc.assert(
      fc.property(anyName, (name) => {
        const safe = safeFileName(name, "artifact-7.zip");
        expect(safeFileName(safe, "other")).toBe(safe);
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves an ordinary name alone", () => {
    const plain = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._ -]{0,60}[A-Za-z0-9]$/u);
    fc.assert(
      fc.property(
        plain.filter((name) => !/^(?:con|prn|aux|nul|com\d|lpt\d)(?:[ .]|$)/iu.test(name)),
        (name) => {
          expect(safeFileName(name, "x")).toBe(name);
        },
      ),
    );
  });
});

describe("artifactFileName", () => {
  it("adds .zip to a zip whose name lacks it, and only then", () => {
    expect(artifactFileName({ id: 1, name: "build" }, "zip")).toBe("build.zip");
    expect(artifactFileName({ id: 1, name: "build.ZIP" }, "zip")).toBe("build.ZIP");
    expect(artifactFileName({ id: 1, name: "app-1.2.0.whl" }, "file")).toBe("app-1.2.0.whl");
    expect(artifactFileName({ id: 1, name: "report.html" }, "file", "text/html")).toBe("report.html");
  });

  it("falls back to artifact-ID with the kind's or type's extension", () => {
    expect(artifactFileName({ id: 9, name: ".." }, "zip")).toBe("artifact-9.zip");
    expect(artifactFileName({ id: 9, name: ".." }, "file", "application/pdf")).toBe("artifact-9.pdf");
    expect(artifactFileName({ id: 9, name: "" }, "file", "text/html; charset=utf-8")).toBe("artifact-9.html");
    expect(artifactFileName({ id: 9, name: undefined }, "file", "application/octet-stream")).toBe("artifact-9");
  });

  it("keeps a hidden name visible and the .zip within 200 bytes", () => {
    expect(artifactFileName({ id: 3, name: ".git" }, "zip")).toBe("_git.zip");
    const long = artifactFileName({ id: 3, name: "x".repeat(250) }, "zip");
    expect(long.endsWith(".zip")).toBe(true);
    expect(bytes(long)).toBe(200);
  });

  it("always returns a safe name", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 260 }),
        fc.constantFrom<"zip" | "file">("zip", "file"),
        fc.option(fc.string(), { nil: undefined }),
        (name, kind, type) => expectSafe(artifactFileName({ id: 5, name }, kind, type)),
      ),
      { numRuns: 1000 },
    );
  });
});
