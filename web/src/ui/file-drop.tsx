import { useId, useState, type DragEvent, type ReactNode } from 'react';
import './file-drop.css';

interface FileDropProps {
  /** The button's words, which also name the hidden file input for assistive technology. */
  label: string;
  hint?: ReactNode;
  /** File types the chooser offers, as the `accept` attribute takes them; drops are checked by the server anyway. */
  accept?: string;
  multiple?: boolean;
  busy?: boolean;
  busyLabel?: string;
  onFiles: (files: File[]) => void;
}

/**
 * A place to drop files, with a button that opens the chooser; the browser's own file input stays hidden behind the
 * button (its label), so the control looks like the rest of the app and works with the keyboard.
 */
export function FileDrop({ label, hint, accept, multiple = false, busy = false, busyLabel, onFiles }: FileDropProps) {
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const take = (list: FileList | null | undefined) => {
    const files = [...(list ?? [])];
    if (files.length > 0 && !busy) onFiles(multiple ? files : files.slice(0, 1));
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files);
  };
  return (
    <div
      className={`file-drop${dragging ? ' file-drop-active' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId} className="button button-secondary" aria-disabled={busy || undefined}>
        {busy ? (busyLabel ?? 'Uploading…') : label}
      </label>
      <input
        id={inputId}
        type="file"
        accept={accept}
        multiple={multiple}
        className="visually-hidden"
        aria-describedby={hint ? hintId : undefined}
        disabled={busy}
        onChange={(event) => {
          const files = event.target.files;
          take(files);
          // Choosing the same files again after an error must offer them again.
          event.target.value = '';
        }}
      />
      {hint && (
        <p id={hintId} className="form-field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
