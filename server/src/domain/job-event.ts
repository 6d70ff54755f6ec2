import type { JobError, JobProgress, JobStatus } from './job.ts';

/** What happened to a job, by type; each type carries its own data, so readers narrow on `type` and never cast. */
export type JobEventBody =
  | { type: 'state'; data: { status: JobStatus; progress: JobProgress } }
  | { type: 'progress'; data: JobProgress }
  | { type: 'image'; data: { n: number } }
  /** From models that report progress within one image (ComfyUI). */
  | { type: 'image_progress'; data: { n: number; fraction: number } }
  | { type: 'complete'; data: Record<string, never> }
  | { type: 'failed'; data: { error?: JobError } }
  /** After `complete` or `failed`: the images are scored and in the library; nothing about the job changes after it. */
  | { type: 'filed'; data: Record<string, never> };

export type JobEventType = JobEventBody['type'];

/** An event as it travels: numbered within its job, in the order it was stored. */
export type JobEvent = JobEventBody & { jobId: string; sequence: number };

/** The event that ends a job, as stored with its final state. */
export function finishedEvent(status: 'complete' | 'failed', error: JobError | null): JobEventBody {
  return status === 'complete' ? { type: 'complete', data: {} } : { type: 'failed', data: error ? { error } : {} };
}
