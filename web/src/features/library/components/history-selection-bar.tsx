import type { LibraryImage } from '@brandgen/client';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { archiveUrl } from '../api/download-archive.ts';
import { useDeleteImages, type DeleteImagesResult } from '../../images/api/delete-images.ts';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import type { HistorySelection } from './use-history-selection.ts';

/** The server zips at most this many images at once. */
const MAX_ARCHIVE = 200;

interface HistorySelectionBarProps {
  /** The images loaded, which "Select all" selects. */
  images: readonly LibraryImage[];
  /** Whether older images are still to load (then "Select all" says it means those loaded). */
  hasMore: boolean;
  selectedIds: ReadonlySet<string>;
  selection: HistorySelection;
}

const images = (count: number) => `${count} ${count === 1 ? 'image' : 'images'}`;

/** In selection mode: select all, then download the selected as a ZIP or delete them (after asking), or clear. */
export function HistorySelectionBar({ images: loaded, hasMore, selectedIds, selection }: HistorySelectionBarProps) {
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<DeleteImagesResult | null>(null);
  const removal = useDeleteImages();
  const selectAllButton = useRef<HTMLButtonElement>(null);
  // The Delete button that opened the question goes with the selection; focus moves to "Select all" instead, once
  // the dialog has closed (while it is open, the page behind it cannot take focus).
  const focusAfterDelete = useRef(false);
  useEffect(() => {
    if (!focusAfterDelete.current || asking) return;
    focusAfterDelete.current = false;
    selectAllButton.current?.focus();
  });
  const count = selectedIds.size;
  const favorites = loaded.filter((image) => image.favorite && selectedIds.has(image.id)).length;
  const allSelected = loaded.length > 0 && loaded.every((image) => selectedIds.has(image.id));

  const confirm = () =>
    removal.mutate([...selectedIds], {
      onSuccess: (result) => {
        setOutcome(result);
        setAsking(false);
        // What could not be deleted stays selected, to try again.
        selection.replace(result.failed);
        focusAfterDelete.current = true;
      },
    });

  return (
    <div className="history-selection" role="group" aria-label="Selected images">
      <button ref={selectAllButton} type="button" className="button button-secondary" disabled={allSelected} onClick={selection.selectAll}>
        {hasMore ? `Select all ${loaded.length} loaded` : `Select all ${loaded.length}`}
      </button>
      {count > 0 && count <= MAX_ARCHIVE && (
        <a className="button button-primary" href={archiveUrl([...selectedIds])} download>
          Download {count} as ZIP
        </a>
      )}
      {count > MAX_ARCHIVE && <span className="history-selection-note">Download at most {MAX_ARCHIVE} at once as a ZIP.</span>}
      {count > 0 && (
        <button
          type="button"
          className="button button-secondary history-delete"
          onClick={() => {
            removal.reset();
            setOutcome(null);
            setAsking(true);
          }}
        >
          Delete {count}…
        </button>
      )}
      {count > 0 && (
        <button type="button" className="button button-secondary" onClick={() => selection.replace([])}>
          Clear selection
        </button>
      )}
      <DeleteOutcome outcome={outcome} />
      {asking && (
        <ConfirmDialog
          title={`Delete ${images(count)}?`}
          confirmLabel={`Delete ${images(count)}`}
          cancelLabel="Keep them"
          busyLabel={removal.isPending ? 'Deleting…' : undefined}
          error={removal.isError ? describeError(removal.error) : null}
          onConfirm={confirm}
          onCancel={() => setAsking(false)}
        >
          <p>{deleteWarning(count, favorites)}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** "All 3 images and their files go for good, one of them a favorite. This cannot be undone." */
function deleteWarning(count: number, favorites: number): string {
  const what = count === 1 ? 'The image and its files go' : `All ${count} images and their files go`;
  const starred =
    favorites === 0
      ? ''
      : count === 1
        ? ', although it is a favorite'
        : favorites === 1
          ? ', one of them a favorite'
          : `, ${favorites} of them favorites`;
  return `${what} for good${starred}. This cannot be undone.`;
}

function DeleteOutcome({ outcome }: { outcome: DeleteImagesResult | null }) {
  if (!outcome) return null;
  if (outcome.failed.length === 0) {
    return (
      <p className="history-selection-note" role="status">
        Deleted {images(outcome.deleted.length)}.
      </p>
    );
  }
  return (
    <p className="field-error" role="alert">
      Deleted {outcome.deleted.length} of {outcome.deleted.length + outcome.failed.length}; {images(outcome.failed.length)} could not be
      deleted and stay selected. {describeError(outcome.firstError)}
    </p>
  );
}
