import { useEffect, useId, useRef } from 'react';
import type { Model } from '@brandgen/client';

interface LicenceDialogProps {
  model: Model | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks once per model before its first use when its licence restricts commercial use. */
export function LicenceDialog({ model, onConfirm, onCancel }: LicenceDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const id = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (model && !dialog.open) dialog.showModal();
    if (!model && dialog.open) dialog.close();
  }, [model]);

  return (
    <dialog
      ref={dialogRef}
      className="licence-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {model?.licence && (
        <>
          <h2 id={`${id}-title`}>Check the licence of {model.label}</h2>
          <p id={`${id}-text`}>{model.licence.warning}</p>
          <p>
            Licence:{' '}
            <a href={model.licence.url} target="_blank" rel="noreferrer">
              {model.licence.name}
            </a>
          </p>
          <div className="licence-dialog-actions">
            <button type="button" className="button button-secondary" onClick={onCancel}>
              Choose another model
            </button>
            <button type="button" className="button button-primary" onClick={onConfirm} autoFocus>
              I understand, use this model
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
