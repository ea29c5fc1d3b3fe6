import type { Artifact } from "@gh-artifacts/client";
import { useEffect, useRef } from "react";
import { formatBytes, formatRelative } from "./format.js";

/** "Artifact #1016 from branch main (workflow run 2332950), 2.1 KiB, created 3 days ago." */
export function describeArtifact(artifact: Artifact): string {
  const run = artifact.workflow_run;
  const from = run?.head_branch ? ` from branch ${run.head_branch}` : " from no branch";
  const inRun = run?.id ? ` (workflow run ${run.id})` : "";
  const created = artifact.created_at ? `, created ${formatRelative(artifact.created_at)}` : "";
  return `Artifact #${artifact.id}${from}${inRun}, ${formatBytes(artifact.size_in_bytes)}${created}.`;
}

/** A modal `<dialog>` asking to confirm a delete; Escape or "Keep it" cancels. */
export function DeleteDialog({
  artifact,
  onCancel,
  onConfirm,
}: {
  artifact: Artifact | null;
  onCancel: () => void;
  onConfirm: (artifact: Artifact) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (artifact && !element?.open) element?.showModal();
    if (!artifact && element?.open) element.close();
  }, [artifact]);

  function confirm() {
    // note: closed first, so focus is restored and the caller can move it (the page is inert while it is open).
    dialog.current?.close();
    if (artifact) onConfirm(artifact);
  }

  return (
    <dialog ref={dialog} aria-labelledby="delete-title" aria-describedby="delete-which" onClose={onCancel}>
      <h2 id="delete-title">Delete {artifact?.name}?</h2>
      {/* note: names repeat across runs and branches, so the dialog says which one: id, branch, size and age. */}
      <p id="delete-which">{artifact && describeArtifact(artifact)}</p>
      <p>The artifact and its archive are removed from GitHub for good.</p>
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Keep it
        </button>
        <button type="button" className="danger" onClick={confirm}>
          Delete
        </button>
      </div>
    </dialog>
  );
}
