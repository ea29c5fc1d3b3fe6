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

/** The modules `file` reaches through value imports (an `import type` brings no code into a bundle). */
function valueImports(file: string, seen = new Set<string>()): Set<string> {
  const text = readFileSync(file, "utf8");
  for (const [, specifier] of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+["'](\.[^"']+)["']/gms)) {
    const target = join(file, "..", (specifier as string).replace(/\.js$/, ".ts"));
    if (!seen.has(target)) {
      seen.add(target);
      valueImports(target, seen);
    }
  }
  return seen;
}

describe("opt-in features stay out of a bundle that does not import them", () => {
  it("createArtifactsClient reaches neither the ETag cache, the download code nor openapi-fetch", () => {
    const core = join(src, "create-client.ts");
    const reached = [core, ...valueImports(core)];
    expect(reached.map((f) => relative(src, f))).toContain("middleware/retry.ts");
    expect(reached.map((f) => relative(src, f))).not.toContain("middleware/etag-cache.ts");
    expect(reached.map((f) => relative(src, f))).not.toContain("download.ts");
    expect(reached.map((f) => relative(src, f))).not.toContain("raw-client.ts");
    const fetchClient = /^import\s+(?!type\b)[^;]*?from\s+["']openapi-fetch["']/m;
    expect(reached.filter((f) => fetchClient.test(readFileSync(f, "utf8"))).map((f) => relative(src, f))).toEqual([]);
    expect(fetchClient.test(readFileSync(join(src, "raw-client.ts"), "utf8"))).toBe(true);
  });
});
