import { deprecatedOperations } from "./generated/deprecations.js";

const warned = new Set<string>();

type WarningProcess = { emitWarning?: (warning: string, options: { type: string; code: string }) => void };

/**
 * Tells the caller, once per operation and process, that GitHub deprecated an operation it calls, in GitHub's words.
 * note: Node's `process.emitWarning` (shown once, silenced with `--no-deprecation`); `console.warn` elsewhere.
 */
export function warnIfDeprecated(operationId: string): void {
  const notice = deprecatedOperations[operationId];
  if (notice === undefined || warned.has(operationId)) return;
  warned.add(operationId);
  const message = `GitHub deprecated ${operationId}: ${notice}`;
  const proc = (globalThis as { process?: WarningProcess }).process;
  if (typeof proc?.emitWarning === "function") {
    proc.emitWarning(message, { type: "DeprecationWarning", code: "GH_ARTIFACTS_DEPRECATED_OPERATION" });
  } else {
    // biome-ignore lint/suspicious/noConsole: a browser has no emitWarning; its console is where a developer looks
    console.warn(message);
  }
}
