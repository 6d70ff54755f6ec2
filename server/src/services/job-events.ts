import type { JobRepository, StoredJobEvent } from '../db/job-repository.ts';
import type { JobEventBody } from '../domain/job-event.ts';
import type { EventBus, JobEvent } from '../events/event-bus.ts';
import type { Clock } from './clock.ts';
import type { Job } from '../domain/job.ts';
import { eventOf, FollowedStreams } from './followed-job.ts';
import { JobStream, resumePosition } from './job-stream.ts';

export interface FollowOptions {
  /** Replays stored events after this sequence number before live ones (SSE `Last-Event-ID`). */
  afterSequence: number;
  onEvent: (event: JobEvent) => void;
}

export interface JobEventsOptions {
  repository: JobRepository;
  bus: EventBus;
  clock: Clock;
  /**
   * With a bus that can drop messages (Redis pub/sub during a Redis restart), this process checks this often, in one
   * read for all the jobs it streams, whether the store holds events its followers lack.
   */
  catchUpMs?: number;
  onPublishError?: (error: unknown) => void;
}

/** Every job event is stored (for resuming streams) and then broadcast (for live streams). */
export class JobEvents {
  private readonly repository: JobRepository;
  private readonly bus: EventBus;
  private readonly clock: Clock;

  private readonly catchUpMs: number | undefined;
  private readonly onPublishError: (error: unknown) => void;
  /** The jobs this process streams, each with its followers. */
  private readonly followed: FollowedStreams<JobEvent>;
  private catchUpTimer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(options: JobEventsOptions) {
    this.repository = options.repository;
    this.bus = options.bus;
    this.clock = options.clock;
    this.catchUpMs = options.catchUpMs;
    this.onPublishError = options.onPublishError ?? (() => {});
    this.followed = new FollowedStreams<JobEvent>({
      readAfter: async (jobId, after) => (await this.repository.listEventsAfter(jobId, after)).map((stored) => eventOf(jobId, stored)),
      subscribe: (jobId, listener) => this.bus.subscribe(jobId, listener),
      onBusy: (busy) => (busy ? this.startCatchUp() : this.stopCatchUp()),
    });
  }

  /** Stores an event and broadcasts it. */
  async emit(jobId: string, event: JobEventBody): Promise<void> {
    await this.broadcast(jobId, [await this.repository.appendEvent(jobId, { ...event, createdAt: this.clock.now() })]);
  }

  /** Broadcasts events already stored together with the change they announce. */
  async broadcast(jobId: string, stored: readonly StoredJobEvent[]): Promise<void> {
    // The events are stored: a failed broadcast only delays live followers until the next catch-up.
    for (const event of stored) {
      await this.bus.publish(eventOf(jobId, event)).catch(this.onPublishError);
    }
  }

  /**
   * Opens a client's stream of a job. Where the job's events stand is read before the job itself, so no event falls
   * between the two; `readJob` reads the job as the client may see it (and refuses one it may not).
   */
  async openStream(
    jobId: string,
    options: { lastEventId: string | string[] | undefined | null; readJob: () => Promise<Job> },
  ): Promise<JobStream> {
    const snapshotSequence = await this.repository.latestEventSequence(jobId);
    const job = await options.readJob();
    return new JobStream({
      job,
      snapshotSequence,
      resumeFrom: resumePosition(options.lastEventId),
      readJob: options.readJob,
      follow: (afterSequence, onEvent) => this.follow(jobId, { afterSequence, onEvent }),
    });
  }

  /**
   * Delivers stored events after `afterSequence`, then live ones, each once and in order.
   * It subscribes before reading the store so that no event can fall between the two.
   */
  follow(jobId: string, options: FollowOptions): Promise<() => void> {
    return this.followed.follow(jobId, options.afterSequence, options.onEvent);
  }

  private startCatchUp(): void {
    if (this.catchUpMs === undefined || this.catchUpTimer) return;
    this.catchUpTimer = setInterval(() => void this.checkForMissedEvents(), this.catchUpMs);
    this.catchUpTimer.unref();
  }

  private stopCatchUp(): void {
    clearInterval(this.catchUpTimer);
    this.catchUpTimer = undefined;
  }

  /** One read of the latest sequence of every followed job; only jobs whose followers lack events are read in full. */
  private async checkForMissedEvents(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const jobs = [...this.followed.all()].filter((job) => job.delivered !== undefined);
      if (jobs.length === 0) return;
      const latest = await this.repository.latestEventSequences(jobs.map((job) => job.jobId));
      for (const job of jobs) {
        const delivered = job.delivered;
        if (delivered !== undefined && (latest.get(job.jobId) ?? 0) > delivered) job.catchUp();
      }
    } catch {
      // The database is away too: the next tick tries again.
    } finally {
      this.checking = false;
    }
  }
}
