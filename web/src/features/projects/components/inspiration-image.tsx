import type { Project } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';
import { FileDrop } from '../../../ui/file-drop.tsx';
import { useRemoveInspiration } from '../api/remove-inspiration.ts';
import { useUploadInspiration } from '../api/upload-inspiration.ts';
import './projects.css';

/** The project's inspiration image: choose or drop a file, see it, remove it. The server checks and cleans every upload. */
export function InspirationImage({ project }: { project: Project }) {
  const upload = useUploadInspiration(project.id);
  const remove = useRemoveInspiration(project.id);
  const busy = upload.isPending || remove.isPending;
  const error = upload.error ?? remove.error;
  const { inspiration } = project;

  const start = (file: File) => {
    if (busy) return;
    remove.reset();
    upload.mutate(file);
  };
  return (
    <section className="card inspiration" aria-labelledby="inspiration-title">
      <h2 id="inspiration-title">Inspiration</h2>
      <FileDrop
        label={inspiration ? 'Replace the inspiration image' : 'Choose an inspiration image'}
        accept="image/png,image/jpeg,image/webp"
        busy={busy}
        onFile={start}
        hint={
          <>
            A PNG, JPEG or WebP up to 10 MB, or drop one here. It is stored upright and without its metadata (camera, location). Expand
            brief shows it to an OpenAI, Google or Anthropic language model when one is configured.
          </>
        }
        status={upload.isPending ? 'Uploading…' : remove.isPending ? 'Removing…' : ''}
      >
        {inspiration && (
          <img
            className="inspiration-preview"
            src={inspiration.url}
            alt={`Inspiration image for ${project.name}`}
            width={inspiration.width}
            height={inspiration.height}
          />
        )}
      </FileDrop>
      {inspiration && (
        <div>
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
        </div>
      )}
      <p role="alert" className="field-error">
        {error ? describeError(error) : ''}
      </p>
    </section>
  );
}
