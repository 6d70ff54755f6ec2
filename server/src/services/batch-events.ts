import type { JobRepository } from '../db/job-repository.ts';
import type { Job } from '../domain/job.ts';
import type { JobEvents } from './job-events.ts';
import type { JobGroupStream } from './job-group-stream.ts';
import { openJobGroupStream } from './open-job-group-stream.ts';

export interface BatchEventsOptions {
  events: JobEvents;
  jobs: JobRepository;
}

/**
 * The events of every job of a batch, as one stream. A batch's jobs are all stored with it, so unlike a project's
 * stream nothing needs announcing: a fresh stream sends every job as it is (a finished one as its state and its end)
 * and follows the others until each ends; a resumed one carries on where the client stood.
 */
export class BatchEvents {
  private readonly options: BatchEventsOptions;

  constructor(options: BatchEventsOptions) {
    this.options = options;
  }

  /** Opens a client's stream of the batch's jobs; `readJob` reads a job as the client may see it. */
  openStream(
    batchId: string,
    options: { lastEventId: string | string[] | undefined | null; readJob: (jobId: string) => Promise<Job> },
  ): Promise<JobGroupStream> {
    return openJobGroupStream({ ...options, events: this.options.events, jobs: this.options.jobs, group: { batchId }, fresh: 'all' });
  }
}
