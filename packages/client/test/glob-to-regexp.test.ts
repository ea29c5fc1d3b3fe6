import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globToRegExp } from "../src/glob-to-regexp.js";

const matches = (glob: string, name: string) => globToRegExp(glob).test(name);

describe("globToRegExp", () => {
  it("matches whole names: * any run, ? one character", () => {
    expect(matches("dist-*", "dist-linux")).toBe(true);
    expect(matches("dist-*", "dist-")).toBe(true);
    expect(matches("dist-*", "my-dist-linux")).toBe(false);
    expect(matches("*-linux", "dist-linux")).toBe(true);
    expect(matches("*-linux", "dist-linux-x64")).toBe(false);
    expect(matches("v?.zip", "v1.zip")).toBe(true);
    expect(matches("v?.zip", "v10.zip")).toBe(false);
    expect(matches("*", "a/b\nc")).toBe(true);
  });

  it("takes sets, negated sets and ranges", () => {
    expect(matches("node-[0-9][0-9]", "node-20")).toBe(true);
    expect(matches("node-[0-9][0-9]", "node-2x")).toBe(false);
    expect(matches("[!a]*", "build")).toBe(true);
    expect(matches("[!a]*", "artifact")).toBe(false);
    expect(matches("[]x]", "]")).toBe(true);
    expect(matches("[a", "[a")).toBe(true);
  });

  it("takes choices, nested too, and keeps an unclosed brace plain", () => {
    expect(matches("{linux,macos}-*", "macos-arm64")).toBe(true);
    expect(matches("{linux,macos}-*", "windows-x64")).toBe(false);
    expect(matches("a{b,{c,d}}e", "ade")).toBe(true);
    expect(matches("a{b", "a{b")).toBe(true);
    expect(matches("a{b,c", "a{b,c")).toBe(true);
  });

  it("reads every other character literally, a backslash making the next one plain", () => {
    expect(matches("a.b+(c)|^$", "a.b+(c)|^$")).toBe(true);
    expect(matches("a.b", "axb")).toBe(false);
    expect(matches("\\*", "*")).toBe(true);
    expect(matches("\\*", "x")).toBe(false);
  });

  it("matches any name by itself when it has no special character (property)", () => {
    const plain = fc.string().filter((s) => !/[*?[{\\]/.test(s));
    fc.assert(fc.property(plain, (s) => matches(s, s) && !matches(s, `${s}x`)));
  });
});
