export type { ArtifactOperationId } from "@gh-artifacts/types";
export { createArtifactsProxy } from "./create-proxy.js";
export type { ArtifactsProxyOptions, ProxyRequestContext } from "./proxy-options.js";
