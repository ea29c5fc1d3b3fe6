// The suite checks itself: a broken spec or a broken client must make it fail. Each test breaks one
// thing on purpose and shows that the check the suite relies on catches it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ArtifactExpiredError, GitHubApiError, getArtifactDownloadUrl, NotFoundError } from "@gh-artifacts/client";
import { type PrismServer, startPrism } from "@gh-artifacts/scripts/prism";
import { declaredResponses, loadSpec, stringifySpec } from "@gh-artifacts/scripts/spec";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cases } from "./cases.js";
import { contractClient, OWNER, REPO } from "./helpers.js";

const staticMode = inject("prismModes").find((m) => m.kind === "static")!;
const DOWNLOAD = "/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}";
const one = { owner: OWNER, repo: REPO, artifact_id: 11 };

describe("a deliberately broken spec", () => {
  let dir: string;
  let broken: PrismServer;
  beforeAll(async () => {
    // Two faults: the download's 410 is removed, and the artifact example gets a string id.
    const doc = loadSpec();
    delete doc.paths[DOWNLOAD].get.responses["410"];
    doc.components.examples.artifact.value.id = "eleven";
    dir = await mkdtemp(path.join(tmpdir(), "contract-broken-spec-"));
    const file = path.join(dir, "broken.yaml");
    await writeFile(file, stringifySpec(doc));
    broken = await startPrism({ spec: file });
  });
  afterAll(async () => {
    await broken?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("a removed response leaves the coverage list out of step with the suite", () => {
    const doc = loadSpec();
    delete doc.paths[DOWNLOAD].get.responses["410"];
    expect(declaredResponses(doc)).not.toContain("actions/download-artifact 410");
    expect(declaredResponses()).toContain("actions/download-artifact 410");
  });

  it("a removed response no longer yields the typed error its case asserts", async () => {
    const { gh } = contractClient(broken.url, { prefer: "code=410" });
    const error = await getArtifactDownloadUrl(gh, one).catch((e) => e);
    expect(error).not.toBeInstanceOf(ArtifactExpiredError);
  });

  it("a wrong example is refused by Prism's --errors mode and flagged in sl-violations", async () => {
    const { gh, violations } = contractClient(broken.url);
    const error = await gh.getArtifact(one).catch((e) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(500);
    expect(violations.join("\n")).toMatch(/id/);
  });
});

describe("a deliberately broken client", () => {
  const brokenPath = (request: Request) =>
    new Request(request.url.replace("/actions/artifacts/", "/actions/artefacts/"), request);
  const withoutAuthorization = (request: Request) => {
    const headers = new Headers(request.headers);
    headers.delete("authorization");
    return new Request(request, { headers });
  };
  const pageTooLarge = (request: Request) => {
    const url = new URL(request.url);
    url.searchParams.set("per_page", "500");
    return new Request(url, request);
  };

  it("a wrong path fails the operation's own contract case", async () => {
    const { gh } = contractClient(staticMode.url, { tamper: brokenPath });
    await expect(cases["actions/get-artifact 200"]!(gh, "static")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a missing Authorization header fails the delete case and is flagged in sl-violations", async () => {
    const { gh, violations } = contractClient(staticMode.url, { tamper: withoutAuthorization });
    await expect(cases["actions/delete-artifact 204"]!(gh, "static")).rejects.toBeInstanceOf(GitHubApiError);
    expect(violations.join("\n")).toMatch(/security/i);
  });

  it("a query the spec forbids fails the list case", async () => {
    const { gh } = contractClient(staticMode.url, { tamper: pageTooLarge });
    const error = await cases["actions/list-artifacts-for-repo 200"]!(gh, "static").catch((e) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(422);
  });
});
