export type { DemoRepositoryOptions } from "./add-demo-repository.js";
export { addDemoRepository, DEMO_ARTIFACT_COUNT, DEMO_SPECIAL } from "./add-demo-repository.js";
export { artifactsHandlers } from "./artifacts-handlers.js";
export type {
  AddArtifactInput,
  AddRepositoryInput,
  AddWorkflowInput,
  AddWorkflowRunInput,
  ArtifactChanges,
  ArtifactsWorld,
  BehaviourChanges,
  RateLimitStatus,
  RecordedRequest,
  WireArtifact,
  WireWorkflowRun,
  WorldArtifact,
  WorldArtifactKind,
  WorldRepository,
  WorldRun,
  WorldWorkflow,
} from "./artifacts-world.js";
export type {
  Behaviours,
  ErrorBehaviour,
  RateLimitBehaviour,
  SecondaryRateLimitBehaviour,
  StorageBehaviour,
} from "./behaviours.js";
export { DEFAULT_BEHAVIOURS } from "./behaviours.js";
export type { ArtifactsRequestHandler, FakeGitHubOptions, NextHandler } from "./create-artifacts-fetch.js";
export {
  createArtifactsFetch,
  createArtifactsRequestHandler,
  DEFAULT_BASE_URL,
  DEFAULT_STORAGE_URL,
} from "./create-artifacts-fetch.js";
export type { ArtifactsWorldOptions } from "./create-artifacts-world.js";
export { createArtifactsWorld } from "./create-artifacts-world.js";
export { makeZip } from "./make-zip.js";
export { storagePathOf } from "./signed-url.js";
export type { WorldClock } from "./world-clock.js";
export { DEFAULT_WORLD_TIME } from "./world-clock.js";
