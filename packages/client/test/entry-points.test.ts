import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL("../src/", import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("main entry portability", () => {
  it("imports no Node built-in and no Node-only dependency outside src/node/", () => {
    const offenders = files(src)
      .filter((f) => !relative(src, f).startsWith("node/"))
      .filter((f) => /from\s+["'](node:|yauzl|fs|path|stream|crypto)/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("the main entry never imports the node entry", () => {
    const offenders = files(src)
      .filter((f) => !relative(src, f).startsWith("node/"))
      .filter((f) => /from\s+["']\.\/node\//.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});
