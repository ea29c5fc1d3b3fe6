import { type ArtifactsClient, createArtifactsClient } from "@gh-artifacts/client";
import {
  type ArtifactsWorld,
  createArtifactsFetch,
  createArtifactsWorld,
  type FakeGitHubOptions,
} from "@gh-artifacts/testing";
import { QueryClient, VueQueryPlugin } from "@tanstack/vue-query";
import { mount, type VueWrapper } from "@vue/test-utils";
import { defineComponent, h, type Plugin } from "vue";
import { ArtifactsPlugin } from "../src/index.js";

export const owner = "octo";
export const repo = "hello";
export const REPO = `${owner}/${repo}`;

/** A fresh QueryClient per test: no retries, nothing garbage-collected mid-test. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY }, mutations: { retry: false } },
  });
}

export interface Context {
  world: ArtifactsWorld;
  client: ArtifactsClient;
  queryClient: QueryClient;
}

/**
 * A fresh world of the one fake GitHub with the repository `octo/hello`, a real client on it (`intercept` sees each
 * request first), a fresh QueryClient.
 */
export function setup(intercept?: FakeGitHubOptions["intercept"]): Context {
  const world = createArtifactsWorld();
  world.addRepository({ owner, name: repo });
  const fetch = createArtifactsFetch(world, { intercept });
  const client = createArtifactsClient({ token: "test-token", fetch, retry: false });
  return { world, client, queryClient: createQueryClient() };
}

/** The plugins an app installs: Vue Query's with this test's QueryClient, and this package's with its client. */
export const plugins = (ctx: Context) => ({
  plugins: [
    [VueQueryPlugin, { queryClient: ctx.queryClient }],
    [ArtifactsPlugin, { client: ctx.client }],
  ] as [Plugin, ...unknown[]][],
});

/** Mounts a component whose `setup` runs `composable` and renders `render(result)`; returns both. */
export function mountComposable<R>(
  ctx: Context,
  composable: () => R,
  render: (result: R) => ReturnType<typeof h> = () => h("div"),
): { result: R; wrapper: VueWrapper } {
  let result!: R;
  const Screen = defineComponent({
    setup() {
      result = composable();
      return () => render(result);
    },
  });
  const wrapper = mount(Screen, { global: plugins(ctx) });
  return { result, wrapper };
}
