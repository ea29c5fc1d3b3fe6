import type { ArtifactsClient } from "@gh-artifacts/client";
import { ArtifactsPlugin } from "@gh-artifacts/vue";
import { QueryClient, VueQueryPlugin } from "@tanstack/vue-query";
import { mount, type VueWrapper } from "@vue/test-utils";
import { defineComponent, h } from "vue";

/** A Vue Query client that never retries: a contract test sees the first answer's outcome. */
export const newVueQueryClient = () =>
  new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });

/**
 * Mounts a component whose `setup` runs `composable`, with Vue Query's plugin (`queryClient`) and the artifacts plugin
 * (the real client `gh`), as an app installs them; returns what the composable returned.
 */
export function mountComposable<R>(
  queryClient: QueryClient,
  gh: ArtifactsClient,
  composable: () => R,
): { result: R; wrapper: VueWrapper } {
  let result!: R;
  const Screen = defineComponent({
    setup() {
      result = composable();
      return () => h("div");
    },
  });
  const wrapper = mount(Screen, {
    global: {
      plugins: [
        [VueQueryPlugin, { queryClient }],
        [ArtifactsPlugin, { client: gh }],
      ],
    },
  });
  return { result, wrapper };
}
