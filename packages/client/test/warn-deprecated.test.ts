import { afterEach, describe, expect, it, vi } from "vitest";

// note: no operation is deprecated upstream today, so the generated table is replaced by one that deprecates
// get-artifact, as a sync of such a description would write it.
vi.mock("../src/generated/deprecations.js", () => ({
  deprecatedOperations: {
    "actions/get-artifact": "This operation is closing down and will be removed on August 28, 2026.",
  },
}));

const { artifact, json, observedClient } = await import("./helpers.js");

afterEach(() => {
  vi.resetModules();
});

describe("a call of an operation GitHub deprecated", () => {
  it("warns once per process with GitHub's words, as a DeprecationWarning, and still makes the call", async () => {
    const emitWarning = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const { gh, requests } = observedClient(() => json(artifact(5)));
    await gh.getArtifact({ owner: "octo-org", repo: "octo-docs", artifact_id: 5 });
    await gh.getArtifact({ owner: "octo-org", repo: "octo-docs", artifact_id: 5 });
    expect(requests).toHaveLength(2);
    expect(emitWarning.mock.calls).toEqual([
      [
        "GitHub deprecated actions/get-artifact: This operation is closing down and will be removed on August 28, 2026.",
        { type: "DeprecationWarning", code: "GH_ARTIFACTS_DEPRECATED_OPERATION" },
      ],
    ]);
  });

  it("says nothing for an operation GitHub has not deprecated", async () => {
    const emitWarning = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const { gh } = observedClient(() => new Response(null, { status: 204 }));
    await gh.deleteArtifact({ owner: "octo-org", repo: "octo-docs", artifact_id: 5 });
    expect(emitWarning).not.toHaveBeenCalled();
  });
});

describe("warnIfDeprecated without process.emitWarning (a browser)", () => {
  it("uses console.warn, once", async () => {
    vi.stubGlobal("process", { ...process, emitWarning: undefined });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { warnIfDeprecated } = await import("../src/warn-deprecated.js");
    warnIfDeprecated("actions/get-artifact");
    warnIfDeprecated("actions/get-artifact");
    expect(warn.mock.calls).toEqual([
      [expect.stringMatching(/^GitHub deprecated actions\/get-artifact: This operation/)],
    ]);
  });
});
