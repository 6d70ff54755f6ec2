import type { z } from 'zod';
import { isFinished, progressOf } from '../domain/job.ts';
import type { Batch } from '../services/batch-service.ts';
import type { batchResponse } from './batch-schemas.ts';
import { imageUrl, thumbnailUrl } from './jobs/job-presenter.ts';

/** A batch with its jobs' progress summed, as the batch routes and a project's "generate all" answer it. */
export function presentBatch(batch: Batch): z.infer<typeof batchResponse> {
  const jobs = batch.jobs.map((job) => ({
    job_id: job.id,
    prompt: job.prompt,
    status: job.status,
    filed_at: job.filedAt,
    progress: progressOf(job.slots),
    error: job.error,
    slots: job.slots.map((slot) => ({
      n: slot.slot,
      status: slot.status,
      url: slot.status === 'ready' ? imageUrl(job.id, slot.slot) : null,
      thumbnail_url: slot.status === 'ready' ? thumbnailUrl(job.id, slot.slot) : null,
    })),
  }));
  const finished = batch.jobs.filter((job) => isFinished(job.status));
  // Running until every job is filed too, as `batch.completed` is sent then: its scores and thumbnails are all there.
  const running = batch.jobs.some((job) => job.filedAt === null);
  const failed = batch.jobs.some((job) => job.status === 'failed' && job.error?.code !== 'cancelled');
  return {
    id: batch.record.id,
    status: running ? 'running' : batch.record.cancelledAt ? 'cancelled' : failed ? 'failed' : 'complete',
    template_id: batch.record.templateId,
    created_at: batch.record.createdAt,
    cancelled_at: batch.record.cancelledAt,
    progress: {
      jobs: { done: finished.length, total: batch.jobs.length },
      images: {
        done: jobs.reduce((sum, job) => sum + job.progress.done, 0),
        total: jobs.reduce((sum, job) => sum + job.progress.total, 0),
      },
    },
    jobs,
    archive_url: `/api/batches/${batch.record.id}/archive`,
  };
}
