import type { Job as ServerJob, JobProgress, JobSlot } from '@brandgen/client';

// The server's own constant (domain/, no I/O), not a copy that could drift from it.
import { IMAGES_PER_JOB } from '../../../../server/src/domain/job.ts';

/** A job as the page keeps it: the server's, plus how far each unfinished image has come (0..1), from `image_progress` events. */
export type Job = ServerJob & { image_fractions?: Record<number, number> };

/**
 * A slot the server has not described yet. Its seed is not known until the server's first event; nothing shows the
 * seed of a pending slot.
 */
function pendingSlot(n: number): JobSlot {
  return {
    n,
    status: 'pending',
    seed: 0,
    url: null,
    thumbnail_url: null,
    error: null,
    completed_at: null,
    brand_fit: null,
    brand_fit_reason: null,
  };
}

export function isFinished(job: Pick<Job, 'status'>): boolean {
  return job.status === 'complete' || job.status === 'failed';
}

/**
 * A job is filed a moment after it finishes: only then are its thumbnails there, its brand-fit scores known and its
 * images in the library. Nothing about it changes afterwards.
 */
export function isFiled(job: Pick<Job, 'filed_at'>): boolean {
  return job.filed_at !== null;
}

const statusRank = { queued: 0, processing: 1, complete: 2, failed: 2 } as const;

/**
 * SSE, polling and list refreshes all write the same cache entry and may arrive out of order; a slower
 * response must never move a job backwards (e.g. from "3 ready" to "2 ready", or from complete to processing).
 */
export function pickNewer(existing: Job | undefined, incoming: Job): Job {
  if (existing === undefined || existing.id !== incoming.id) return incoming;
  const existingRank = statusRank[existing.status];
  const incomingRank = statusRank[incoming.status];
  if (existingRank > incomingRank) return existing;
  if (existingRank === incomingRank && readyCount(existing) > readyCount(incoming)) return existing;
  // A job read just before it was filed must not take back its thumbnails and scores.
  if (isFiled(existing) && !isFiled(incoming)) return existing;
  return incoming;
}

function readyCount(job: Job): number {
  return Math.max(job.progress.done, job.slots.filter((slot) => slot.status === 'ready').length);
}

export function applyProgress(job: Job, progress: JobProgress): Job {
  if (isFinished(job) || progress.done < job.progress.done) return job;
  return { ...job, status: job.status === 'queued' ? 'processing' : job.status, progress };
}

/** Progress within one image, from models that report it (ComfyUI); never moves backwards. */
export function applyImageProgress(job: Job, progress: { n: number; fraction: number }): Job {
  const current = job.image_fractions?.[progress.n] ?? 0;
  if (progress.fraction <= current) return job;
  return { ...job, image_fractions: { ...job.image_fractions, [progress.n]: Math.min(1, progress.fraction) } };
}

/** Images ready plus the fractions of those still being made, for a progress bar that moves within an image. */
export function partialProgress(job: Job): number {
  const pending = job.slots.filter((slot) => slot.status === 'pending');
  return job.progress.done + pending.reduce((sum, slot) => sum + (job.image_fractions?.[slot.n] ?? 0), 0);
}

export function applyImage(job: Job, image: { n: number; url: string; thumbnail_url: string }): Job {
  const slots = job.slots.map((slot): JobSlot =>
    slot.n === image.n ? { ...slot, status: 'ready', url: image.url, thumbnail_url: image.thumbnail_url } : slot,
  );
  const images = slots.filter((slot) => slot.status === 'ready' && slot.url !== null).map((slot) => slot.url as string);
  const done = Math.max(job.progress.done, images.length);
  return {
    ...job,
    status: job.status === 'queued' ? 'processing' : job.status,
    slots,
    images,
    progress: { ...job.progress, done },
  };
}

/**
 * What a freshly accepted job looks like before the server's first event: lets its card appear the moment
 * the request succeeds. The server's `state` event replaces it within milliseconds.
 */
export function placeholderJob(options: { id: string; prompt: string; model: string; sourceJobId: string | null }): Job {
  return {
    id: options.id,
    prompt: options.prompt,
    final_prompt: options.prompt,
    negative_prompt: '',
    status: 'queued',
    model: options.model,
    user_id: '',
    seed: null,
    asset_type: 'product_illustration',
    preset: 'standard',
    size: '1024x1024',
    lora: null,
    // Unknown until the server's first event names the brand version the job was made with.
    brand_id: '',
    brand_version: 0,
    estimated_cost_usd: 0,
    created_at: new Date().toISOString(),
    started_at: null,
    completed_at: null,
    filed_at: null,
    progress: { done: 0, total: IMAGES_PER_JOB },
    images: [],
    slots: Array.from({ length: IMAGES_PER_JOB }, (_, n) => pendingSlot(n)),
    source_job_id: options.sourceJobId,
    refinement: null,
  };
}

/** The job's slots in slot order, a pending one for each the server has not described yet. */
export function slotsInOrder(job: Job): JobSlot[] {
  const count = job.progress.total || IMAGES_PER_JOB;
  return Array.from({ length: count }, (_, n): JobSlot => job.slots.find((slot) => slot.n === n) ?? pendingSlot(n));
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The sentence the live status line reads out for a job. */
export function describeJobStatus(job: Job): string {
  const slots = slotsInOrder(job);
  const ready = slots.filter((slot) => slot.status === 'ready').length;
  const failed = slots.filter((slot) => slot.status === 'failed').length;
  const total = job.progress.total || IMAGES_PER_JOB;
  switch (job.status) {
    case 'queued':
      return 'Waiting for the generator to start…';
    case 'processing':
      return `Generating… ${Math.max(ready, job.progress.done)} of ${total} images ready`;
    case 'complete':
      return `Done: ${plural(ready, 'image')} ready`;
    case 'failed': {
      const reason = job.error?.message ? ` ${job.error.message.trim().replace(/([^.!?])$/, '$1.')}` : '';
      if (ready > 0)
        return `Finished with problems: ${ready} of ${total} images ready, ${failed || total - ready} could not be made.${reason}`;
      return `Generation failed.${reason}`;
    }
  }
}
