import type { TrainingSet } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';
import { FileDrop } from '../../../ui/file-drop.tsx';
import { useAddTrainingImages } from '../api/add-training-images.ts';

const MAX_PICTURES = 50;

/** More pictures for a saved set, dropped or chosen, added at once: every one of them, or (when one is refused) none. */
export function TrainingSetAddPictures({ set }: { set: TrainingSet }) {
  const add = useAddTrainingImages();
  const added = add.isSuccess && !add.isPending ? add.variables.files.length : 0;
  return (
    <>
      <FileDrop
        label="Add pictures"
        accept="image/png,image/jpeg,image/webp"
        multiple
        busy={add.isPending}
        busyLabel="Adding the pictures…"
        onFiles={(files) => add.mutate({ brandId: set.brand_id, setId: set.id, files })}
        status={added > 0 ? `Added ${added} picture${added === 1 ? '' : 's'}.` : null}
        hint={`Or drop them here: PNG, JPEG or WebP, up to ${MAX_PICTURES - set.images.length} more. Brandgen removes their metadata and flags near-duplicates and pictures under 512 px.`}
      />
      {add.isError && (
        <p className="field-error" role="alert">
          No picture was added. {describeError(add.error)}
        </p>
      )}
    </>
  );
}
