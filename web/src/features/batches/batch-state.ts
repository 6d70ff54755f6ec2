import type { Batch, BatchEvent, BatchJob, Job } from '@brandgen/client';
import { isFiled } from '../generate/job-state.ts';

const finishedStatuses: ReadonlySet<BatchJob['status']> = new Set(['complete', 'failed']);

export function isJobFinished(job: Pick<BatchJob, 'status'>): boolean {
  return finishedStatuses.has(job.status);
}

/**
 * Every job of the batch is filed: its images are all in the library, and the server's answer says how the batch ended
 * (complete, failed, cancelled).
 */
export function allJobsFiled(batch: Batch): boolean {
  return batch.jobs.every(isFiled);
}

/** A job as its stream describes it, in the contact sheet's shape; never moved back (an older state after a newer one). */
function fromStream(previous: BatchJob, job: Job): BatchJob {
  if (isJobFinished(previous) || job.progress.done < previous.progress.done) return withFiling(previous, job);
  return {
    ...previous,
    status: job.status,
    progress: job.progress,
    error: job.error ?? null,
    slots: job.slots.map(({ n, status, url, thumbnail_url }) => ({ n, status, url, thumbnail_url })),
    filed_at: job.filed_at,
  };
}

/** A finished job learns from its stream whether it is filed yet; once filed it stays so. */
function withFiling(previous: BatchJob, job: Job): BatchJob {
  if (typeof previous.filed_at === 'string' || previous.filed_at === job.filed_at) return previous;
  return { ...previous, filed_at: job.filed_at };
}

function changeJob(batch: Batch, jobId: string, change: (job: BatchJob) => BatchJob): Batch {
  if (!batch.jobs.some((job) => job.job_id === jobId)) return batch;
  const jobs = batch.jobs.map((job) => (job.job_id === jobId ? change(job) : job));
  const finished = jobs.filter(isJobFinished).length;
  const images = {
    done: jobs.reduce((sum, job) => sum + job.progress.done, 0),
    total: jobs.reduce((sum, job) => sum + job.progress.total, 0),
  };
  return { ...batch, jobs, progress: { jobs: { done: finished, total: jobs.length }, images } };
}

/** The batch with one event of its stream applied: a job's state, its progress, an image stored, or a job filed. */
export function applyBatchEvent(batch: Batch, event: BatchEvent): Batch {
  switch (event.type) {
    case 'state':
    case 'complete':
    case 'failed':
    case 'filed':
      return changeJob(batch, event.data.id, (job) => fromStream(job, event.data));
    case 'progress': {
      const { job_id, done, total } = event.data;
      return changeJob(batch, job_id, (job) =>
        isJobFinished(job) || done < job.progress.done ? job : { ...job, status: 'processing', progress: { done, total } },
      );
    }
    case 'image': {
      const { job_id, n, url, thumbnail_url } = event.data;
      return changeJob(batch, job_id, (job) => ({
        ...job,
        slots: job.slots.map((slot) => (slot.n === n ? { ...slot, status: 'ready', url, thumbnail_url } : slot)),
      }));
    }
    default:
      return batch;
  }
}
