import { describeError } from '../../../api/api-error.ts';
import { useBatches } from '../api/list-batches.ts';
import { BatchSheet } from './batch-sheet.tsx';

/** Every batch the user started, newest first, each as a contact sheet; older ones a page at a time. */
export function BatchList() {
  const batches = useBatches();
  if (batches.isPending) return <p className="batch-list-note">Loading your batches…</p>;
  if (batches.isError) return <p className="field-error">Your batches could not be loaded. {describeError(batches.error)}</p>;
  const all = batches.data.pages.flatMap((page) => page.batches);
  if (all.length === 0) {
    return <p className="batch-list-note">No batches yet. The ones you start appear here, each with its images.</p>;
  }
  return (
    <div className="batch-list">
      {all.map((batch) => (
        <BatchSheet key={batch.id} batch={batch} />
      ))}
      {batches.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          disabled={batches.isFetchingNextPage}
          onClick={() => void batches.fetchNextPage()}
        >
          {batches.isFetchingNextPage ? 'Loading…' : 'Show older batches'}
        </button>
      )}
    </div>
  );
}
