import { FileDrop } from '../../../ui/file-drop.tsx';

interface LoraDropProps {
  busy: boolean;
  onFile: (file: File) => void;
}

/** Drop a .safetensors file here or choose one with the button. */
export function LoraDrop({ busy, onFile }: LoraDropProps) {
  return (
    <FileDrop
      label="Upload a .safetensors file"
      accept=".safetensors"
      busy={busy}
      onFiles={([file]) => file && onFile(file)}
      hint="Or drop it here. Brandgen checks it is a real safetensors file (pickled .ckpt and .pt files are refused), records its SHA-256 and reads its model family from the tensor names."
    />
  );
}
