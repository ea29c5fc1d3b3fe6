import type {
  Artifact,
  ArtifactList,
  ArtifactsClient,
  ArtifactsClientError,
  DeleteArtifactParams,
  DownloadProgress,
  FindLatestArtifactParams,
  ListArtifactsForRepoParams,
} from "@gh-artifacts/client";

/** What a query composable or hook shows at one moment, in the adapter's own words mapped to these. */
export interface QueryView<T> {
  status: "pending" | "error" | "success";
  data: T | undefined;
  error: ArtifactsClientError | null;
  isFetching: boolean;
}

/** A mounted list of a repository's artifacts (`useArtifacts`) beside a delete (`useDeleteArtifact`). */
export interface ListView extends QueryView<ArtifactList> {
  /** The delete's state: its status and typed error. */
  removal: { status: "idle" | "pending" | "error" | "success"; error: ArtifactsClientError | null };
}

/** What the list screen lets a test do. */
export interface ListControls {
  /** Gives the list new parameters, as a reactive prop (React: a state change; Vue: a ref's new value). */
  setParams(params: ListArtifactsForRepoParams): void;
  /** Deletes through the adapter's delete; resolves once it settled, never rejects. */
  remove(params: DeleteArtifactParams): Promise<void>;
}

/** A mounted infinite list (`useInfiniteArtifacts`). */
export interface InfiniteView extends QueryView<{ pages: ArtifactList[] }> {
  hasNextPage: boolean;
}

/** What the infinite list lets a test do. */
export interface InfiniteControls {
  /** Loads the next page; resolves once it arrived. */
  fetchNextPage(): Promise<void>;
}

/** A mounted download (`useDownloadArtifact`). */
export interface DownloadView {
  status: "idle" | "downloading" | "success" | "error" | "cancelled";
  progress: DownloadProgress;
  error: ArtifactsClientError | null;
  downloaded: { kind: "zip" | "file"; contentType: string; fileName: string } | null;
}

/** What the download lets a test do. */
export interface DownloadControls {
  download(request: { owner: string; repo: string; artifact_id: number; name?: string }): Promise<Blob | undefined>;
  cancel(): void;
}

/** One mounted screen: what it shows now, what it lets a test do, and its end. */
export interface Mounted<View, Controls = object> {
  /** What the screen shows after its latest render. */
  view(): View;
  controls: Controls;
  unmount(): void;
}

/** The latest-artifact selector the shared list uses (`useLatestArtifact`'s parameters). */
// note: distributed over the name-or-pattern union, which a plain `Omit` would merge into one optional pair.
export type LatestParams = FindLatestArtifactParams extends infer P
  ? P extends unknown
    ? Omit<P, "signal">
    : never
  : never;

/**
 * How the shared behaviour list drives one adapter: each method mounts a small screen with a fresh query client of
 * the adapter's own (no retries), provides `client` the adapter's way, and maps what it shows to the views above.
 */
export interface AdapterDriver {
  /** The adapter's name in the test titles, e.g. `@gh-artifacts/react`. */
  readonly name: string;
  list(client: ArtifactsClient, params: ListArtifactsForRepoParams): Mounted<ListView, ListControls>;
  infinite(
    client: ArtifactsClient,
    params: Omit<ListArtifactsForRepoParams, "page">,
  ): Mounted<InfiniteView, InfiniteControls>;
  latest(client: ArtifactsClient, params: LatestParams): Mounted<QueryView<Artifact | null>>;
  /** `save: false`: the shared list reads the Blob, it does not offer it as a file. */
  download(client: ArtifactsClient): Mounted<DownloadView, DownloadControls>;
  /** Waits until `assertion` stops throwing, as the adapter's testing library waits (React: inside `act`). */
  waitFor(assertion: () => void): Promise<void>;
}
