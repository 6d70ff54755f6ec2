import { useState, type FormEvent } from 'react';
import { describeError, fieldMessages } from '../../../api/api-error.ts';
import { Dialog } from '../../../ui/dialog.tsx';
import { BriefFields, briefOf, type BriefDraft } from './brief-fields.tsx';

interface BriefDialogProps {
  title: string;
  submitLabel: string;
  initial: BriefDraft;
  pending: boolean;
  error: unknown;
  onSubmit: (input: ReturnType<typeof briefOf>) => void;
  onClose: () => void;
}

/** A new project's brief, or an existing one to edit, in the app's dialog. */
export function BriefDialog({ title, submitLabel, initial, pending, error, onSubmit, onClose }: BriefDialogProps) {
  const [draft, setDraft] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(briefOf(draft));
  };
  const unplaced = error && !['name', 'brief.brand_name'].some((field) => fieldMessages(error, field).length > 0);
  return (
    <Dialog title={title} onClose={onClose} className="brief-dialog">
      <form onSubmit={submit} noValidate>
        <BriefFields draft={draft} onChange={setDraft} error={error} />
        {unplaced ? (
          <p className="field-error" role="alert">
            {describeError(error)}
          </p>
        ) : null}
        <div className="confirm-dialog-actions">
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={pending}>
            {pending ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
