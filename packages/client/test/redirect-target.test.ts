import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isRetryable, UnsafeRedirectError } from "../src/index.js";
import { redirectTarget } from "../src/redirect-target.js";

const API = "https://api.github.com";
const FROM = `${API}/repos/o/r/actions/artifacts/1/zip`;

/** What `redirectTarget` threw for `location` (fails when it returned). */
function refusal(location: string, baseUrl = API, from = FROM): UnsafeRedirectError {
  try {
    redirectTarget(302, location, from, baseUrl);
  } catch (error) {
    expect(error).toBeInstanceOf(UnsafeRedirectError);
    return error as UnsafeRedirectError;
  }
  throw new Error(`expected ${location} to be refused`);
}

describe("redirectTarget", () => {
  it("follows https: Locations, relative ones resolved against the URL that answered", () => {
    expect(redirectTarget(302, "https://storage.test/blob/1.zip?sig=abc", FROM, API).href).toBe(
      "https://storage.test/blob/1.zip?sig=abc",
    );
    expect(redirectTarget(302, "/blob/1.zip?sig=rel", FROM, API).href).toBe(`${API}/blob/1.zip?sig=rel`);
    expect(redirectTarget(307, "//storage.test/b", FROM, API).href).toBe("https://storage.test/b");
  });

  it("follows http: only when baseUrl is http:", () => {
    const local = "http://127.0.0.1:8080";
    expect(redirectTarget(302, "http://storage.test/b", `${local}/x`, local).protocol).toBe("http:");
    expect(refusal("http://storage.test/b").reason).toBe("the Location is not an https: URL");
  });

  it("refuses what is not a URL, other schemes and user info, quoting nothing of the Location", () => {
    const cases: [string, string, string?][] = [
      ["http://[SECRET/blob?sig=SECRET", "the Location is not a URL"],
      ["file:///etc/SECRET", "the Location is not an https: URL"],
      ["data:application/zip;base64,SECRET", "the Location is not an https: URL"],
      ["blob:https://storage.test/SECRET", "the Location is not an https: URL"],
      ["javascript:alert('SECRET')", "the Location is not an https: URL"],
      ["ftp://storage.test/SECRET", "the Location is not an https: URL"],
      ["https://user:SECRET@storage.test/blob", "the Location carries user info"],
      ["https://SECRET@storage.test/blob", "the Location carries user info"],
      ["data:text/plain,SECRET", "the Location is not an http(s): URL", "http://127.0.0.1:8080"],
    ];
    for (const [location, reason, baseUrl] of cases) {
      const error = refusal(location, baseUrl, baseUrl && `${baseUrl}/x`);
      expect(error).toMatchObject({ name: "UnsafeRedirectError", status: 302, reason, retryable: false });
      expect(error.message).toBe(`Refused redirect (HTTP 302): ${reason}`);
      expect(isRetryable(error)).toBe(false);
      expect(`${inspect(error, { showHidden: true })}${JSON.stringify(error)}${error.stack}`).not.toContain("SECRET");
    }
  });
});
