import { useId, useRef, type ReactNode } from 'react';
import { useShowModal } from './use-show-modal.ts';
import './dialog.css';

interface DialogProps {
  title: string;
  children: ReactNode;
  /** Esc, the corner ×, or a cancel button inside: the caller unmounts the dialog. */
  onClose: () => void;
  className?: string;
}

/**
 * The app's modal dialog: shown while mounted, titled, closed by Esc or the corner ×, focus held inside and given back
 * to where it was when it closes (the browser's own <dialog> does both).
 */
export function Dialog({ title, children, onClose, className }: DialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useShowModal(dialog);
  return (
    <dialog
      ref={dialog}
      className={['app-dialog', className].filter(Boolean).join(' ')}
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className="app-dialog-header">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="app-dialog-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
