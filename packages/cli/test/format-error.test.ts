import { ForbiddenError } from "@gh-artifacts/client";
import { describe, expect, it } from "vitest";
import { formatError } from "../src/format-error.js";

/** A fetch failure as undici gives it: a TypeError whose cause is the system error. */
const networkError = (cause: object) => new TypeError("fetch failed", { cause });

const forbidden = (method: string) =>
  new ForbiddenError({
    status: 403,
    message: "Resource not accessible by integration",
    method,
    url: "https://api.github.com/repos/o/r/actions/artifacts",
  } as ConstructorParameters<typeof ForbiddenError>[0]);

describe("formatError", () => {
  it("names the host of a failed lookup, and the address of a refused connection, never a URL", () => {
    expect(formatError(networkError({ code: "ENOTFOUND", hostname: "ghes.example" }))).toBe(
      "network error reaching ghes.example: ENOTFOUND",
    );
    expect(formatError(networkError({ code: "ECONNREFUSED", address: "::1", port: 443 }))).toBe(
      "network error reaching [::1]:443: ECONNREFUSED",
    );
    // note: a cause that says nothing of its host: the API root's host, as the command knows it.
    expect(formatError(networkError({ code: "UND_ERR_SOCKET" }), "api.github.com")).toBe(
      "network error reaching api.github.com: UND_ERR_SOCKET",
    );
    expect(formatError(networkError({ code: "ECONNRESET", hostname: "x/y?token=abc" }))).toBe(
      "network error: ECONNRESET",
    );
  });

  it("a 403 hints at actions: read for a read, and actions: write for a delete", () => {
    expect(formatError(forbidden("GET"))).toMatch(/reading artifacts needs actions: read/);
    expect(formatError(forbidden("GET"))).not.toMatch(/actions: write/);
    expect(formatError(forbidden("DELETE"))).toMatch(/deleting needs actions: write\)$/);
  });
});
