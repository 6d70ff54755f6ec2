import type { TrainingSet } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';
import { ConfirmAction } from '../../../ui/confirm-action.tsx';
import { useDeleteTrainingSet } from '../api/delete-training-set.ts';

/** Deletes a set and its pictures, after asking; the LoRAs already trained from it stay in the library. */
export function TrainingSetDelete({ set }: { set: TrainingSet }) {
  const remove = useDeleteTrainingSet();
  return (
    <>
      <ConfirmAction
        label="Delete the set"
        question={`Delete “${set.name}” and its ${set.images.length} pictures? This cannot be undone; the LoRAs trained from it stay in the library.`}
        confirmLabel="Delete it"
        pending={remove.isPending}
        onConfirm={(done) => remove.mutate({ brandId: set.brand_id, setId: set.id }, { onSuccess: done })}
      />
      {remove.isError && (
        <p className="field-error" role="alert">
          The set was not deleted. {describeError(remove.error)}
        </p>
      )}
    </>
  );
}
