import type { Batch, BatchJob } from '@brandgen/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../../api/api-error.ts';
import { cancelBatch, getBatch } from '../../api/batches.ts';
import { ProgressBar } from '../progress-bar.tsx';

const statusWords: Record<BatchJob['status'], string> = {
  queued: 'Waiting',
  processing: 'Generating',
  complete: 'Done',
  failed: 'Failed',
};

function jobStatus(job: BatchJob): string {
  if (job.error?.code === 'cancelled') return 'Cancelled';
  if (job.status === 'processing') return `Generating, ${job.progress.done} of ${job.progress.total}`;
  return statusWords[job.status];
}

function summary(batch: Batch): string {
  const { jobs, images } = batch.progress;
  const counts = `${jobs.done} of ${jobs.total} prompts finished, ${images.done} of ${images.total} images ready`;
  if (batch.status === 'running') return `Working: ${counts}.`;
  if (batch.status === 'cancelled') return `Cancelled: ${counts}.`;
  if (batch.status === 'failed') return `Finished with failures: ${counts}.`;
  return `Done: ${counts}.`;
}

/** A batch's overall progress, each job's status, and its two actions: cancel the rest, download everything. */
export function BatchProgress({ batchId }: { batchId: string }) {
  const queryClient = useQueryClient();
  const batch = useQuery({
    queryKey: ['batch', batchId],
    queryFn: ({ signal }) => getBatch(batchId, signal),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1_000 : false),
  });
  const cancel = useMutation({
    mutationFn: () => cancelBatch(batchId),
    onSuccess: (updated) => queryClient.setQueryData(['batch', batchId], updated),
  });
  if (batch.isPending) return <p>Loading the batch…</p>;
  if (batch.isError) return <p className="field-error">The batch could not be loaded. {describeError(batch.error)}</p>;
  const data = batch.data;
  const { images } = data.progress;
  return (
    <section className="batch-progress" aria-labelledby="batch-progress-title">
      <h2 id="batch-progress-title">Batch of {data.jobs.length}</h2>
      <p role="status" aria-live="polite" className="batch-summary">
        {summary(data)}
      </p>
      <ProgressBar done={images.done} total={images.total} label="Images ready in this batch" />
      <div className="batch-actions">
        {data.status === 'running' && (
          <button type="button" className="button button-secondary" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
            Cancel the rest
          </button>
        )}
        {images.done > 0 && (
          <a className="button button-primary" href={data.archive_url} download>
            Download all as ZIP
          </a>
        )}
      </div>
      {cancel.isError && <p className="field-error">{describeError(cancel.error)}</p>}
      <ol className="batch-jobs">
        {data.jobs.map((job) => (
          <li key={job.job_id} className="batch-job" data-status={job.error?.code === 'cancelled' ? 'cancelled' : job.status}>
            <span className="batch-job-prompt">{job.prompt}</span>
            <span className="batch-job-status">{jobStatus(job)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
