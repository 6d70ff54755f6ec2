import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { useAddLora, type LoraReferenceInput } from '../api/add-lora.ts';
import { loraName } from '../lora-names.ts';

/** What a typed reference is: an https link, a civitai AIR, or else a file name on the ComfyUI server. */
export function referenceOf(text: string, name: string, family: string): LoraReferenceInput {
  const value = text.trim();
  if (/^https?:\/\//i.test(value)) return { source: 'url', url: value, name, family };
  if (/^urn:air:/i.test(value)) return { source: 'civitai', air: value, name, family };
  return { source: 'comfyui_file', file_name: value, name, family };
}

/** Adds a LoRA by its https link, civitai AIR, or its file name in ComfyUI's models/loras folder. */
export function AddLoraReference({ brandId }: { brandId: string }) {
  const id = useId();
  const add = useAddLora();
  const [reference, setReference] = useState('');
  const [name, setName] = useState('');
  const [family, setFamily] = useState('flux');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lora = referenceOf(reference, name.trim() || loraName(reference.trim()), family.trim());
    add.mutate({ brandId, lora }, { onSuccess: () => (setReference(''), setName('')) });
  };
  return (
    <form className="brands-lora-add" onSubmit={submit} aria-label="Add a LoRA by link" noValidate>
      <div className="form-field brands-lora-add-reference">
        <label htmlFor={`${id}-reference`}>Link, civitai AIR or ComfyUI file name</label>
        <input
          id={`${id}-reference`}
          className="field-control"
          value={reference}
          placeholder="https://huggingface.co/…/lora.safetensors"
          onChange={(event) => setReference(event.target.value)}
        />
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-name`}>LoRA name</label>
        <input id={`${id}-name`} className="field-control" value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="form-field brands-lora-add-family">
        <label htmlFor={`${id}-family`}>Model family</label>
        <input id={`${id}-family`} className="field-control" value={family} onChange={(event) => setFamily(event.target.value)} />
      </div>
      <button type="submit" className="button button-secondary" disabled={add.isPending || reference.trim() === ''}>
        {add.isPending ? 'Adding…' : 'Add LoRA'}
      </button>
      {add.isError && (
        <p className="field-error brands-lora-add-error" role="alert">
          {describeError(add.error)}
        </p>
      )}
    </form>
  );
}
