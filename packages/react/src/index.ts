export type {
  ArtifactDetailKey,
  ArtifactInfiniteListKey,
  ArtifactInfiniteRunKey,
  ArtifactKeyScope,
  ArtifactLatestKey,
  ArtifactListKey,
  ArtifactRunKey,
  ArtifactSelectedKey,
  DeleteArtifactContext,
  PatternKey,
  RemovedArtifact,
  RepoRef,
} from "@gh-artifacts/query";
export {
  ARTIFACTS_MAX_RETRIES,
  artifactKeys,
  baseUrlOf,
  latestArtifactKey,
  selectedArtifactsKey,
  shouldRetryArtifactsError,
} from "@gh-artifacts/query";
export type { ArtifactsClientProviderProps } from "./ArtifactsClientProvider.js";
export { ArtifactsClientProvider } from "./ArtifactsClientProvider.js";
export { artifactQueries, latestArtifactQueryOptions, selectedArtifactsQueryOptions } from "./artifactQueries.js";
export type {
  ArtifactInfiniteQueryOptions,
  ArtifactPages,
  ArtifactQueryOptions,
  ArtifactSuspenseInfiniteQueryOptions,
  ArtifactSuspenseQueryOptions,
  ArtifactsError,
  LatestArtifactParams,
} from "./types.js";
export { useArtifact } from "./useArtifact.js";
export { useArtifacts } from "./useArtifacts.js";
export { useArtifactsClient } from "./useArtifactsClient.js";
export { useDeleteArtifact } from "./useDeleteArtifact.js";
export type {
  DownloadArtifactRequest,
  DownloadedArtifact,
  DownloadStatus,
  NavigateArtifactRequest,
  UseDownloadArtifactOptions,
  UseDownloadArtifactResult,
} from "./useDownloadArtifact.js";
export { useDownloadArtifact } from "./useDownloadArtifact.js";
export { useInfiniteArtifacts } from "./useInfiniteArtifacts.js";
export { useInfiniteWorkflowRunArtifacts } from "./useInfiniteWorkflowRunArtifacts.js";
export { useLatestArtifact } from "./useLatestArtifact.js";
export { useSelectedArtifacts } from "./useSelectedArtifacts.js";
export { useSuspenseArtifact } from "./useSuspenseArtifact.js";
export { useSuspenseArtifacts } from "./useSuspenseArtifacts.js";
export { useSuspenseInfiniteArtifacts } from "./useSuspenseInfiniteArtifacts.js";
export { useSuspenseInfiniteWorkflowRunArtifacts } from "./useSuspenseInfiniteWorkflowRunArtifacts.js";
export { useSuspenseWorkflowRunArtifacts } from "./useSuspenseWorkflowRunArtifacts.js";
export { useWorkflowRunArtifacts } from "./useWorkflowRunArtifacts.js";
