import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/index.js";
import { validateParams } from "../../src/validate.js";

const get = (owner: unknown) => () =>
  validateParams("actions/get-artifact", { owner, repo: "r", artifact_id: 1 } as Record<string, unknown>);

const handle = fc
  .array(fc.stringMatching(/^[A-Za-z0-9]{1,5}$/), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join("-"));
const shortcode = fc.stringMatching(/^[A-Za-z0-9]{3,8}$/);

describe("owners: Enterprise Managed Users", () => {
  it("item 19: a managed user's login HANDLE_SHORTCODE is accepted", () => {
    for (const owner of ["octocat_acme", "mona-lisa_octo", "acme_admin", "2abvd19d_admin", "a_b1c"]) {
      expect(get(owner)).not.toThrow();
    }
    fc.assert(
      fc.property(handle, shortcode, (h, code) => {
        fc.pre(h.length + 1 + code.length <= 39);
        get(`${h}_${code}`)();
      }),
    );
  });

  it("item 19: an underscore is only allowed before a 3-8 character shortcode, within 39 characters", () => {
    const bad = [
      "octocat_",
      "_acme",
      "octocat_ab",
      "octocat_abcdefghi",
      "octo_cat_acme",
      "octocat_ac-me",
      "octocat-_acme",
      `${"a".repeat(35)}_acme`,
    ];
    for (const owner of bad) {
      const error = (() => {
        try {
          get(owner)();
        } catch (e) {
          return e;
        }
      })();
      expect(error, owner).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).toBe("owner");
      expect((error as InvalidInputError).rule).toMatch(/shortcode/);
    }
  });

  it("item 19: the longest managed login (39 characters) passes", () => {
    expect(get(`${"a".repeat(30)}_abcdefgh`)).not.toThrow();
  });
});
