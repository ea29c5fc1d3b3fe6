import type { WorkflowRun } from "@gh-artifacts/client";
import { workflowFile } from "./workflowFile.js";

/** What the latest-build picker offers, read from the newest runs. */
export interface PickerChoices {
  /** Workflow files, sorted by name. */
  workflows: string[];
  /** Branches, the newest run's first. */
  branches: string[];
}

/** The workflows and branches of `runs` (newest first, as GitHub lists them), each once. */
export function pickerChoices(runs: readonly WorkflowRun[]): PickerChoices {
  const workflows = new Set<string>();
  const branches = new Set<string>();
  for (const run of runs) {
    const file = workflowFile(run.path);
    if (file) workflows.add(file);
    if (run.head_branch) branches.add(run.head_branch);
  }
  return { workflows: [...workflows].sort(), branches: [...branches] };
}
