import type { LibraryImage } from '@brandgen/client';
import { useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { useDeleteImage } from '../api/delete-image.ts';

interface DeleteImageProps {
  image: LibraryImage;
  /** Called once the server has deleted it: the viewer shows a neighbour, or closes. */
  onDeleted: () => void;
}

/** Delete, asked twice: the file goes for good, so the second step says so and offers to keep it. */
export function DeleteImage({ image, onDeleted }: DeleteImageProps) {
  const [asking, setAsking] = useState(false);
  const removal = useDeleteImage();
  if (!asking) {
    return (
      <button type="button" className="button button-secondary image-viewer-delete" onClick={() => setAsking(true)}>
        Delete…
      </button>
    );
  }
  return (
    <div className="image-viewer-confirm" role="group" aria-labelledby={`delete-question-${image.id}`}>
      <p id={`delete-question-${image.id}`}>
        Delete this image for good? Its file and thumbnail go too{image.favorite ? ', although it is a favorite' : ''}; this cannot be
        undone.
      </p>
      <div className="image-viewer-actions">
        <button
          type="button"
          className="button button-danger"
          autoFocus
          disabled={removal.isPending}
          onClick={() => removal.mutate(image.id, { onSuccess: onDeleted })}
        >
          {removal.isPending ? 'Deleting…' : 'Delete image'}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
          Keep it
        </button>
      </div>
      {removal.isError && (
        <p className="field-error" role="alert">
          {describeError(removal.error)}
        </p>
      )}
    </div>
  );
}
