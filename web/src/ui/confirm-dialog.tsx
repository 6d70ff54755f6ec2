import { useId, useRef, type ReactNode } from 'react';
import { useShowModal } from './use-show-modal.ts';

interface ConfirmDialogProps {
  title: string;
  /** What happens, in a sentence or two. */
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  /** While the action runs: the buttons wait and the confirm button says so. */
  busyLabel?: string | undefined;
  /** An error to show under the text, as an alert. */
  error?: string | null | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before something that cannot be undone, such as deleting images. Shown while mounted; Esc and the
 * cancel button keep things as they are, and focus starts on the cancel button, so a stray Enter deletes nothing.
 */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, busyLabel, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useShowModal(dialog);
  const busy = busyLabel !== undefined;
  return (
    <dialog
      ref={dialog}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-text`}>{children}</div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="confirm-dialog-actions">
        <button type="button" className="button button-secondary" autoFocus disabled={busy} onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" className="button button-danger" disabled={busy} onClick={onConfirm}>
          {busyLabel ?? confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
