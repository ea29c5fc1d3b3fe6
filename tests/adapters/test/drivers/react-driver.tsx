import type { ArtifactsClient, ListArtifactsForRepoParams } from "@gh-artifacts/client";
import {
  ArtifactsClientProvider,
  useArtifacts,
  useDeleteArtifact,
  useDownloadArtifact,
  useInfiniteArtifacts,
  useLatestArtifact,
} from "@gh-artifacts/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { type ReactNode, useState } from "react";
import type { AdapterDriver, Mounted } from "../../src/index.js";

/** A fresh QueryClient per screen: no retries, nothing garbage-collected mid-test. */
const newQueryClient = () =>
  new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Number.POSITIVE_INFINITY }, mutations: { retry: false } },
  });

/** Renders `hook` inside the providers, as an app does, and maps its latest result with `view`. */
function mount<R, V, C>(
  client: ArtifactsClient,
  hook: () => R,
  view: (result: R) => V,
  controls: (latest: () => R) => C,
): Mounted<V, C> {
  const queryClient = newQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <ArtifactsClientProvider client={client}>{children}</ArtifactsClientProvider>
    </QueryClientProvider>
  );
  const { result, unmount } = renderHook(hook, { wrapper });
  return { view: () => view(result.current), controls: controls(() => result.current), unmount };
}

/** The shared behaviours' driver over `@gh-artifacts/react`'s public hooks. */
export const reactDriver: AdapterDriver = {
  name: "@gh-artifacts/react",
  list: (client, initial) =>
    mount(
      client,
      () => {
        const [params, setParams] = useState<ListArtifactsForRepoParams>(initial);
        return { list: useArtifacts(params), remove: useDeleteArtifact(), setParams };
      },
      ({ list, remove }) => ({
        status: list.status,
        data: list.data,
        error: list.error,
        isFetching: list.isFetching,
        removal: { status: remove.status, error: remove.error },
      }),
      (latest) => ({
        setParams: (params) => act(() => latest().setParams(params)),
        remove: (params) => {
          let settled!: Promise<void>;
          // note: started in a synchronous act; what renders after it is read through `waitFor`, which acts.
          act(() => {
            settled = latest()
              .remove.mutateAsync(params)
              .then(
                () => undefined,
                () => undefined,
              );
          });
          return settled;
        },
      }),
    ),
  infinite: (client, params) =>
    mount(
      client,
      () => useInfiniteArtifacts(params),
      (list) => ({
        status: list.status,
        data: list.data,
        error: list.error,
        isFetching: list.isFetching,
        hasNextPage: list.hasNextPage,
      }),
      (latest) => ({
        fetchNextPage: async () => {
          await act(async () => {
            await latest().fetchNextPage();
          });
        },
      }),
    ),
  latest: (client, params) =>
    mount(
      client,
      () => useLatestArtifact(params),
      (query) => ({ status: query.status, data: query.data, error: query.error, isFetching: query.isFetching }),
      () => ({}),
    ),
  download: (client) =>
    mount(
      client,
      () => useDownloadArtifact({ save: false }),
      ({ status, progress, error, downloaded }) => ({ status, progress, error, downloaded }),
      (latest) => ({
        download: (request) => {
          let pending!: Promise<Blob | undefined>;
          act(() => {
            pending = latest().download(request);
          });
          // note: the download resolves after renders outside this act; the states are read through waitFor.
          return pending;
        },
        cancel: () => act(() => latest().cancel()),
      }),
    ),
  waitFor: async (assertion) => {
    await waitFor(assertion, { timeout: 10_000 });
  },
};
