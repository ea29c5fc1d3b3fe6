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
export type { NodeListener, NodeListenerOptions } from "./to-node-listener.js";
export { toNodeListener } from "./to-node-listener.js";
