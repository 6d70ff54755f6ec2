import { useId, useRef, useState, type ReactNode } from 'react';

interface ConfirmActionProps {
  /** The button that asks first. */
  label: string;
  /** Its accessible name when the label alone is ambiguous on the page ("Restore" beside many versions). */
  accessibleLabel?: string;
  question: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  pending?: boolean;
  disabled?: boolean;
  /** Does the action; calling `done` (on success, say) closes the question. */
  onConfirm: (done: () => void) => void;
}

/**
 * An action asked twice, in the page rather than in a browser dialog: the second step says what will happen and
 * offers a way back, which gets the focus back on the first button.
 */
export function ConfirmAction(props: ConfirmActionProps) {
  const { label, accessibleLabel, question, confirmLabel, cancelLabel = 'Cancel', pending = false, disabled = false, onConfirm } = props;
  const [asking, setAsking] = useState(false);
  const questionId = useId();
  // Set when the question is cancelled, so the button that asked it gets the focus back as it reappears.
  const returnFocus = useRef(false);
  if (!asking) {
    return (
      <button
        ref={(button) => {
          if (button && returnFocus.current) button.focus();
          returnFocus.current = false;
        }}
        type="button"
        className="button button-secondary"
        aria-label={accessibleLabel}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  const cancel = () => {
    returnFocus.current = true;
    setAsking(false);
  };
  return (
    <div className="confirm-action" role="group" aria-labelledby={questionId}>
      <p id={questionId}>{question}</p>
      <div className="confirm-action-buttons">
        <button
          type="button"
          className="button button-danger"
          autoFocus
          disabled={pending}
          onClick={() => onConfirm(() => setAsking(false))}
        >
          {confirmLabel}
        </button>
        <button type="button" className="button button-secondary" onClick={cancel}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}
