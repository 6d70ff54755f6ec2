import { useId, useState, type DragEvent } from 'react';

interface LoraDropProps {
  busy: boolean;
  onFile: (file: File) => void;
}

/** Drop a .safetensors file here or choose one with the button; the file picker itself stays hidden behind the button. */
export function LoraDrop({ busy, onFile }: LoraDropProps) {
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !busy) onFile(file);
  };
  return (
    <div
      className={`brands-lora-drop${dragging ? ' brands-lora-drop-active' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={inputId} className="button button-secondary" aria-disabled={busy || undefined}>
        {busy ? 'Uploading…' : 'Upload a .safetensors file'}
      </label>
      <input
        id={inputId}
        type="file"
        accept=".safetensors"
        className="visually-hidden"
        aria-describedby={hintId}
        disabled={busy}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Choosing the same file again after an error must upload it again.
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
      <p id={hintId} className="form-field-hint">
        Or drop it here. Brandgen checks it is a real safetensors file (pickled .ckpt and .pt files are refused), records its SHA-256 and
        reads its model family from the tensor names.
      </p>
    </div>
  );
}
