export type { DownloadArtifactToFileOptions, DownloadArtifactToFileResult } from "./download-to-file.js";
export { downloadArtifactToFile } from "./download-to-file.js";
export type { ExtractZipOptions } from "./extract-zip.js";
export { extractZip } from "./extract-zip.js";
