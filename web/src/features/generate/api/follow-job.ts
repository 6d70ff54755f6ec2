import type { FollowJobOptions as ClientFollowOptions, JobEvent } from '@brandgen/client';
import { brandgen } from '../../../api/client.ts';
import { readEvents } from '../../../api/read-events.ts';
import { takeStreamPlace } from '../../../api/stream-budget.ts';
import { applyImage, applyImageProgress, applyProgress, isFiled, pickNewer, type Job } from '../job-state.ts';

/** Where a job's events come from: the client's followJob (SSE, resumed after drops, polling as the fallback). */
export type FollowEvents = (jobId: string, options: ClientFollowOptions) => AsyncIterable<JobEvent>;

export interface FollowJobOptions {
  jobId: string;
  /** The cached job right now. */
  read: () => Job | undefined;
  /** Applies a change to the cached job; the cache is the single place both SSE and polling write to. */
  update: (change: (job: Job | undefined) => Job | undefined) => void;
  follow?: FollowEvents;
  pollIntervalMilliseconds?: number;
  /** Called when the job is filed: its images and their brand-fit scores are in the library from then on. */
  onFiled?: () => void;
}

export const POLL_INTERVAL_MILLISECONDS = 2000;

// After a reload with many unfinished jobs, the jobs past the app's stream places are polled.
export { MAX_OPEN_STREAMS, openStreamCount } from '../../../api/stream-budget.ts';

function apply(options: FollowJobOptions, event: JobEvent): void {
  switch (event.type) {
    case 'state':
    case 'complete':
    case 'failed': {
      const job = event.data;
      if (job.id === options.jobId) options.update((existing) => pickNewer(existing, job));
      return;
    }
    case 'filed': {
      const job = event.data;
      if (job.id !== options.jobId) return;
      options.update((existing) => pickNewer(existing, job));
      options.onFiled?.();
      return;
    }
    case 'progress': {
      const progress = event.data;
      options.update((job) => (job === undefined ? job : applyProgress(job, progress)));
      return;
    }
    case 'image_progress': {
      const progress = event.data;
      options.update((job) => (job === undefined ? job : applyImageProgress(job, progress)));
      return;
    }
    case 'image': {
      const image = event.data;
      options.update((job) => (job === undefined ? job : applyImage(job, image)));
      return;
    }
  }
}

/**
 * Keeps one job's cache entry current until it is filed (a moment after it completes or fails, with the thumbnails and
 * brand-fit scores), from the client's event iterator. Returns a function that stops following.
 */
export function followJob(options: FollowJobOptions): () => void {
  const current = options.read();
  if (current !== undefined && isFiled(current)) return () => {};
  const follow = options.follow ?? brandgen.followJob;
  const stop = new AbortController();
  const place = takeStreamPlace();
  const release = place ?? (() => {});
  const events = follow(options.jobId, {
    signal: stop.signal,
    transport: place ? 'auto' : 'poll',
    pollIntervalMs: options.pollIntervalMilliseconds ?? POLL_INTERVAL_MILLISECONDS,
    // Polling holds no connection open.
    onFallback: release,
  });
  return readEvents({ events, stop, onEvent: (event) => apply(options, event), release });
}
