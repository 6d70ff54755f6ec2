import type { JobGroupRef, JobRepository } from '../db/job-repository.ts';
import type { Job } from '../domain/job.ts';
import type { JobEvents } from './job-events.ts';
import { JobGroupStream, parseGroupCursor, type JobGroupStreamOptions } from './job-group-stream.ts';

export interface OpenJobGroupStreamOptions {
  events: JobEvents;
  jobs: Pick<JobRepository, 'listGroupJobIds' | 'newestGroupJobId'>;
  group: JobGroupRef;
  /** The client's Last-Event-ID, if it is resuming. */
  lastEventId: string | string[] | undefined | null;
  /** Reads a job as the client may see it. */
  readJob: (jobId: string) => Promise<Job>;
  /**
   * Where a fresh stream starts: `unfinished` follows only the jobs not finished when it opens (a project, which gathers
   * jobs for months); `all` sends every job of the group, finished ones as their state and end (a batch, whose jobs
   * are few and all made with it, so a client never misses the end of a job that finished as it connected).
   */
  fresh: 'unfinished' | 'all';
  onNewJob?: JobGroupStreamOptions['onNewJob'];
  catchUpMs?: number | undefined;
}

/** Opens a client's stream of a group's jobs (a project's, a batch's), resuming from its Last-Event-ID or fresh. */
export async function openJobGroupStream(options: OpenJobGroupStreamOptions): Promise<JobGroupStream> {
  const { events, jobs, group, readJob } = options;
  // Job ids sort by time: a cursor that knows of the newest job lists only the unfinished ones; one that knows none, all.
  const known = options.fresh === 'all' ? '' : await jobs.newestGroupJobId(group);
  const cursor = parseGroupCursor(options.lastEventId) ?? { known, positions: new Map() };
  return new JobGroupStream({
    cursor,
    openJob: (jobId, afterSequence) =>
      events.openStream(jobId, {
        lastEventId: afterSequence === undefined ? undefined : String(afterSequence),
        readJob: () => readJob(jobId),
      }),
    listJobs: (known, named) => jobs.listGroupJobIds(group, { afterId: known, named }),
    onNewJob: options.onNewJob,
    catchUpMs: options.catchUpMs,
  });
}
