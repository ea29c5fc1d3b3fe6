import { useEffect, useRef } from "react";
import { formatBytes } from "./format.js";

/** The last step before a cleanup run: a modal `<dialog>` naming how many artifacts go and what they free. */
export function CleanupConfirmDialog({
  open,
  repoName,
  count,
  bytes,
  paceMs,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  repoName: string;
  count: number;
  bytes: number;
  paceMs: number;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (open && !element?.open) element?.showModal();
    if (!open && element?.open) element.close();
  }, [open]);

  function confirm() {
    // note: closed first, so focus is restored before the run moves it to the progress.
    dialog.current?.close();
    onConfirm();
  }

  const noun = count === 1 ? "artifact" : "artifacts";
  return (
    <dialog ref={dialog} aria-labelledby="cleanup-confirm-title" onClose={onCancel}>
      <h2 id="cleanup-confirm-title">
        Delete {count} {noun} from {repoName}?
      </h2>
      {count === 1 ? (
        <p>It and its archive are removed from GitHub for good, freeing {formatBytes(bytes)}.</p>
      ) : (
        <p>
          They and their archives are removed from GitHub for good, freeing {formatBytes(bytes)}. One is deleted every{" "}
          {paceMs / 1000} s; you can stop the run between two deletes.
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel}>
          Back
        </button>
        <button type="button" className="danger" onClick={confirm}>
          Delete {count} {noun}
        </button>
      </div>
    </dialog>
  );
}
