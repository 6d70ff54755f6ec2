import type { LibraryImage } from '@brandgen/client';
import { useId, useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { useModelCatalog } from '../../models/api/get-model-catalog.ts';
import { useStartEdit } from '../api/start-edit.ts';
import { RefinementProgress } from './refinement-progress.tsx';
import { Select } from '../../../ui/select.tsx';

const MAX_INSTRUCTION_LENGTH = 1000;

/** "Edit with an instruction": four edits of the image by a model that can edit, with their progress in place. */
export function EditForm({ image }: { image: LibraryImage }) {
  const id = useId();
  const catalog = useModelCatalog();
  const editors = (catalog.data?.models ?? []).filter((model) => model.supports_edit);
  // The image's own model when it can edit, as the server would choose.
  const preferred = editors.find((model) => model.id === image.model) ?? editors[0];
  const [instruction, setInstruction] = useState('');
  const [model, setModel] = useState<string | undefined>(undefined);
  const chosen = model ?? preferred?.id;
  const edit = useStartEdit(image.id);

  if (catalog.isSuccess && editors.length === 0) {
    return <p className="template-hint">No configured model can edit images by instruction.</p>;
  }
  return (
    <form
      className="edit-form"
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (instruction.trim().length > 0 && !edit.isPending)
          edit.mutate({ instruction: instruction.trim(), ...(chosen && { model: chosen }) });
      }}
    >
      <h3 id={`${id}-title`}>Edit with an instruction</h3>
      <label htmlFor={`${id}-instruction`}>What to change</label>
      <div className="edit-form-row">
        <input
          id={`${id}-instruction`}
          type="text"
          value={instruction}
          maxLength={MAX_INSTRUCTION_LENGTH}
          placeholder="make the background blue"
          aria-describedby={`${id}-hint`}
          onChange={(event) => setInstruction(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={edit.isPending || instruction.trim().length === 0}>
          {edit.isPending ? 'Starting…' : 'Edit'}
        </button>
      </div>
      <p id={`${id}-hint`} className="image-viewer-hint">
        Press Enter to make four edits; they become children of this image.
      </p>
      {editors.length > 1 && (
        <div className="edit-form-row">
          <label htmlFor={`${id}-model`}>Edit with</label>
          <Select id={`${id}-model`} value={chosen} onChange={(event) => setModel(event.target.value)}>
            {editors.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </Select>
        </div>
      )}
      {edit.isError && (
        <p className="field-error" role="alert">
          {describeError(edit.error)}
        </p>
      )}
      {edit.data && <RefinementProgress key={edit.data.job_id} jobId={edit.data.job_id} what="Edits" />}
    </form>
  );
}
