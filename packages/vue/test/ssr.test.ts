import { createArtifactsClient } from "@gh-artifacts/client";
import { createArtifactsFetch, createArtifactsWorld } from "@gh-artifacts/testing";
import { dehydrate, hydrate, QueryClient, VueQueryPlugin } from "@tanstack/vue-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSSRApp, defineComponent, h, onServerPrefetch } from "vue";
import { renderToString } from "vue/server-renderer";
import { ArtifactsPlugin, useArtifacts } from "../src/index.js";
import { owner, REPO, repo } from "./helpers.js";

// note: the page's origin; both sides talk to the artifacts proxy there (played by the fake), neither holds a token.
const PROXY = "http://app.test/api/github";

const Artifacts = defineComponent({
  setup() {
    const list = useArtifacts({ owner, repo });
    onServerPrefetch(() => list.suspense());
    return () =>
      h(
        "ul",
        list.data.value?.artifacts.map((a) => h("li", { key: a.id }, a.name)),
      );
  },
});

/** One side of the page: an app with a fresh QueryClient (as a Nuxt plugin makes one per request) and a client. */
function side(world: ReturnType<typeof createArtifactsWorld>) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, retry: false } } });
  const client = createArtifactsClient({ baseUrl: PROXY, fetch: createArtifactsFetch(world, { baseUrl: PROXY }) });
  const app = createSSRApp(Artifacts).use(VueQueryPlugin, { queryClient }).use(ArtifactsPlugin, { client });
  return { app, queryClient };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("server-side rendering", () => {
  it("renders on the server, dehydrates, and hydrates in the browser without a request", async () => {
    const world = createArtifactsWorld();
    world.addRepository({ owner, name: repo });
    for (const name of ["build", "logs"]) world.addArtifact({ repo: REPO, name });

    const server = side(world);
    const html = await renderToString(server.app);
    expect(html).toContain("<li>logs</li><li>build</li>");
    // note: what crosses to the browser is JSON, as Nuxt's payload carries it.
    const state = JSON.parse(JSON.stringify(dehydrate(server.queryClient)));
    expect(JSON.stringify(state)).not.toContain("test-token");
    const served = world.requests.length;

    const browser = side(world);
    hydrate(browser.queryClient, state);
    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    const warn = vi.spyOn(console, "warn");
    browser.app.mount(container);
    expect(container.querySelectorAll("li")).toHaveLength(2);
    expect(warn).not.toHaveBeenCalled();
    expect(world.requests).toHaveLength(served);
    browser.app.unmount();
  });
});
