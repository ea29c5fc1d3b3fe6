import { screen } from "@testing-library/react";
import { Suspense } from "react";
import { describe, expect, it } from "vitest";
import {
  useSuspenseArtifact,
  useSuspenseArtifacts,
  useSuspenseInfiniteArtifacts,
  useSuspenseWorkflowRunArtifacts,
} from "../src/index.js";
import { renderWithClient, repoRef, setup } from "./helpers/render.js";

function Detail() {
  const { data } = useSuspenseArtifact({ ...repoRef, artifact_id: 2 });
  return <h1>{data.name}</h1>;
}

function Lists() {
  const repo = useSuspenseArtifacts(repoRef);
  const run = useSuspenseWorkflowRunArtifacts({ ...repoRef, run_id: 100 });
  const pages = useSuspenseInfiniteArtifacts({ ...repoRef, per_page: 1 });
  return (
    <p>
      {repo.data.total_count}/{run.data.total_count}/{pages.data.pages.length}/{String(pages.hasNextPage)}
    </p>
  );
}

describe("useSuspense*", () => {
  it("should suspend until the artifact is loaded, then render it", async () => {
    const ctx = setup({ count: 2 });
    renderWithClient(
      <Suspense fallback={<p>Suspended</p>}>
        <Detail />
      </Suspense>,
      ctx,
    );
    expect(screen.getByText("Suspended")).toBeTruthy();
    expect((await screen.findByRole("heading")).textContent).toBe("artifact-2");
  });

  it("should suspend the lists and the first infinite page", async () => {
    const ctx = setup({ count: 3 });
    renderWithClient(
      <Suspense fallback={<p>Suspended</p>}>
        <Lists />
      </Suspense>,
      ctx,
    );
    expect(screen.getByText("Suspended")).toBeTruthy();
    expect(await screen.findByText("3/3/1/true")).toBeTruthy();
  });
});
