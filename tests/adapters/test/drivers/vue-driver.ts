import type { ArtifactsClient, ListArtifactsForRepoParams } from "@gh-artifacts/client";
import {
  ArtifactsPlugin,
  useArtifacts,
  useDeleteArtifact,
  useDownloadArtifact,
  useInfiniteArtifacts,
  useLatestArtifact,
} from "@gh-artifacts/vue";
import { QueryClient, VueQueryPlugin } from "@tanstack/vue-query";
import { mount as mountComponent } from "@vue/test-utils";
import { vi } from "vitest";
import { defineComponent, h, ref } from "vue";
import type { AdapterDriver, Mounted } from "../../src/index.js";

/** A fresh QueryClient per screen: no retries, nothing garbage-collected mid-test. */
const newQueryClient = () =>
  new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY }, mutations: { retry: false } },
  });

/** Mounts a component whose `setup` runs `composable`, with both plugins installed as an app does. */
function mount<R, V, C>(
  client: ArtifactsClient,
  composable: () => R,
  view: (result: R) => V,
  controls: (result: R) => C,
): Mounted<V, C> {
  let result!: R;
  const Screen = defineComponent({
    setup() {
      result = composable();
      return () => h("div");
    },
  });
  const wrapper = mountComponent(Screen, {
    global: {
      plugins: [
        [VueQueryPlugin, { queryClient: newQueryClient() }],
        [ArtifactsPlugin, { client }],
      ],
    },
  });
  return { view: () => view(result), controls: controls(result), unmount: () => wrapper.unmount() };
}

/** The shared behaviours' driver over `@gh-artifacts/vue`'s public composables. */
export const vueDriver: AdapterDriver = {
  name: "@gh-artifacts/vue",
  list: (client, initial) =>
    mount(
      client,
      () => {
        const params = ref<ListArtifactsForRepoParams>(initial);
        return { list: useArtifacts(params), remove: useDeleteArtifact(), params };
      },
      ({ list, remove }) => ({
        status: list.status.value,
        data: list.data.value,
        error: list.error.value,
        isFetching: list.isFetching.value,
        removal: { status: remove.status.value, error: remove.error.value },
      }),
      ({ params, remove }) => ({
        setParams: (next) => {
          params.value = next;
        },
        remove: (next) =>
          remove.mutateAsync(next).then(
            () => undefined,
            () => undefined,
          ),
      }),
    ),
  infinite: (client, params) =>
    mount(
      client,
      () => useInfiniteArtifacts(params),
      (list) => ({
        status: list.status.value,
        data: list.data.value,
        error: list.error.value,
        isFetching: list.isFetching.value,
        hasNextPage: list.hasNextPage.value,
      }),
      (list) => ({
        fetchNextPage: async () => {
          await list.fetchNextPage();
        },
      }),
    ),
  latest: (client, params) =>
    mount(
      client,
      () => useLatestArtifact(params),
      (query) => ({
        status: query.status.value,
        data: query.data.value,
        error: query.error.value,
        isFetching: query.isFetching.value,
      }),
      () => ({}),
    ),
  download: (client) =>
    mount(
      client,
      () => useDownloadArtifact({ save: false }),
      ({ status, progress, error, downloaded }) => ({
        status: status.value,
        progress: progress.value,
        error: error.value,
        downloaded: downloaded.value,
      }),
      ({ download, cancel }) => ({ download, cancel }),
    ),
  waitFor: async (assertion) => {
    await vi.waitFor(assertion, { timeout: 10_000 });
  },
};
