import type { Project } from '@brandgen/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type DragEvent } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { removeInspiration, uploadInspiration } from '../../../api/projects.ts';
import { projectQueryOptions } from '../api/get-project.ts';
import './projects.css';

/** The project's inspiration image: pick or drop a file, see it, remove it. The server checks and cleans every upload. */
export function InspirationImage({ project }: { project: Project }) {
  const queryClient = useQueryClient();
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const saved = (updated: Project) => queryClient.setQueryData(projectQueryOptions(project.id).queryKey, updated);
  const upload = useMutation({ mutationFn: (file: File) => uploadInspiration(project.id, file), onSuccess: saved });
  const remove = useMutation({ mutationFn: () => removeInspiration(project.id), onSuccess: saved });
  const busy = upload.isPending || remove.isPending;
  const error = upload.error ?? remove.error;
  const { inspiration } = project;

  const start = (file: File | undefined) => {
    if (!file || busy) return;
    remove.reset();
    upload.mutate(file);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    start(event.dataTransfer.files[0]);
  };

  return (
    <section
      className={`template-form inspiration${dragging ? ' inspiration-dragging' : ''}`}
      aria-labelledby="inspiration-title"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h2 id="inspiration-title">Inspiration</h2>
      {inspiration && (
        <img
          className="inspiration-preview"
          src={inspiration.url}
          alt={`Inspiration image for ${project.name}`}
          width={inspiration.width}
          height={inspiration.height}
        />
      )}
      <div className="template-actions">
        <label htmlFor={inputId}>{inspiration ? 'Replace the inspiration image' : 'Inspiration image'}</label>
        <input
          id={inputId}
          type="file"
          accept="image/*"
          aria-describedby={hintId}
          disabled={busy}
          onChange={(event) => {
            start(event.target.files?.[0]);
            // Choosing the same file again after an error must upload it again.
            event.target.value = '';
          }}
        />
        {inspiration && (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => {
              upload.reset();
              remove.mutate();
            }}
          >
            Remove inspiration image
          </button>
        )}
      </div>
      <p id={hintId} className="template-hint">
        A PNG, JPEG or WebP up to 10 MB, or drop one here. It is stored upright and without its metadata (camera, location). Expand brief
        shows it to an OpenAI, Google or Anthropic language model when one is configured.
      </p>
      <p role="status" className="template-hint">
        {upload.isPending ? 'Uploading…' : remove.isPending ? 'Removing…' : ''}
      </p>
      <p role="alert" className="field-error">
        {error ? describeError(error) : ''}
      </p>
    </section>
  );
}
