export type { FileStoreOptions } from "./create-file-store.js";
export { createFileStore } from "./create-file-store.js";
export type {
  DownloadArtifactsOptions,
  DownloadArtifactsResult,
  DownloadableArtifact,
  DownloadedArtifact,
  FailedArtifactDownload,
} from "./download-artifacts.js";
export { downloadArtifacts } from "./download-artifacts.js";
export type {
  DownloadArtifactToFileBaseOptions,
  DownloadArtifactToFileOptions,
  DownloadArtifactToFileResult,
  DownloadDestination,
  DownloadInfo,
  ExtractedArtifact,
} from "./download-to-file.js";
export { downloadArtifactToFile } from "./download-to-file.js";
export type { ExtractLimits, ExtractZipOptions } from "./extract-zip.js";
export { extractZip } from "./extract-zip.js";
export { readScanState, writeScanState } from "./scan-state-file.js";
export type { NodeListener, NodeListenerOptions } from "./to-node-listener.js";
export { toNodeListener } from "./to-node-listener.js";
