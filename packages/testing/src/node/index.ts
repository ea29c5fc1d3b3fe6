export type { RunningFakeGitHub, StartFakeGitHubOptions } from "./start-fake-github.js";
export { startFakeGitHub } from "./start-fake-github.js";
