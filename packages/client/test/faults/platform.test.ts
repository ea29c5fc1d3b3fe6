import { describe, expect, it, vi } from "vitest";
import { isBrowser } from "../../src/platform.js";
import { VERSION } from "../../src/version.js";
import { artifact, json, observedClient, simulateBrowser } from "../helpers.js";

/** What jsdom and happy-dom install in Node: a document, a window, a "Mozilla/" navigator. */
function stubDomInNode() {
  vi.stubGlobal("document", { baseURI: "http://localhost:3000/", createElement: () => ({}) });
  vi.stubGlobal("window", globalThis);
  vi.stubGlobal("navigator", { userAgent: "Mozilla/5.0 (linux) AppleWebKit/537.36 (KHTML, like Gecko) jsdom/26.1.0" });
}

describe("isBrowser", () => {
  it("item 20: a jsdom/happy-dom document in Node is not a browser", () => {
    stubDomInNode();
    expect(isBrowser()).toBe(false);
  });

  it("item 20: under a jsdom-like set-up the client still sends its User-Agent", async () => {
    stubDomInNode();
    const { gh, requests } = observedClient(() => json(artifact(1)));
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 });
    expect(requests[0]!.headers.get("user-agent")).toBe(`gh-artifacts-client/${VERSION}`);
  });

  it("item 20: a real page (no process.versions.node) is a browser, and no User-Agent is set", async () => {
    simulateBrowser();
    expect(isBrowser()).toBe(true);
    const { gh, requests } = observedClient(() => json(artifact(1)));
    await gh.getArtifact({ owner: "o", repo: "r", artifact_id: 1 });
    expect(requests[0]!.headers.has("user-agent")).toBe(false);
  });

  it("item 20: a worker (a Mozilla navigator, no document, no Node) is a browser", () => {
    simulateBrowser();
    vi.stubGlobal("document", undefined);
    expect(isBrowser()).toBe(true);
  });

  it("item 20: plain Node is not a browser", () => {
    expect(isBrowser()).toBe(false);
  });
});
