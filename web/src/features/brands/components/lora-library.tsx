import { useState } from 'react';
import type { Lora } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';
import { useDeleteLora } from '../api/delete-lora.ts';
import { useBrandLoras } from '../api/list-loras.ts';
import { useUploadLora } from '../api/upload-lora.ts';
import { fileSize, loraSourceLabel, loraUsableWhere } from '../lora-names.ts';
import { AddLoraReference } from './add-lora-reference.tsx';
import { FileDrop } from '../../../ui/file-drop.tsx';
import { LoraTrialDialog } from './lora-trial-dialog.tsx';

const trainerWords: Record<string, string> = { demo: 'the demo trainer', fal: 'fal.ai', replicate: 'Replicate' };

function whereFrom(lora: Lora): string {
  if (lora.source === 'url') return lora.url ?? '';
  if (lora.source === 'civitai') return lora.air ?? '';
  if (lora.training) {
    const { trainer, steps, estimated_cost_usd: cost } = lora.training;
    const price = cost === 0 ? 'free' : `about $${cost.toFixed(2)}`;
    return `With ${trainerWords[trainer] ?? trainer}, ${steps} steps, ${price}; ${fileSize(lora.byte_size)}`;
  }
  return [lora.file_name, fileSize(lora.byte_size)].filter(Boolean).join(', ');
}

const hasFile = (lora: Lora) => lora.source === 'uploaded' || lora.source === 'trained';

/** An administrator's copy of the file; worded for ComfyUI when the file is what ComfyUI still lacks. */
function LoraDownload({ brandId, lora }: { brandId: string; lora: Lora }) {
  if (!hasFile(lora)) return null;
  const forComfyui = lora.installed_on_comfyui === false;
  return (
    <a
      className="button button-secondary brands-small-button"
      href={`/api/brands/${encodeURIComponent(brandId)}/loras/${encodeURIComponent(lora.id)}/download`}
      download={lora.file_name ?? undefined}
      title={forComfyui ? 'Copy this file into ComfyUI’s models/loras folder, then reload this page.' : undefined}
      aria-label={forComfyui ? `Download for ComfyUI: ${lora.name}` : `Download: ${lora.name}`}
    >
      {forComfyui ? 'Download for ComfyUI' : 'Download'}
    </a>
  );
}

/** The brand's LoRAs: where each comes from and where it can be used; administrators add and remove them here. */
export function LoraLibrary({ brandId, canEdit }: { brandId: string; canEdit: boolean }) {
  const loras = useBrandLoras(brandId);
  const upload = useUploadLora();
  const remove = useDeleteLora();
  const problem = upload.error ?? remove.error;
  const [trying, setTrying] = useState<Lora | null>(null);
  return (
    <section className="brands-panel brands-lora-library" aria-labelledby="lora-library-title">
      <h2 id="lora-library-title">LoRA library</h2>
      {loras.data?.length === 0 && (
        <p className="brands-empty-note">
          This brand has no LoRA yet.{' '}
          {canEdit
            ? 'Add one: upload its .safetensors file, or give its https link (Hugging Face, Replicate), a civitai AIR or its file name in ComfyUI’s models/loras folder. Then pick it for a model family in the kit below.'
            : 'An administrator can add one here.'}
        </p>
      )}
      {loras.isError && <p className="field-error">{describeError(loras.error)}</p>}
      {loras.data && loras.data.length > 0 && (
        <table className="brands-lora-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Family</th>
              <th scope="col">Source</th>
              <th scope="col">Usable with</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {loras.data.map((lora) => (
              <tr key={lora.id}>
                <th scope="row">{lora.name}</th>
                <td>{lora.family}</td>
                <td>
                  {loraSourceLabel(lora)}
                  <span className="brands-lora-where">{whereFrom(lora)}</span>
                </td>
                <td>{loraUsableWhere(lora)}</td>
                <td>
                  <div className="brands-lora-actions">
                    {lora.usable_with.length > 0 && (
                      <button
                        type="button"
                        className="button button-secondary brands-small-button"
                        aria-label={`Try it: ${lora.name}, with and without it`}
                        onClick={() => setTrying(lora)}
                      >
                        Try it
                      </button>
                    )}
                    {canEdit && <LoraDownload brandId={brandId} lora={lora} />}
                    {canEdit && (
                      <button
                        type="button"
                        className="button button-secondary brands-small-button"
                        aria-label={`Delete the LoRA ${lora.name}`}
                        disabled={remove.isPending}
                        onClick={() => remove.mutate({ brandId, loraId: lora.id })}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <div className="brands-lora-adders">
          <FileDrop
            label="Upload a .safetensors file"
            accept=".safetensors"
            busy={upload.isPending}
            busyLabel="Uploading…"
            onFile={(file) => upload.mutate({ brandId, file })}
            hint="Or drop it here. Brandgen checks it is a real safetensors file (pickled .ckpt and .pt files are refused), records its SHA-256 and reads its model family from the tensor names."
          />
          <AddLoraReference brandId={brandId} />
        </div>
      )}
      <p role="alert" className="field-error">
        {problem ? describeError(problem) : ''}
      </p>
      {trying && <LoraTrialDialog brandId={brandId} lora={trying} onClose={() => setTrying(null)} />}
    </section>
  );
}
