/**
 * The workflow file a run's `path` names (`.github/workflows/ci.yml`, also with an `@ref` after it): `ci.yml`, what
 * a selector's `workflow` takes. `undefined` for a path without one. The text is the server's: shown as React text.
 */
export function workflowFile(path: string | null | undefined): string | undefined {
  if (typeof path !== "string") return undefined;
  const base = path.slice(path.lastIndexOf("/") + 1).replace(/@.*$/u, "");
  return base === "" ? undefined : base;
}
