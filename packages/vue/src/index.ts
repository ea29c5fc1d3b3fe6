export type {
  ArtifactDetailKey,
  ArtifactInfiniteListKey,
  ArtifactInfiniteRunKey,
  ArtifactKeyScope,
  ArtifactLatestKey,
  ArtifactListKey,
  ArtifactPages,
  ArtifactRunKey,
  ArtifactSelectedKey,
  ArtifactsError,
  DeleteArtifactContext,
  DownloadArtifactRequest,
  DownloadedArtifact,
  DownloadStatus,
  LatestArtifactParams,
  NavigateArtifactRequest,
  PatternKey,
  RemovedArtifact,
  RepoRef,
} from "@gh-artifacts/query";
export {
  ARTIFACTS_MAX_RETRIES,
  artifactKeys,
  artifactQueries,
  baseUrlOf,
  latestArtifactKey,
  latestArtifactQueryOptions,
  selectedArtifactsKey,
  selectedArtifactsQueryOptions,
  shouldRetryArtifactsError,
} from "@gh-artifacts/query";
export type { ArtifactsPluginOptions } from "./ArtifactsPlugin.js";
export { ArtifactsPlugin } from "./ArtifactsPlugin.js";
export { provideArtifactsClient } from "./provideArtifactsClient.js";
export type { ArtifactInfiniteQueryOptions, ArtifactQueryOptions } from "./types.js";
export { useArtifact } from "./useArtifact.js";
export { useArtifacts } from "./useArtifacts.js";
export { useArtifactsClient } from "./useArtifactsClient.js";
export { useDeleteArtifact } from "./useDeleteArtifact.js";
export type { UseDownloadArtifactOptions, UseDownloadArtifactResult } from "./useDownloadArtifact.js";
export { useDownloadArtifact } from "./useDownloadArtifact.js";
export { useInfiniteArtifacts } from "./useInfiniteArtifacts.js";
export { useInfiniteWorkflowRunArtifacts } from "./useInfiniteWorkflowRunArtifacts.js";
export { useLatestArtifact } from "./useLatestArtifact.js";
export { useSelectedArtifacts } from "./useSelectedArtifacts.js";
export { useWorkflowRunArtifacts } from "./useWorkflowRunArtifacts.js";
