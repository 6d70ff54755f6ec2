import type { Batch, BatchJob } from '@brandgen/client';

const statusWords: Record<BatchJob['status'], string> = {
  queued: 'Waiting',
  processing: 'Generating',
  complete: 'Done',
  failed: 'Failed',
};

export function isCancelled(job: BatchJob): boolean {
  return job.error?.code === 'cancelled';
}

/** A prompt's state in a word or two, with its images counted while it runs. */
export function jobStatus(job: BatchJob): string {
  if (isCancelled(job)) return 'Cancelled';
  if (job.status === 'processing') return `Generating, ${job.progress.done} of ${job.progress.total}`;
  return statusWords[job.status];
}

/** The batch as a whole in one sentence, read out as it changes. */
export function batchSummary(batch: Batch): string {
  const { jobs, images } = batch.progress;
  const counts = `${jobs.done} of ${jobs.total} prompts finished, ${images.done} of ${images.total} images ready`;
  if (batch.status === 'running') return `Working: ${counts}.`;
  if (batch.status === 'cancelled') return `Cancelled: ${counts}.`;
  if (batch.status === 'failed') return `Finished with failures: ${counts}.`;
  return `Done: ${counts}.`;
}
