interface UnsavedChangesPromptProps {
  from: string;
  to: string;
  onDiscard: () => void;
  onKeep: () => void;
}

/** Asked before another brand replaces a kit with unsaved changes in the editor; keeping them is the default. */
export function UnsavedChangesPrompt({ from, to, onDiscard, onKeep }: UnsavedChangesPromptProps) {
  return (
    <div className="confirm-action brands-unsaved" role="group" aria-labelledby="unsaved-changes-question">
      <p id="unsaved-changes-question">
        “{from}” has changes that are not saved. Open “{to}” and lose them?
      </p>
      <div className="confirm-action-buttons">
        <button type="button" className="button button-secondary" autoFocus onClick={onKeep}>
          Keep editing
        </button>
        <button type="button" className="button button-danger" onClick={onDiscard}>
          Discard changes and open “{to}”
        </button>
      </div>
    </div>
  );
}
