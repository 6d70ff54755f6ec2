import type { JobRepository } from '../db/job-repository.ts';
import type { Job } from '../domain/job.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { JobEvents } from './job-events.ts';
import type { JobGroupStream } from './job-group-stream.ts';
import { openJobGroupStream } from './open-job-group-stream.ts';

export interface ProjectEventsOptions {
  events: JobEvents;
  jobs: JobRepository;
  bus: EventBus;
  /** With a bus that can drop messages (Redis), how often an open project stream reads the project's jobs again. */
  catchUpMs?: number | undefined;
  onPublishError?: (error: unknown) => void;
}

/** The events of every job of a project, as one stream: each job's own events, with jobs joining as they are stored. */
export class ProjectEvents {
  private readonly options: ProjectEventsOptions;

  constructor(options: ProjectEventsOptions) {
    this.options = options;
  }

  /** Tells the project's open streams, in every process, about jobs just stored. */
  async announce(jobs: readonly Job[]): Promise<void> {
    const onError = this.options.onPublishError ?? (() => {});
    for (const job of jobs) {
      // The job is stored: a lost announcement only delays it until a stream's next catch-up or reconnection.
      if (job.settings.projectId !== undefined) await this.options.bus.announceProjectJob(job.settings.projectId, job.id).catch(onError);
    }
  }

  /**
   * Opens a client's stream of a project's jobs, resuming from its Last-Event-ID or, fresh, at the project's newest
   * job (only jobs not finished by then are followed); `readJob` reads a job as the client may see it.
   */
  async openStream(
    projectId: string,
    options: { lastEventId: string | string[] | undefined | null; readJob: (jobId: string) => Promise<Job> },
  ): Promise<JobGroupStream> {
    const { events, jobs, bus, catchUpMs } = this.options;
    return openJobGroupStream({
      ...options,
      events,
      jobs,
      group: { projectId },
      fresh: 'unfinished',
      onNewJob: (listener) => bus.onProjectJob(projectId, listener),
      catchUpMs,
    });
  }
}
