export type {
  Artifact,
  ArtifactList,
  ArtifactWorkflowRun,
  BasicError,
  DeleteArtifactParams,
  DownloadArtifactParams,
  GetArtifactParams,
  ListArtifactsForRepoParams,
  ListWorkflowRunArtifactsParams,
  ListWorkflowRunsForRepoParams,
  ListWorkflowRunsParams,
  WorkflowRun,
  WorkflowRunList,
  WorkflowRunStatus,
} from "@gh-artifacts/types";
export type { ArtifactSelector } from "./artifact-selector.js";
export type {
  ArtifactCallParams,
  ArtifactsClient,
  ArtifactsClientOptions,
  CallOptions,
  IterateArtifactsForRepoParams,
  IterateWorkflowRunArtifactsParams,
  IterateWorkflowRunsForRepoParams,
  IterateWorkflowRunsParams,
  PaginationOptions,
} from "./create-client.js";
export { createArtifactsClient } from "./create-client.js";
export type { ArtifactDownload, ArtifactRef, DownloadOptions, DownloadProgress } from "./download.js";
export { downloadArtifact, getArtifactDownloadUrl } from "./download.js";
export type {
  ArtifactsClientError,
  GitHubApiErrorInit,
  GitHubApiErrorResponse,
  RetryableError,
} from "./errors.js";
export {
  ArtifactExpiredError,
  DigestMismatchError,
  ForbiddenError,
  GitHubApiError,
  IncompleteDownloadError,
  InvalidInputError,
  isRetryable,
  NotFoundError,
  RateLimitError,
  ResponseTooLargeError,
  SelectionLimitError,
  UnauthorizedError,
  UnexpectedResponseError,
  UnsafeArchiveEntryError,
  UnsafeRedirectError,
  UnverifiableDigestError,
} from "./errors.js";
export type { FindArtifactsParams } from "./find-artifacts.js";
export { findArtifacts } from "./find-artifacts.js";
export type {
  ArtifactNameFilter,
  FindLatestArtifactParams,
  LatestArtifactCandidate,
  PickLatestArtifactOptions,
} from "./find-latest-artifact.js";
export { findLatestArtifact, pickLatestArtifact } from "./find-latest-artifact.js";
export type { CacheEntry, CacheStore, EtagCache } from "./middleware/etag-cache.js";
export { createEtagCache, createMemoryStore } from "./middleware/etag-cache.js";
export type { RetryInfo, RetryOptions } from "./middleware/retry.js";
export { parseDuration } from "./parse-duration.js";
export type {
  ArtifactCleanupGroup,
  ArtifactCleanupPlan,
  ArtifactCleanupPolicy,
  CleanupCandidate,
  SkippedArtifact,
} from "./plan-artifact-cleanup.js";
export { planArtifactCleanup } from "./plan-artifact-cleanup.js";
export type { RateLimitSnapshot } from "./rate-limit.js";
export { rawClient } from "./raw-client.js";
export type {
  ArtifactCleanupOutcome,
  ArtifactCleanupResult,
  RunArtifactCleanupOptions,
} from "./run-artifact-cleanup.js";
export { runArtifactCleanup } from "./run-artifact-cleanup.js";
export type { ArtifactKind } from "./safe-file-name.js";
export { artifactFileName, safeFileName } from "./safe-file-name.js";
export type {
  ArtifactScanProgress,
  ArtifactScanStop,
  ArtifactStorageScan,
  ScanArtifactStorageOptions,
  ScannedArtifact,
  ScannedRepository,
} from "./scan-artifact-storage.js";
export { scanArtifactStorage } from "./scan-artifact-storage.js";
export type { ArtifactRecord, ArtifactScanState, ArtifactScanStateEntry } from "./scan-state.js";
export type {
  ArtifactStorageGroup,
  ArtifactStorageGroupBy,
  ArtifactStorageSummary,
  ArtifactStorageUsage,
  RepositoryArtifacts,
  StorageCandidate,
  SummarizeArtifactStorageOptions,
} from "./summarize-artifact-storage.js";
export { summarizeArtifactStorage } from "./summarize-artifact-storage.js";
export type { TokenOption } from "./token.js";
export type { RateLimitObservation } from "./watch-rate-limit.js";
export { watchRateLimit } from "./watch-rate-limit.js";
