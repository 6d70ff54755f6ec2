import type { Brand } from '@brandgen/client';
import { describeError } from '../../../api/api-error.ts';
import { ConfirmAction } from '../../../ui/confirm-action.tsx';
import { useDeleteBrand } from '../api/delete-brand.ts';

/**
 * Deleting a brand: asked twice, and answered in words — removed, archived (older jobs keep it), or refused with the
 * server's reason (this month's jobs or a project still use it).
 */
export function DeleteBrand({ brand, onGone }: { brand: Brand; onGone: (result: 'deleted' | 'archived') => void }) {
  const remove = useDeleteBrand();
  if (brand.is_default) {
    return <p className="form-field-hint">This is the default brand: jobs that name no brand use it, so it cannot be deleted.</p>;
  }
  return (
    <div className="brands-delete">
      <ConfirmAction
        label="Delete brand…"
        question={`Delete “${brand.name}”? If jobs were made with it before this month, it is archived instead: those jobs keep it, and it takes no new jobs.`}
        confirmLabel="Delete brand"
        cancelLabel="Keep it"
        pending={remove.isPending}
        onConfirm={(done) =>
          // The promise rather than mutate's callbacks: once the list is refreshed without the brand, this component is
          // gone, and mutate's callbacks would no longer run to tell the page.
          void remove
            .mutateAsync(brand.id)
            .then(
              (answer) => onGone(answer.result),
              () => {},
            )
            .finally(done)
        }
      />
      {remove.isError && (
        <p className="field-error" role="alert">
          {describeError(remove.error)}
        </p>
      )}
    </div>
  );
}
