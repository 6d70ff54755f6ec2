import { progressOf, type Job } from '../domain/job.ts';
import type { JobResponse } from './schemas.ts';

export function imageUrl(jobId: string, slot: number): string {
  return `/api/jobs/${jobId}/images/${slot}`;
}

export function presentJob(job: Job): JobResponse {
  const slots = job.slots.map((slot) => ({
    n: slot.slot,
    status: slot.status,
    seed: slot.seed,
    url: slot.status === 'ready' ? imageUrl(job.id, slot.slot) : null,
    error: slot.errorMessage,
    completed_at: slot.completedAt,
  }));
  return {
    id: job.id,
    prompt: job.prompt,
    final_prompt: job.finalPrompt,
    negative_prompt: job.negativePrompt,
    status: job.status,
    model: job.model,
    user_id: job.userId,
    seed: job.settings.seed,
    created_at: job.createdAt,
    started_at: job.startedAt,
    completed_at: job.completedAt,
    progress: progressOf(job.slots),
    images: slots.flatMap((slot) => (slot.url ? [slot.url] : [])),
    slots,
    source_job_id: job.sourceJobId,
    ...(job.error && { error: job.error }),
  };
}
