import { type ArtifactsClient, createArtifactsClient } from "@gh-artifacts/client";
import type { QueryClient } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useArtifacts } from "../src/index.js";
import { createFakeGitHub } from "./helpers/fakeGitHub.js";
import { createQueryClient, Providers, repoRef } from "./helpers/render.js";

/** A GitHub per user: the same repository holds different artifacts for each (what a private repo looks like). */
function userOf(token: string | undefined, ids: number[]) {
  const github = createFakeGitHub({ count: 0 });
  for (const id of ids) github.upload({ id, name: `${token ?? "public"}-${id}` });
  return { github, client: createArtifactsClient({ token, fetch: github.fetch, retry: false }) };
}

function Names({ shown }: { shown: string[][] }) {
  const { data } = useArtifacts(repoRef);
  const names = data?.artifacts.map((a) => a.name) ?? [];
  shown.push(names);
  return <p>{data ? `Names: ${names.join(",")}` : "Loading"}</p>;
}

/** Renders the names of the repository's artifacts; `shown` keeps every list rendered, to check what was ever seen. */
function renderScreen(queryClient: QueryClient, client: ArtifactsClient) {
  const shown: string[][] = [];
  const ui = (c: ArtifactsClient) => (
    <Providers client={c} queryClient={queryClient}>
      <Names shown={shown} />
    </Providers>
  );
  const view = render(ui(client));
  return { shown, switchTo: (next: ArtifactsClient) => view.rerender(ui(next)) };
}

describe("query keys scoped by identity", () => {
  it("item 8: after sign-out, an anonymous client on the same QueryClient never shows the user's artifacts", async () => {
    const queryClient = createQueryClient();
    const alice = userOf("ghp_alice00000000000000000000000000000000", [1, 2]);
    const anonymous = userOf(undefined, [3]);
    const screenOf = renderScreen(queryClient, alice.client);
    // note: newest first, as GitHub lists them.
    await screen.findByText(
      "Names: ghp_alice00000000000000000000000000000000-2,ghp_alice00000000000000000000000000000000-1",
    );
    const before = screenOf.shown.length;

    screenOf.switchTo(anonymous.client);
    expect(screen.getByText("Loading")).toBeTruthy();
    await screen.findByText("Names: public-3");
    const after = screenOf.shown.slice(before).flat();
    expect(after.some((name) => name.startsWith("ghp_alice"))).toBe(false);
    expect(anonymous.github.requests).toHaveLength(1);
    // Alice's entry is still cached under her own key, for when she signs back in.
    expect(queryClient.getQueryCache().getAll()).toHaveLength(2);
  });

  it("item 8: signing in as another user on the same QueryClient never shows the first user's artifacts", async () => {
    const queryClient = createQueryClient();
    const alice = userOf("ghp_alice00000000000000000000000000000000", [1]);
    const bob = userOf("ghp_bob0000000000000000000000000000000000", [2, 3]);
    const screenOf = renderScreen(queryClient, alice.client);
    await screen.findByText(/^Names: ghp_alice/);
    const before = screenOf.shown.length;

    screenOf.switchTo(bob.client);
    expect(screen.getByText("Loading")).toBeTruthy();
    await screen.findByText(/^Names: ghp_bob/);
    expect(
      screenOf.shown
        .slice(before)
        .flat()
        .some((name) => name.startsWith("ghp_alice")),
    ).toBe(false);
    expect(bob.github.requests).toHaveLength(1);

    // Alice signs back in with a new client instance: her cached list shows at once, under the same keys.
    const aliceAgain = createArtifactsClient({
      token: "ghp_alice00000000000000000000000000000000",
      fetch: alice.github.fetch,
    });
    screenOf.switchTo(aliceAgain);
    expect(screen.getByText(/^Names: ghp_alice/)).toBeTruthy();
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
  });
});
