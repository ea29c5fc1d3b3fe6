export { artifactDownloadHref } from "./artifactDownloadHref.js";
export type {
  ArtifactDetailKey,
  ArtifactInfiniteListKey,
  ArtifactInfiniteRunKey,
  ArtifactKeyScope,
  ArtifactLatestKey,
  ArtifactListKey,
  ArtifactRunKey,
  ArtifactSelectedKey,
  PatternKey,
  RepoRef,
} from "./artifactKeys.js";
export { artifactKeys, baseUrlOf, latestArtifactKey, selectedArtifactsKey } from "./artifactKeys.js";
export { artifactQueries, latestArtifactQueryOptions, selectedArtifactsQueryOptions } from "./artifactQueries.js";
export { clickDownloadLink } from "./clickDownloadLink.js";
export type {
  DownloadArtifactRequest,
  DownloadController,
  DownloadControllerOptions,
  DownloadedArtifact,
  DownloadState,
  DownloadStatus,
  NavigateArtifactRequest,
} from "./createDownloadController.js";
export { createDownloadController } from "./createDownloadController.js";
export type { DeleteArtifactContext, DeleteArtifactMutationOptions } from "./deleteArtifactMutationOptions.js";
export { deleteArtifactMutationOptions } from "./deleteArtifactMutationOptions.js";
export type { RemovedArtifact } from "./removeArtifactFromCache.js";
export { saveBlob } from "./saveBlob.js";
export { ARTIFACTS_MAX_RETRIES, shouldRetryArtifactsError } from "./shouldRetryArtifactsError.js";
export type {
  ArtifactInfiniteQueryDefinition,
  ArtifactInfiniteQueryOptions,
  ArtifactPages,
  ArtifactQueryDefinition,
  ArtifactQueryOptions,
  ArtifactsError,
  LatestArtifactParams,
} from "./types.js";
