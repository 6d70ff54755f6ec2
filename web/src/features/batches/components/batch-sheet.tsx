import type { Batch } from '@brandgen/client';
import { useId, useState } from 'react';
import { describeError } from '../../../api/api-error.ts';
import { ProgressBar } from '../../../ui/progress-bar.tsx';
import { formatJobTime } from '../../../format/format-job-time.ts';
import { useCancelBatch } from '../api/cancel-batch.ts';
import { useLiveBatch } from '../api/get-batch.ts';
import { batchSummary } from './batch-words.ts';
import { BatchRow } from './batch-row.tsx';
import { useBatchViewer } from './use-batch-viewer.tsx';

/** Long batches show this many prompts until asked for the rest, so the list of batches stays a list. */
const ROWS_SHOWN = 10;

/** One batch as a contact sheet: its progress in place while it runs, its two actions, a row per prompt. */
export function BatchSheet({ batch: listed }: { batch: Batch }) {
  const batch = useLiveBatch(listed).data;
  const titleId = useId();
  const cancel = useCancelBatch(batch.id);
  const viewer = useBatchViewer(batch);
  const [showAll, setShowAll] = useState(false);
  const { images } = batch.progress;
  const rows = showAll ? batch.jobs : batch.jobs.slice(0, ROWS_SHOWN);
  return (
    <section className="card batch-sheet" aria-labelledby={titleId} data-batch-id={batch.id} data-status={batch.status}>
      <header className="batch-sheet-header">
        <div>
          <h2 id={titleId}>Batch of {batch.jobs.length}</h2>
          <p className="batch-sheet-meta">
            {batch.template_id ? 'From a template · ' : ''}Started{' '}
            <time dateTime={batch.created_at}>{formatJobTime(batch.created_at)}</time>
          </p>
        </div>
        <div className="batch-actions">
          {batch.status === 'running' && (
            <button type="button" className="button button-secondary" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
              Cancel the rest
            </button>
          )}
          {images.done > 0 && (
            <a className="button button-primary" href={batch.archive_url} download>
              Download all as ZIP
            </a>
          )}
        </div>
      </header>
      <p role="status" className="batch-summary">
        {batchSummary(batch)}
      </p>
      {batch.status === 'running' && <ProgressBar done={images.done} total={images.total} label="Images ready in this batch" />}
      {cancel.isError && <p className="field-error">{describeError(cancel.error)}</p>}
      <ol className="batch-rows">
        {rows.map((job) => (
          <BatchRow key={job.job_id} job={job} onOpen={viewer.open} />
        ))}
      </ol>
      {rows.length < batch.jobs.length && (
        <button type="button" className="button button-secondary" onClick={() => setShowAll(true)}>
          Show all {batch.jobs.length} prompts
        </button>
      )}
      {viewer.element}
    </section>
  );
}
