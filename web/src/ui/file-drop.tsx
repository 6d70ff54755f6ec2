import { useId, useState, type DragEvent, type ReactNode } from 'react';
import './file-drop.css';

/** One file at a time, or with `multiple` every file chosen or dropped at once. */
type FileChoice = { multiple?: false; onFile: (file: File) => void } | { multiple: true; onFiles: (files: File[]) => void };

type FileDropProps = FileChoice & {
  /** The button's words, e.g. "Choose a CSV file". */
  label: string;
  /** File types the picker offers, as the `accept` attribute takes them. */
  accept: string;
  /** What to drop and what happens to it; read with the button. */
  hint: ReactNode;
  busy?: boolean;
  /** The button's words while busy, e.g. "Uploading…". */
  busyLabel?: string;
  className?: string;
  /** Shown above the button: a preview of the current file, say. */
  children?: ReactNode;
  /** Shown beside the button: what became of the last file ("Read products.csv: 3 rows"), read out when it changes. */
  status?: ReactNode;
};

/**
 * A place to drop a file (or several), with the app's own button to choose one instead. The browser's file input stays hidden
 * behind the button (it still takes focus, so the keyboard opens the picker), and never shows its "Choose File".
 */
export function FileDrop(props: FileDropProps) {
  const { label, accept, hint, busy = false, busyLabel, className, children, status } = props;
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const take = (list: FileList | null | undefined) => {
    const files = [...(list ?? [])];
    if (files.length === 0 || busy) return;
    if (props.multiple) props.onFiles(files);
    else props.onFile(files[0]!);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files);
  };
  return (
    <div
      className={['file-drop', dragging && 'file-drop-active', className].filter(Boolean).join(' ')}
      data-busy={busy || undefined}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {children}
      <input
        id={inputId}
        type="file"
        accept={accept}
        multiple={props.multiple ?? false}
        className="visually-hidden"
        aria-describedby={hintId}
        disabled={busy}
        onChange={(event) => {
          const files = event.target.files;
          take(files);
          // Choosing the same file again (after fixing it, or after an error) must read it again.
          event.target.value = '';
        }}
      />
      <div className="file-drop-row">
        <label htmlFor={inputId} className="button button-secondary file-drop-button" aria-disabled={busy || undefined}>
          {busy && busyLabel ? busyLabel : label}
        </label>
        <p role="status" className="file-drop-status">
          {status}
        </p>
      </div>
      <p id={hintId} className="file-drop-hint">
        {hint}
      </p>
    </div>
  );
}
