// Every option is checked when the handler is made: InvalidInputError naming the option and the rule.
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/index.js";
import { type ArtifactsProxyOptions, createArtifactsProxy } from "../../src/server/index.js";

function failure(options: unknown): InvalidInputError {
  try {
    createArtifactsProxy(options as ArtifactsProxyOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected InvalidInputError");
}

describe("options", () => {
  const cases: [string, unknown][] = [
    ["options", null],
    ["options", "token"],
    ["token", 42],
    ["token", "ghp_with space"],
    ["token", "ghp_\u00e9"],
    ["baseUrl", "api.github.com"],
    ["baseUrl", "/api/v3"],
    ["baseUrl", "ftp://github.example"],
    ["baseUrl", "https://user:pass@github.example"],
    ["baseUrl", "https://github.example/api/v3?x=1"],
    ["pathPrefix", "api/github"],
    ["pathPrefix", "/api/../github"],
    ["pathPrefix", "/api/./github"],
    ["pathPrefix", "/api//github"],
    ["pathPrefix", "/api github"],
    ["pathPrefix", "/api%2Fgithub"],
    ["pathPrefix", "/api?x"],
    ["pathPrefix", 42],
    ["authorize", true],
    ["fetch", "fetch"],
    ["onError", "console.error"],
    ["download", "follow"],
    ["allowedOrigins", "https://app.example"],
    ["allowedOrigins", ["https://app.example/"]],
    ["allowedOrigins", ["*"]],
    ["allowedOrigins", ["app.example"]],
    ["allowedOrigins", [42]],
    ["allowedHosts", "app.example"],
    ["allowedHosts", []],
    ["allowedHosts", ["*.app.example"]],
    ["allowedHosts", ["https://app.example"]],
    ["allowedHosts", ["app.example/x"]],
    ["allowedHosts", ["app.example:70000"]],
    ["storageHosts", "storage.example"],
    ["storageHosts", [42]],
    ["storageHosts", ["user@storage.example"]],
    ["timeoutMs", -1],
    ["timeoutMs", 1.5],
    ["timeoutMs", 2 ** 31],
    ["timeoutMs", "30000"],
    ["maxResponseBytes", 0],
    ["maxResponseBytes", Number.POSITIVE_INFINITY],
    ["apiVersion", "latest"],
    ["apiVersion", ""],
    ["userAgent", "app\r\nX-Injected: 1"],
    ["userAgent", ""],
  ];
  for (const [field, value] of cases) {
    it(`${field}: ${JSON.stringify(value)}`, () => {
      const options = field === "options" ? value : { [field]: value };
      const error = failure(options);
      expect(error.field).toBe(field);
      expect(error.message).toMatch(new RegExp(`^Invalid ${field}: `));
    });
  }

  it("a bad token is not quoted", () => {
    const error = failure({ token: "ghp_secret value" });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain("secret");
  });

  it("the defaults and every good value are accepted", () => {
    expect(typeof createArtifactsProxy()).toBe("function");
    const handler = createArtifactsProxy({
      token: async () => "ghp_x",
      baseUrl: "https://github.example/api/v3/",
      pathPrefix: "/",
      authorize: () => true,
      download: "stream",
      allowedOrigins: ["https://app.example", "http://localhost:5173"],
      allowedHosts: ["app.example", "localhost:5173", "[::1]:3000", "127.0.0.1"],
      storageHosts: ["storage.ghe.example", "10.0.0.5:9000"],
      fetch: async () => new Response(),
      timeoutMs: 0,
      maxResponseBytes: 1,
      apiVersion: "2022-11-28",
      userAgent: "my-app/1.0",
    });
    expect(typeof handler).toBe("function");
  });
});
