import type { Artifact } from "@gh-artifacts/client";
import { useEffect, useRef } from "react";

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
    <dialog ref={dialog} aria-labelledby="delete-title" onClose={onCancel}>
      <h2 id="delete-title">Delete {artifact?.name}?</h2>
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
