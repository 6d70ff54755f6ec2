import { NewBatchForm } from './new-batch-form.tsx';
import { BatchList } from './batch-list.tsx';
import './batch.css';

/** Start many sets at once, and see every batch, newest first, as a contact sheet with its progress. */
export function BatchPage() {
  return (
    <main className="page batch-page">
      <h1>Batch</h1>
      <NewBatchForm />
      <section className="batch-history" aria-labelledby="batch-history-title">
        <h2 id="batch-history-title" className="batch-history-title">
          Your batches
        </h2>
        <BatchList />
      </section>
    </main>
  );
}
